package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;

import java.nio.file.Path;

/** {@code model.kind = logistic-json}: a {@link LogisticModel} from a {@link LinearJson} file. */
public final class LogisticJsonLoader implements ModelLoader
{
    public String kind()
    {
        return "logistic-json";
    }

    public Model load(final Path file)
    {
        final LinearJson linear = LinearJson.read(file, kind());
        return new LogisticModel(linear.intercept(), linear.weights(), linear.features());
    }
}
