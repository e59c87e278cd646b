package io.lockstep.features.ops;

/**
 * The centre a rebase shifts a series to: the mean of its finite values in the window, summed with compensation,
 * or their common value when they are all equal ({@code min == max}), since the computed mean of equal values can
 * be an ulp off them. Compensated, because a naive sum of values a few ulps apart (0.1 + k ulp) lands hundreds of
 * their standard deviations off the mean: the rebase would then leave the drift it was meant to cure.
 */
public final class Centre
{
    private final CompensatedSum sum = new CompensatedSum();
    private double min;
    private double max;
    private int count;

    Centre()
    {
        reset();
    }

    void reset()
    {
        sum.reset();
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        count = 0;
    }

    void add(final double value)
    {
        sum.add(value);
        min = Math.min(min, value);
        max = Math.max(max, value);
        count++;
    }

    int count()
    {
        return count;
    }

    /** @return the value added farthest from {@link #value()}: the one whose powers overflow first. */
    double farthest()
    {
        final double centre = value();
        return max - centre > centre - min ? max : min;
    }

    /**
     * @return the centre of the values added since {@link #reset()}; kept within their range, which a sum that
     * overflowed (values near 1e308) would leave: their midpoint then, and the drift check paces what follows.
     */
    double value()
    {
        if (min == max)
        {
            return min;
        }
        final double mean = sum.value() / count;
        return mean >= min && mean <= max ? mean : min * 0.5 + max * 0.5;
    }
}
