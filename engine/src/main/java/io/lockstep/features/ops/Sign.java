package io.lockstep.features.ops;

/**
 * -1, 0 or +1 (signed zero kept); NaN for NaN.
 */
public final class Sign
{
    private Sign()
    {
    }

    public static double apply(final double a)
    {
        return Math.signum(a);
    }
}
