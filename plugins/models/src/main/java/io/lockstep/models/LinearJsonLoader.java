package io.lockstep.models;

import io.lockstep.engine.LinearModel;
import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;

import java.nio.file.Path;

/**
 * {@code model.kind = linear-json}: the engine's {@link LinearModel} ({@code intercept + w[0] f[0] + ...}, summed
 * left to right) from a {@link LinearJson} file, which also names the features.
 */
public final class LinearJsonLoader implements ModelLoader
{
    public String kind()
    {
        return "linear-json";
    }

    public Model load(final Path file)
    {
        final LinearJson linear = LinearJson.read(file, kind());
        return new NamedModel(new LinearModel(linear.intercept(), linear.weights()), linear.features());
    }
}
