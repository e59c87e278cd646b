package io.lockstep.engine;

import io.lockstep.engine.spi.Model;

/**
 * {@code intercept + w[0] f[0] + w[1] f[1] + ...}, summed left to right in that order; NaN when any feature it
 * reads is NaN. The stand-in champion until model artifacts land.
 */
public final class LinearModel implements Model
{
    private final double intercept;
    private final double[] weights;

    public LinearModel(final double intercept, final double[] weights)
    {
        this.intercept = intercept;
        this.weights = weights.clone();
    }

    public int featureCount()
    {
        return weights.length;
    }

    public double predict(final double[] features)
    {
        double sum = intercept;
        for (int i = 0; i < weights.length; i++)
        {
            sum += weights[i] * features[i];
        }
        return sum;
    }
}
