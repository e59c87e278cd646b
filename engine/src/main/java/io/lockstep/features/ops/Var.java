package io.lockstep.features.ops;

/**
 * Rolling sample variance, ddof = 1: {@code sum((x - mean)^2) / (n - 1)} over the window's n numbers (NaN
 * skipped); NaN when n < 2. Warm-up: {@link Warmup}.
 */
public final class Var
{
    private Var()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x, final int minPeriods)
    {
        m.update(nowNs, x);
        final int n = m.count();
        return n >= 2 && Warmup.ready(m.window(), n, minPeriods, nowNs) ? m.m2() / (n - 1) : Double.NaN;
    }
}
