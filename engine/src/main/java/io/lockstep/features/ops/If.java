package io.lockstep.features.ops;

/**
 * {@code If(c, a, b)}: a where c is non-zero, b where c is zero, NaN where c is NaN.
 */
public final class If
{
    private If()
    {
    }

    public static double apply(final double c, final double a, final double b)
    {
        return c != c ? Double.NaN : c != 0 ? a : b;
    }
}
