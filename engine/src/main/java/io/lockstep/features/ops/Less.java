package io.lockstep.features.ops;

/**
 * Element-wise minimum of two series; NaN if either is NaN.
 */
public final class Less
{
    private Less()
    {
    }

    public static double apply(final double a, final double b)
    {
        return Math.min(a, b);
    }
}
