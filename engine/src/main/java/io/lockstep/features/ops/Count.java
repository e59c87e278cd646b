package io.lockstep.features.ops;

/**
 * Rolling count of the window's finite numbers (NaN and infinities not counted). Emits from the first event; NaN
 * while a burst has truncated its duration window, since the count would be short.
 */
public final class Count
{
    private Count()
    {
    }

    public static double apply(final RollingMoments m, final long nowNs, final double x)
    {
        m.update(nowNs, x);
        return m.window().isTruncated(nowNs) ? Double.NaN : m.count();
    }
}
