package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/**
 * {@code VWAP(w)}: volume-weighted average trade price over the window, {@code Sum(price * size) / Sum(size)} over
 * the trades among its events (other events add nothing); NaN while the window holds no volume. Warm-up:
 * {@link Warmup} over events.
 */
public final class Vwap
{
    private Vwap()
    {
    }

    public static double apply(final RollingPair p, final MarketSnapshot s, final int minPeriods)
    {
        final double size = s.isTrade ? s.lastTradeSize : 0;
        final double notional = s.isTrade ? s.lastTradePrice * size : 0;
        p.update(s.eventTimeNs, notional, size);
        if (!Warmup.ready(p.window(), p.count(), minPeriods, s.eventTimeNs))
        {
            return Double.NaN;
        }
        final double volume = p.meanY();
        return volume == 0 ? Double.NaN : p.meanX() / volume;
    }
}
