package io.lockstep.feed;

import org.agrona.DirectBuffer;

/**
 * Normalised market-data events, the one interface every feed decoder (Lockstep SBE, ITCH 5.0, LOBSTER, CSV)
 * drives and every consumer (order books, the feature stage) implements. Primitive arguments only, so a
 * decoder calls it allocation-free on the business thread.
 * <p>
 * Conventions: {@code eventTimeNs} is the venue's event time (ns since midnight for ITCH and LOBSTER);
 * prices are fixed-point mantissas at the instrument's price exponent (-4 for ITCH and LOBSTER); sides are
 * {@link #BUY} and {@link #SELL}.
 */
public interface MarketDataListener
{
    byte BUY = 1;
    byte SELL = 2;
    /** Aggressor side unknown. */
    byte UNKNOWN_SIDE = 0;
    /** Price argument of {@link #onOrderExecute}: the order traded at its own resting price. */
    long RESTING_PRICE = Long.MIN_VALUE;

    /** Ignores every event: for decoding only to validate. */
    MarketDataListener IGNORE = new MarketDataListener()
    {
        public void onAddOrder(final long t, final int i, final long o, final byte s, final long p, final long q)
        {
        }

        public void onOrderCancel(final long t, final int i, final long o, final long q)
        {
        }

        public void onOrderDelete(final long t, final int i, final long o)
        {
        }

        public void onOrderExecute(final long t, final int i, final long o, final long q, final long p, final long m)
        {
        }

        public void onOrderReplace(final long t, final int i, final long o, final long n, final long p, final long q)
        {
        }

        public void onTrade(final long t, final int i, final long p, final long q, final byte s, final long m)
        {
        }
    };

    /**
     * An instrument becomes known; the symbol is ASCII, space or NUL padded.
     */
    default void onInstrument(
        long eventTimeNs, int instrumentId, DirectBuffer symbol, int symbolOffset, int symbolLength, int priceExponent)
    {
    }

    void onAddOrder(long eventTimeNs, int instrumentId, long orderId, byte side, long price, long quantity);

    /** Part of a resting order is cancelled; it stays in the book with the rest. */
    void onOrderCancel(long eventTimeNs, int instrumentId, long orderId, long cancelledQuantity);

    void onOrderDelete(long eventTimeNs, int instrumentId, long orderId);

    /**
     * A resting order trades {@code quantity}.
     *
     * @param price {@link #RESTING_PRICE}, or the execution price when it differs from the order's.
     */
    void onOrderExecute(long eventTimeNs, int instrumentId, long orderId, long quantity, long price, long matchId);

    /** The original order leaves the book and a new one (new id, price, quantity, same side) joins. */
    void onOrderReplace(
        long eventTimeNs, int instrumentId, long originalOrderId, long newOrderId, long price, long quantity);

    /**
     * A trade that is not an execution of a visible resting order (a hidden order, a print, a cross).
     *
     * @param aggressorSide {@link #BUY}, {@link #SELL} or {@link #UNKNOWN_SIDE}.
     */
    void onTrade(long eventTimeNs, int instrumentId, long price, long quantity, byte aggressorSide, long matchId);

    /**
     * An OHLCV bar over [startTimeNs, endTimeNs), for series without a book (daily or intraday CSV bars).
     */
    default void onBar(
        long startTimeNs, long endTimeNs, int instrumentId, long open, long high, long low, long close, long volume)
    {
    }
}
