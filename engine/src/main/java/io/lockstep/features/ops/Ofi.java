package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/**
 * Order-flow imbalance of one event (Cont, Kukanov and Stoikov 2014), from the touch before (p, q) and after
 * (P, Q) the event: {@code e = [Pb >= pb] Qb - [Pb <= pb] qb - [Pa <= pa] Qa + [Pa >= pa] qa}. Positive when
 * bids grow or asks shrink. NaN on the first event and while either side of the touch is empty. Sum it over a
 * window for the usual OFI: {@code Sum(OFI(), 100)}.
 */
public final class Ofi
{
    private Ofi()
    {
    }

    /** The touch of the previous event. */
    public static final class State
    {
        double bidPrice = Double.NaN;
        double bidSize;
        double askPrice = Double.NaN;
        double askSize;
    }

    public static double apply(final State state, final MarketSnapshot s)
    {
        final double bp = s.bidPrice[0];
        final double bq = s.bidSize[0];
        final double ap = s.askPrice[0];
        final double aq = s.askSize[0];
        double e = Double.NaN;
        if (state.bidPrice == state.bidPrice && state.askPrice == state.askPrice && bp == bp && ap == ap)
        {
            e = (bp >= state.bidPrice ? bq : 0) - (bp <= state.bidPrice ? state.bidSize : 0) -
                (ap <= state.askPrice ? aq : 0) + (ap >= state.askPrice ? state.askSize : 0);
        }
        state.bidPrice = bp;
        state.bidSize = bq;
        state.askPrice = ap;
        state.askSize = aq;
        return e;
    }
}
