package io.lockstep.features.ops;

/** Rolling count of the window's numbers (NaN not counted). Emits from the first event: no warm-up. */
public final class Count
{
    private Count()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x)
    {
        m.update(nowNs, x);
        return m.count();
    }
}
