package io.lockstep.features.ops;

/**
 * {@code WMA(x, n)}: linearly weighted moving average over the last n events, weight k for the k-th oldest
 * (the newest weighs n): {@code Sum(k x_k) / (n (n + 1) / 2)}. NaN while a NaN is in the window. Warm-up:
 * {@link Warmup}.
 */
public final class Wma
{
    private Wma()
    {
    }

    public static double apply(final RollingRegression r, final long nowNs, final double x, final int minPeriods)
    {
        r.update(nowNs, x);
        return !r.hasNaN() && Warmup.ready(r.window(), r.n(), minPeriods, nowNs) ? r.weightedMean() : Double.NaN;
    }
}
