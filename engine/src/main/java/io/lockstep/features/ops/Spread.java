package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/** {@code ask1 - bid1}; NaN while either side of the touch is empty. */
public final class Spread
{
    private Spread()
    {
    }

    public static double apply(final MarketSnapshot s)
    {
        return s.askPrice[0] - s.bidPrice[0];
    }
}
