package io.lockstep.features.ops;

/** Rolling count of the window's finite numbers (NaN and infinities not counted). Emits from the first event. */
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
