package io.lockstep.features.ops;

/**
 * Least squares of the window's values y against their positions 1..n (oldest first), as qlib:
 * {@code Slope} = b = (n Sum(iy) - Sum(i) Sum(y)) / (n Sum(i^2) - Sum(i)^2); {@code Rsquare} = the squared
 * correlation of y with position (NaN when y is constant); {@code Resi} = the newest y minus its fitted value
 * {@code a + b n}, with a = mean(y) - b (n + 1) / 2. NaN while any value in the window is NaN, and when n < 2.
 * Warm-up: {@link Warmup}.
 */
public final class Regression
{
    private Regression()
    {
    }

    public static double slope(final RollingRegression r, final long nowNs, final double y, final int minPeriods)
    {
        r.update(nowNs, y);
        return ready(r, nowNs, minPeriods) ? r.sxy() / r.sxx() : Double.NaN;
    }

    public static double rsquare(final RollingRegression r, final long nowNs, final double y, final int minPeriods)
    {
        r.update(nowNs, y);
        if (!ready(r, nowNs, minPeriods))
        {
            return Double.NaN;
        }
        final double syy = r.syy();
        if (syy == 0)
        {
            return Double.NaN;
        }
        final double sxy = r.sxy();
        return sxy * sxy / (r.sxx() * syy);
    }

    public static double residual(final RollingRegression r, final long nowNs, final double y, final int minPeriods)
    {
        r.update(nowNs, y);
        if (!ready(r, nowNs, minPeriods))
        {
            return Double.NaN;
        }
        final double n = r.n();
        final double b = r.sxy() / r.sxx();
        return y - (r.meanY() + b * (n - (n + 1) / 2));
    }

    private static boolean ready(final RollingRegression r, final long nowNs, final int minPeriods)
    {
        return r.n() >= 2 && !r.hasNaN() && Warmup.ready(r.window(), r.n(), minPeriods, nowNs);
    }
}
