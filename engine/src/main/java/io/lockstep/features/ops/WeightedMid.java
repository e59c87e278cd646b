package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/**
 * Size-weighted mid (micro-price): {@code (bid1 * askSize1 + ask1 * bidSize1) / (bidSize1 + askSize1)}, which
 * leans towards the side with less size; NaN while either side of the touch is empty.
 */
public final class WeightedMid
{
    private WeightedMid()
    {
    }

    public static double apply(final MarketSnapshot s)
    {
        return (s.bidPrice[0] * s.askSize[0] + s.askPrice[0] * s.bidSize[0]) / (s.bidSize[0] + s.askSize[0]);
    }
}
