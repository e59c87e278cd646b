package io.lockstep.engine.monitor;

import io.lockstep.engine.model.ColumnDistribution;

/**
 * One column's live values, binned at its training reference's edges, against which it measures the population
 * stability index. Sums run in sequence order, so a report recomputed offline from the same records is the same
 * to the last bit.
 */
final class LiveColumn
{
    /** An empty bin counts as this fraction, so that the index stays finite (the usual convention). */
    static final double FLOOR = 1e-4;

    private final ColumnDistribution reference;
    private final long[] counts = new long[ColumnDistribution.BINS];
    private long values;
    private long present;
    private double sum;

    LiveColumn(final ColumnDistribution reference)
    {
        this.reference = reference;
    }

    void add(final double value)
    {
        counts[ColumnDistribution.bin(reference.edges(), value)]++;
        values++;
        if (!Double.isNaN(value))
        {
            present++;
            sum += value;
        }
    }

    /**
     * @return the population stability index, sum over bins of (live - reference) * ln(live / reference), each
     * fraction floored at {@link #FLOOR}; NaN before the first value.
     */
    double psi()
    {
        if (values == 0)
        {
            return Double.NaN;
        }
        double psi = 0;
        for (int bin = 0; bin < ColumnDistribution.BINS; bin++)
        {
            final double live = Math.max((double)counts[bin] / values, FLOOR);
            final double expected = Math.max(reference.fraction(bin), FLOOR);
            psi += (live - expected) * StrictMath.log(live / expected);
        }
        return psi;
    }

    double mean()
    {
        return present == 0 ? Double.NaN : sum / present;
    }

    double missingFraction()
    {
        return values == 0 ? Double.NaN : (double)(values - present) / values;
    }

    ColumnDistribution reference()
    {
        return reference;
    }
}
