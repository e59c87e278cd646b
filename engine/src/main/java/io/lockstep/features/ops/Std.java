package io.lockstep.features.ops;

/**
 * Rolling sample standard deviation, ddof = 1: the square root (IEEE, correctly rounded) of {@link Var}.
 * ZScore is written in terms of it: {@code ZScore(x, w) = (x - Mean(x, w)) / Std(x, w)}.
 */
public final class Std
{
    private Std()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x, final int minPeriods)
    {
        m.update(nowNs, x);
        final int n = m.count();
        return n >= 2 && Warmup.ready(m.window(), n, minPeriods, nowNs) ? Math.sqrt(m.m2() / (n - 1)) : Double.NaN;
    }
}
