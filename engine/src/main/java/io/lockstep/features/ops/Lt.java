package io.lockstep.features.ops;

/**
 * Comparison {@code a < b}: 1 when true, 0 when false, NaN when either side is NaN.
 */
public final class Lt
{
    private Lt()
    {
    }

    public static double apply(final double a, final double b)
    {
        return a != a || b != b ? Double.NaN : a < b ? 1.0 : 0.0;
    }
}
