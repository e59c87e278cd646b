package io.lockstep.engine.spi;

/**
 * What a strategy wants to send, filled in place (reused per event): side, limit price (mantissa at the
 * instrument's price exponent) and quantity of an IOC limit order.
 */
public final class OrderIntent
{
    public static final byte BUY = 1;
    public static final byte SELL = 2;

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
