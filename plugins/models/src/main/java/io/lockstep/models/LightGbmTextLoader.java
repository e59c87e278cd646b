package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;

import java.nio.file.Path;

/** {@code model.kind = lightgbm-text}: a model saved by LightGBM's {@code booster.save_model("model.txt")}. */
public final class LightGbmTextLoader implements ModelLoader
{
    public String kind()
    {
        return "lightgbm-text";
    }

    public Model load(final Path file)
    {
        return LightGbmText.load(file);
    }
}
