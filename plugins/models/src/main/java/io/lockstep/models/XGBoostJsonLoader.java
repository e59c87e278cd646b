package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;

import java.nio.file.Path;

/** {@code model.kind = xgboost-json}: a model saved by XGBoost's {@code save_model("model.json")}. */
public final class XGBoostJsonLoader implements ModelLoader
{
    public String kind()
    {
        return "xgboost-json";
    }

    public Model load(final Path file)
    {
        return XGBoostJson.load(file);
    }
}
