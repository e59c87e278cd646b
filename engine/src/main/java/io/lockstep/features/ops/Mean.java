package io.lockstep.features.ops;

/** Rolling arithmetic mean of the window's numbers (NaN skipped). Warm-up: {@link Warmup}. */
public final class Mean
{
    private Mean()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x, final int minPeriods)
    {
        m.update(nowNs, x);
        return Warmup.ready(m.window(), m.count(), minPeriods, nowNs) ? m.mean() : Double.NaN;
    }
}
