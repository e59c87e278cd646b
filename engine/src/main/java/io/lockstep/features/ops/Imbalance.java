package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/**
 * Depth imbalance over the top {@code levels} levels: {@code (B - A) / (B + A)} with B and A the summed bid and
 * ask sizes (missing levels count as 0), in [-1, 1]; NaN when both are 0.
 */
public final class Imbalance
{
    private Imbalance()
    {
    }

    public static double apply(final MarketSnapshot s, final int levels)
    {
        double bid = 0;
        double ask = 0;
        for (int i = 0; i < levels; i++)
        {
            final double b = s.bidSize[i];
            final double a = s.askSize[i];
            bid += b == b ? b : 0;
            ask += a == a ? a : 0;
        }
        final double total = bid + ask;
        return total == 0 ? Double.NaN : (bid - ask) / total;
    }
}
