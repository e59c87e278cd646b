package io.lockstep.features.ops;

/**
 * Neumaier's compensated summation: adds and removes keep a running error term, so a rolling sum over millions
 * of updates stays within a few ulps of the exact sum of its window. Fixed operation order, so deterministic.
 */
public final class CompensatedSum
{
    private double sum;
    private double compensation;

    public void add(final double value)
    {
        final double t = sum + value;
        if (Math.abs(sum) >= Math.abs(value))
        {
            compensation += (sum - t) + value;
        }
        else
        {
            compensation += (value - t) + sum;
        }
        sum = t;
    }

    public double value()
    {
        return sum + compensation;
    }

    /**
     * @return whether the sum overflowed: finite values whose squares or sums pass Double.MAX_VALUE leave it
     * infinite, and NaN once they leave (infinity minus infinity), until it is recomputed.
     */
    public boolean overflowed()
    {
        return !Double.isFinite(sum) || !Double.isFinite(compensation);
    }

    public void reset()
    {
        sum = 0;
        compensation = 0;
    }
}
