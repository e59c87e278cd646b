package io.lockstep.features.ops;

/** Rolling sum of the window's numbers (NaN skipped). Warm-up: {@link Warmup}. */
public final class Sum
{
    private Sum()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x, final int minPeriods)
    {
        m.update(nowNs, x);
        return Warmup.ready(m.window(), m.count(), minPeriods, nowNs) ? m.sum() : Double.NaN;
    }
}
