package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/** {@code (bid1 + ask1) / 2}; NaN while either side of the touch is empty. */
public final class Mid
{
    private Mid()
    {
    }

    public static double apply(final MarketSnapshot s)
    {
        return (s.bidPrice[0] + s.askPrice[0]) * 0.5;
    }
}
