package io.lockstep.models;

import io.lockstep.engine.LinearModel;
import io.lockstep.engine.spi.Model;

import java.util.List;

/**
 * Logistic regression: {@code 1 / (1 + StrictMath.exp(-z))} in double, where {@code z} is the engine's
 * {@link LinearModel} margin ({@code intercept + w[0] f[0] + ...}, summed left to right). {@link StrictMath} makes
 * the result the same on every JVM, so replay is bit-exact. NaN in any feature gives NaN; a margin beyond about
 * ±745 saturates to exactly 0 or 1. Zero allocation per prediction.
 */
public final class LogisticModel implements Model
{
    private final LinearModel margin;
    private final List<String> featureNames;

    /**
     * @param featureNames one per weight, in order, or empty when unknown.
     */
    public LogisticModel(final double intercept, final double[] weights, final List<String> featureNames)
    {
        if (!featureNames.isEmpty() && featureNames.size() != weights.length)
        {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + weights.length +
                " weights");
        }
        this.margin = new LinearModel(intercept, weights);
        this.featureNames = List.copyOf(featureNames);
    }

    public int featureCount()
    {
        return margin.featureCount();
    }

    public List<String> featureNames()
    {
        return featureNames;
    }

    public double predict(final double[] features)
    {
        return 1.0 / (1.0 + StrictMath.exp(-margin.predict(features)));
    }
}
