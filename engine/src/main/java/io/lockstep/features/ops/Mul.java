package io.lockstep.features.ops;

/**
 * {@code a * b}.
 */
public final class Mul
{
    private Mul()
    {
    }

    public static double apply(final double a, final double b)
    {
        return a * b;
    }
}
