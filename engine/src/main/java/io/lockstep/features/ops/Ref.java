package io.lockstep.features.ops;

/**
 * {@code Ref(x, n)}: the value of x n events ago (n >= 1); NaN for the first n events. Delta, Ret and LogRet are
 * written in terms of it: {@code Delta(x, n) = x - Ref(x, n)}, {@code Ret(x, n) = x / Ref(x, n) - 1},
 * {@code LogRet(x, n) = Log(x / Ref(x, n))}.
 */
public final class Ref
{
    private Ref()
    {
    }

    /** The last n + 1 values. */
    public static final class State
    {
        final double[] ring;
        final int lag;
        long seen;

        public State(final int lag)
        {
            this.lag = lag;
            ring = new double[Integer.highestOneBit(lag * 2 + 1)];
        }
    }

    public static double apply(final State state, final double x)
    {
        final double[] ring = state.ring;
        final int mask = ring.length - 1;
        final long seen = state.seen++;
        ring[(int)seen & mask] = x;
        return seen >= state.lag ? ring[(int)(seen - state.lag) & mask] : Double.NaN;
    }
}
