package io.lockstep.features.ops;

/**
 * {@code |a|}.
 */
public final class Abs
{
    private Abs()
    {
    }

    public static double apply(final double a)
    {
        return Math.abs(a);
    }
}
