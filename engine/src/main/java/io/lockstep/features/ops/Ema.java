package io.lockstep.features.ops;

/**
 * {@code EMA(x, span=N)}: exponentially weighted mean as pandas {@code ewm(span=N, adjust=True).mean()}: with
 * {@code a = 2 / (N + 1)}, {@code y_t = Sum_i (1 - a)^i x_(t-i) / Sum_i (1 - a)^i} over all numbers so far,
 * computed recursively as num = x + (1 - a) num, den = 1 + (1 - a) den. A NaN input decays both (weights follow
 * absolute positions, pandas' ignore_na=False) and gives NaN. Warm-up: NaN until N numbers were seen, or
 * min_periods (pandas' default is min_periods=0: give min_periods=1 to match it from the first value).
 */
public final class Ema
{
    private Ema()
    {
    }

    public static final class State
    {
        final double decay;
        double numerator;
        double denominator;
        long numbers;

        public State(final double span)
        {
            decay = 1 - 2 / (span + 1);
        }
    }

    public static double apply(final State state, final double x, final int span, final int minPeriods)
    {
        state.numerator *= state.decay;
        state.denominator *= state.decay;
        if (x != x)
        {
            return Double.NaN;
        }
        state.numerator += x;
        state.denominator += 1;
        state.numbers++;
        final int needed = minPeriods == Warmup.DEFAULT ? span : Math.max(1, minPeriods);
        return state.numbers >= needed ? state.numerator / state.denominator : Double.NaN;
    }
}
