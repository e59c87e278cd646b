package io.lockstep.features.ops;

/**
 * Rolling excess kurtosis, bias-corrected as pandas:
 * {@code G2 = (n + 1) n (n - 1) / ((n - 2)(n - 3)) * M4 / M2^2 - 3 (n - 1)^2 / ((n - 2)(n - 3))};
 * NaN when n < 4 or M2 = 0. Warm-up: {@link Warmup}.
 */
public final class Kurt
{
    private Kurt()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x, final int minPeriods)
    {
        m.update(nowNs, x);
        final int n = m.count();
        if (n < 4 || !Warmup.ready(m.window(), n, minPeriods, nowNs))
        {
            return Double.NaN;
        }
        final double m2 = m.m2();
        if (m2 == 0)
        {
            return Double.NaN;
        }
        final double n1 = n - 1.0;
        final double denominator = (n - 2.0) * (n - 3.0);
        return (n + 1.0) * n * n1 / denominator * m.m4() / (m2 * m2) - 3 * n1 * n1 / denominator;
    }
}
