package io.lockstep.engine.spi;

import io.lockstep.feed.MarketDataListener;

/**
 * What a strategy wants to send, filled in place (reused per event): side, limit price (mantissa at the
 * instrument's price exponent) and quantity of an IOC limit order.
 */
public final class OrderIntent
{
    /** The book's sides: a buy takes what the asks offer. The engine's risk gate and paper venue use these. */
    public static final byte BUY = MarketDataListener.BUY;
    public static final byte SELL = MarketDataListener.SELL;

    public byte side;
    public long price;
    public long quantity;

    public void set(final byte side, final long price, final long quantity)
    {
        this.side = side;
        this.price = price;
        this.quantity = quantity;
    }
}
