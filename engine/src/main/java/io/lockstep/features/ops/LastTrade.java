package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/**
 * Trade inputs: {@code last_price}, {@code last_size} (NaN before the first trade), {@code last_side} (+1 buyer
 * initiated, -1 seller initiated, 0 unknown or none yet), and for this event only {@code trade_price} (NaN unless
 * the event is a trade) and {@code trade_size} (0 unless the event is a trade).
 */
public final class LastTrade
{
    private LastTrade()
    {
    }

    public static double price(final MarketSnapshot s)
    {
        return s.lastTradePrice;
    }

    public static double size(final MarketSnapshot s)
    {
        return s.lastTradeSize;
    }

    public static double side(final MarketSnapshot s)
    {
        return s.lastTradeSide;
    }

    public static double tradePrice(final MarketSnapshot s)
    {
        return s.isTrade ? s.lastTradePrice : Double.NaN;
    }

    public static double tradeSize(final MarketSnapshot s)
    {
        return s.isTrade ? s.lastTradeSize : 0;
    }
}
