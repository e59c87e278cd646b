package io.lockstep.features.ops;

/**
 * When a rolling operator starts emitting numbers. By default (min_periods not given) a count window must hold
 * its full count of non-NaN values, as pandas' default {@code min_periods = window}; a duration window must
 * have been covered once (its first event at least one duration old) and hold at least one number.
 * With {@code min_periods = k}, k non-NaN values in the window are enough (at least 1). Either way, a duration
 * window that a burst has {@link EventWindow#isTruncated(long) truncated} gives NaN until it is whole again.
 */
public final class Warmup
{
    /** Plan value of min_periods when the feature file does not give one. */
    public static final int DEFAULT = -1;

    private Warmup()
    {
    }

    public static boolean ready(final EventWindow window, final int numbers, final int minPeriods, final long nowNs)
    {
        if (window.isTruncated(nowNs))
        {
            return false;
        }
        if (minPeriods != DEFAULT)
        {
            return numbers >= Math.max(1, minPeriods);
        }
        if (window.isCountWindow())
        {
            return window.isFull(nowNs) && numbers == window.size();
        }
        return window.isFull(nowNs) && numbers >= 1;
    }
}
