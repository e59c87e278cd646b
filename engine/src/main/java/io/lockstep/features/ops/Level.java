package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/**
 * Book level inputs {@code BidPrice(n)}, {@code AskPrice(n)}, {@code BidSize(n)}, {@code AskSize(n)}, n = 1 the
 * touch; NaN when the level is empty. The inputs {@code bid}, {@code ask}, {@code bid_size}, {@code ask_size}
 * are level 1.
 */
public final class Level
{
    private Level()
    {
    }

    public static double bidPrice(final MarketSnapshot s, final int level)
    {
        return s.bidPrice[level - 1];
    }

    public static double askPrice(final MarketSnapshot s, final int level)
    {
        return s.askPrice[level - 1];
    }

    public static double bidSize(final MarketSnapshot s, final int level)
    {
        return s.bidSize[level - 1];
    }

    public static double askSize(final MarketSnapshot s, final int level)
    {
        return s.askSize[level - 1];
    }
}
