package io.lockstep.book;

/**
 * Prices are long mantissas with a decimal exponent, price = mantissa x 10^exponent: the one range of exponents the
 * engine takes, and the exact powers of ten that books, risk checks and accounts convert with.
 */
public final class PriceScale
{
    /** A long mantissa holds at most 19 digits, and 10^18 is an exact double. */
    public static final int MIN_EXPONENT = -18;
    public static final int MAX_EXPONENT = 18;

    private static final long[] POWERS_OF_TEN = new long[MAX_EXPONENT + 1];

    static
    {
        long power = 1;
        for (int i = 0; i <= MAX_EXPONENT; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private PriceScale()
    {
    }

    public static boolean isExponent(final int exponent)
    {
        return exponent >= MIN_EXPONENT && exponent <= MAX_EXPONENT;
    }

    /**
     * @param n from 0 to {@link #MAX_EXPONENT}.
     * @return 10^n, exact as a long, and exact as a double too (every 10^n up to 10^22 is).
     */
    public static long powerOfTen(final int n)
    {
        return POWERS_OF_TEN[n];
    }
}
