package io.lockstep.features.ops;

/**
 * Rolling quantile {@code Quantile(x, w, q)}, 0 <= q <= 1, by linear interpolation between closest ranks (numpy
 * and pandas default): with the window's n numbers sorted as s, position {@code h = q (n - 1)},
 * {@code s[floor h] + (s[floor h + 1] - s[floor h]) (h - floor h)}. {@code Med(x, w)} is {@code Quantile(x, w, 0.5)}.
 * NaN skipped. Warm-up: {@link Warmup}.
 */
public final class Quantile
{
    private Quantile()
    {
    }

    public static double apply(
        final SortedWindow s, final long nowNs, final double x, final double q, final int minPeriods)
    {
        s.update(nowNs, x);
        return s.count() > 0 && Warmup.ready(s.window(), s.count(), minPeriods, nowNs) ? s.quantile(q) : Double.NaN;
    }
}
