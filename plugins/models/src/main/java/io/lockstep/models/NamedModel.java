package io.lockstep.models;

import io.lockstep.engine.spi.Model;

import java.util.List;

/**
 * A model with the feature names of the file it came from, for a model class that has none (the engine's
 * {@link io.lockstep.engine.LinearModel}): the engine then refuses it against a graph whose outputs differ.
 */
final class NamedModel implements Model
{
    private final Model model;
    private final List<String> featureNames;

    /**
     * @param featureNames one per feature the model reads, as its loader has checked.
     */
    NamedModel(final Model model, final List<String> featureNames)
    {
        this.model = model;
        this.featureNames = List.copyOf(featureNames);
    }

    public int featureCount()
    {
        return model.featureCount();
    }

    public List<String> featureNames()
    {
        return featureNames;
    }

    public double predict(final double[] features)
    {
        return model.predict(features);
    }
}
