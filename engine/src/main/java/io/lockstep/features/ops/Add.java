package io.lockstep.features.ops;

/**
 * {@code a + b} (IEEE 754; NaN in, NaN out).
 */
public final class Add
{
    private Add()
    {
    }

    public static double apply(final double a, final double b)
    {
        return a + b;
    }
}
