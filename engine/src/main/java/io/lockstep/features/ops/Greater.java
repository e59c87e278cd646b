package io.lockstep.features.ops;

/**
 * Element-wise maximum of two series; NaN if either is NaN.
 */
public final class Greater
{
    private Greater()
    {
    }

    public static double apply(final double a, final double b)
    {
        return Math.max(a, b);
    }
}
