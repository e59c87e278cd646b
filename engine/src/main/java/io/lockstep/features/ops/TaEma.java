package io.lockstep.features.ops;

/**
 * {@code TAEMA(x, N)}: the recursive EMA of TA-Lib: NaN for the first N - 1 numbers, then the mean of the first N,
 * then {@code y = a x + (1 - a) y_prev} with {@code a = 2 / (N + 1)}. A NaN input gives NaN and leaves the
 * state as it was.
 */
public final class TaEma
{
    private TaEma()
    {
    }

    public static final class State
    {
        final double alpha;
        double value;
        double seedSum;
        long numbers;

        public State(final int period)
        {
            alpha = 2.0 / (period + 1);
        }
    }

    public static double apply(final State state, final double x, final int period)
    {
        if (x != x)
        {
            return Double.NaN;
        }
        state.numbers++;
        if (state.numbers < period)
        {
            state.seedSum += x;
            return Double.NaN;
        }
        if (state.numbers == period)
        {
            state.value = (state.seedSum + x) / period;
        }
        else
        {
            state.value = state.alpha * x + (1 - state.alpha) * state.value;
        }
        return state.value;
    }
}
