package io.lockstep.features.ops;

/**
 * {@code RSI(x, N)}: Wilder's relative strength index. Changes d = x - x_prev split into gains max(d, 0) and
 * losses max(-d, 0); the first averages are the means of the first N of each, then
 * {@code avg = (avg (N - 1) + new) / N}. {@code RSI = 100 avgGain / (avgGain + avgLoss)} (equal to
 * 100 - 100 / (1 + RS)), 0 when both averages are 0 (TA-Lib's convention). NaN for the first N events. A NaN
 * input gives NaN and is skipped.
 */
public final class Rsi
{
    private Rsi()
    {
    }

    public static final class State
    {
        double previous = Double.NaN;
        double gain;
        double loss;
        long changes;
    }

    public static double apply(final State state, final double x, final int period)
    {
        if (x != x)
        {
            return Double.NaN;
        }
        final double previous = state.previous;
        state.previous = x;
        if (previous != previous)
        {
            return Double.NaN;
        }
        final double change = x - previous;
        final double gain = change > 0 ? change : 0;
        final double loss = change < 0 ? -change : 0;
        state.changes++;
        if (state.changes <= period)
        {
            state.gain += gain;
            state.loss += loss;
            if (state.changes < period)
            {
                return Double.NaN;
            }
            state.gain /= period;
            state.loss /= period;
        }
        else
        {
            state.gain = (state.gain * (period - 1) + gain) / period;
            state.loss = (state.loss * (period - 1) + loss) / period;
        }
        final double total = state.gain + state.loss;
        return total == 0 ? 0 : 100 * state.gain / total;
    }
}
