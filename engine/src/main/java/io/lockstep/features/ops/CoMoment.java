package io.lockstep.features.ops;

/**
 * {@code Cov(x, y, w)}: sample covariance, ddof = 1, {@code Sum((x - mx)(y - my)) / (n - 1)} over the n events of
 * the window where both are numbers (NaN when n < 2); {@code Corr(x, y, w)}: Pearson correlation over the same
 * events, NaN when either is constant. Warm-up: {@link Warmup}, counting events where both are numbers.
 */
public final class CoMoment
{
    private CoMoment()
    {
    }

    public static double cov(
        final RollingPair p, final long nowNs, final double x, final double y, final int minPeriods)
    {
        p.update(nowNs, x, y);
        final int n = p.count();
        return n >= 2 && Warmup.ready(p.window(), n, minPeriods, nowNs) ? p.cxy() / (n - 1) : Double.NaN;
    }

    public static double corr(
        final RollingPair p, final long nowNs, final double x, final double y, final int minPeriods)
    {
        p.update(nowNs, x, y);
        final int n = p.count();
        if (n < 2 || !Warmup.ready(p.window(), n, minPeriods, nowNs))
        {
            return Double.NaN;
        }
        final double cxx = p.cxx();
        final double cyy = p.cyy();
        return cxx == 0 || cyy == 0 ? Double.NaN : p.cxy() / Math.sqrt(cxx * cyy);
    }
}
