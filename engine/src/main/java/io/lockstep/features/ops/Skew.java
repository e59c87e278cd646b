package io.lockstep.features.ops;

/**
 * Rolling skewness, the bias-corrected sample skewness pandas uses (adjusted Fisher-Pearson):
 * {@code G1 = n sqrt(n - 1) / (n - 2) * M3 / M2^1.5} with Mk the sums of k-th powers of deviations from the
 * window mean over its n numbers; NaN when n < 3 or M2 = 0. Warm-up: {@link Warmup}.
 */
public final class Skew
{
    private Skew()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x, final int minPeriods)
    {
        m.update(nowNs, x);
        final int n = m.count();
        if (n < 3 || !Warmup.ready(m.window(), n, minPeriods, nowNs))
        {
            return Double.NaN;
        }
        final double m2 = m.m2();
        return m2 == 0 ? Double.NaN : n * Math.sqrt(n - 1.0) / (n - 2.0) * m.m3() / (m2 * Math.sqrt(m2));
    }
}
