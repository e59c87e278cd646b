package io.lockstep.features.ops;

/**
 * {@code -a}.
 */
public final class Neg
{
    private Neg()
    {
    }

    public static double apply(final double a)
    {
        return -a;
    }
}
