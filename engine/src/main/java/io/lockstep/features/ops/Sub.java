package io.lockstep.features.ops;

/**
 * {@code a - b}.
 */
public final class Sub
{
    private Sub()
    {
    }

    public static double apply(final double a, final double b)
    {
        return a - b;
    }
}
