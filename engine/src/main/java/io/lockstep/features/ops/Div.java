package io.lockstep.features.ops;

/**
 * {@code a / b}: division by zero gives +-Infinity, or NaN for 0/0, as IEEE 754.
 */
public final class Div
{
    private Div()
    {
    }

    public static double apply(final double a, final double b)
    {
        return a / b;
    }
}
