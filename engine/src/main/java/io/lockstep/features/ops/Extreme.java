package io.lockstep.features.ops;

/**
 * Rolling {@code Min} / {@code Max} of the window's numbers, and {@code IdxMin} / {@code IdxMax}: the 1-based
 * position of that extreme in the window counted from the oldest event (the earliest one on ties), as qlib.
 * NaN skipped. Warm-up: {@link Warmup}.
 */
public final class Extreme
{
    private Extreme()
    {
    }

    public static double value(final MonotonicDeque d, final long nowNs, final double x, final int minPeriods)
    {
        d.update(nowNs, x);
        return !d.isEmpty() && Warmup.ready(d.window(), d.count(), minPeriods, nowNs) ? d.extreme() : Double.NaN;
    }

    public static double position(final MonotonicDeque d, final long nowNs, final double x, final int minPeriods)
    {
        d.update(nowNs, x);
        return !d.isEmpty() && Warmup.ready(d.window(), d.count(), minPeriods, nowNs) ? d.position() : Double.NaN;
    }
}
