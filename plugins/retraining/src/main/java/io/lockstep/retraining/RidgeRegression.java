package io.lockstep.retraining;

import java.util.ArrayList;
import java.util.List;

/**
 * Ridge regression of a label on features, fitted from rows given in a fixed order, so the same rows give the same
 * weights to the last bit. Means and co-moments are updated row by row (Welford's method), which stays accurate for
 * features of very different scales (an order-flow sum in the hundreds beside a return of 1e-5). The penalty applies
 * to the standardised features, so it weighs them alike, and not to the intercept. A feature constant over the rows
 * says nothing about the label: its weight is 0.
 */
final class RidgeRegression
{
    /** The fitted model: {@code intercept + sum(weights[i] * x[i])}, summed in feature order. */
    record Fit(double intercept, double[] weights, List<Integer> constantFeatures)
    {
        double predict(final double[] features)
        {
            double sum = intercept;
            for (int i = 0; i < weights.length; i++)
            {
                sum += weights[i] * features[i];
            }
            return sum;
        }
    }

    private final List<String> names;
    private final int features;
    private final int dimensions;
    private final double[] mean;
    private final double[] before;
    private final double[] after;
    /** Sums of products of deviations from the mean, upper triangle of a dimensions x dimensions matrix. */
    private final double[] comoment;
    private long rows;

    /** @param names the features, named in errors. */
    RidgeRegression(final List<String> names)
    {
        this.names = names;
        this.features = names.size();
        this.dimensions = features + 1;
        this.mean = new double[dimensions];
        this.before = new double[dimensions];
        this.after = new double[dimensions];
        this.comoment = new double[dimensions * dimensions];
    }

    /** @param x finite feature values; @param y its finite label. */
    void add(final double[] x, final double y)
    {
        rows++;
        for (int i = 0; i < dimensions; i++)
        {
            final double value = i < features ? x[i] : y;
            before[i] = value - mean[i];
            mean[i] += before[i] / rows;
            after[i] = value - mean[i];
        }
        for (int i = 0; i < dimensions; i++)
        {
            for (int j = i; j < dimensions; j++)
            {
                comoment[i * dimensions + j] += before[i] * after[j];
            }
        }
    }

    long rows()
    {
        return rows;
    }

    /**
     * Solve {@code (C + ridge I) w = c} for the standardised features, C their correlation matrix and c their
     * covariance with the label over its standard deviation per feature, by Cholesky decomposition; then undo the
     * standardisation.
     *
     * @throws IllegalStateException with fewer rows than features plus two, a constant label, or, without a
     *                               ridge, features that are linear combinations of each other.
     */
    Fit fit(final double ridge)
    {
        if (rows < features + 2)
        {
            throw new IllegalStateException(rows + " training rows for " + features + " features: too few to fit");
        }
        if (!(comoment[features * dimensions + features] > 0))
        {
            throw new IllegalStateException("the label is the same on all " + rows + " training rows: nothing to fit");
        }
        final double[] scale = new double[features];
        final List<Integer> constant = new ArrayList<>();
        final List<Integer> active = new ArrayList<>();
        for (int i = 0; i < features; i++)
        {
            scale[i] = Math.sqrt(comoment[i * dimensions + i] / rows);
            if (scale[i] > 0)
            {
                active.add(i);
            }
            else
            {
                constant.add(i);
            }
        }
        final int k = active.size();
        final double[] a = new double[k * k];
        final double[] b = new double[k];
        for (int r = 0; r < k; r++)
        {
            final int i = active.get(r);
            for (int c = 0; c < k; c++)
            {
                final int j = active.get(c);
                a[r * k + c] = moment(i, j) / (rows * scale[i] * scale[j]) + (r == c ? ridge : 0);
            }
            b[r] = moment(i, features) / (rows * scale[i]);
        }
        final double[] standardised;
        try
        {
            standardised = Cholesky.solve(a, b, k);
        }
        catch (final Cholesky.NotPositiveDefinite ex)
        {
            throw new IllegalStateException("feature " + names.get(active.get(ex.row)) + " is a linear " +
                "combination of the features before it: give a ridge above 0");
        }
        final double[] weights = new double[features];
        double intercept = mean[features];
        for (int r = 0; r < k; r++)
        {
            final int i = active.get(r);
            weights[i] = standardised[r] / scale[i];
            intercept -= weights[i] * mean[i];
        }
        return new Fit(intercept, weights, List.copyOf(constant));
    }

    private double moment(final int i, final int j)
    {
        return i <= j ? comoment[i * dimensions + j] : comoment[j * dimensions + i];
    }
}
