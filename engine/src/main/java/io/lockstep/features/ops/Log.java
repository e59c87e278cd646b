package io.lockstep.features.ops;

/**
 * Natural logarithm by {@code StrictMath.log} (fdlibm: the same bits on every JVM); log 0 = -Infinity, log of a
 * negative = NaN.
 */
public final class Log
{
    private Log()
    {
    }

    public static double apply(final double a)
    {
        return StrictMath.log(a);
    }
}
