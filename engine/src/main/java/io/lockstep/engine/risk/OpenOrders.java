package io.lockstep.engine.risk;

import io.lockstep.engine.spi.OrderIntent;
import org.agrona.collections.Long2LongHashMap;

/**
 * Orders sent and not yet done, per instrument and side: what the position may still become. The position limit
 * counts them, so that a strategy deciding on every event cannot stack orders beyond the limit while their fills
 * are on the way.
 * <p>
 * An order is open from its send until a report says it is done: an execution report other than NEW with no
 * quantity left (a fill of the rest, a cancel, an expiry), as the realised PnL report settles orders, or a reject.
 * Each fill takes its quantity off the open side as the position takes it on, so position plus open quantity stays
 * the same through a fill. An order that got no answer stays open, which is the safe reading: it may still fill,
 * until {@link #CAPACITY} orders have been sent after it; it is then forgotten (counted), so that a venue that never
 * answers (or a load test) cannot grow the maps without bound. Reports of orders not open change nothing.
 * Single-threaded; allocation-free: the maps are sized for {@link #CAPACITY} orders up front.
 */
public final class OpenOrders
{
    /** Orders sent after an unanswered one before it is forgotten: far beyond any venue's answer at the rate limit. */
    public static final int CAPACITY = 1 << 12;
    private static final long NONE = Long.MIN_VALUE;

    /** clOrdId to the quantity still open: positive for a buy, negative for a sell. */
    private final Long2LongHashMap remaining = new Long2LongHashMap(CAPACITY * 2, 0.65f, NONE);
    private final Long2LongHashMap instrumentOf = new Long2LongHashMap(CAPACITY * 2, 0.65f, NONE);
    /** Open quantity by instrument, buys and sells apart: a missing key is none. */
    private final Long2LongHashMap buys = new Long2LongHashMap(CAPACITY * 2, 0.65f, 0);
    private final Long2LongHashMap sells = new Long2LongHashMap(CAPACITY * 2, 0.65f, 0);
    /** The clOrdIds of the last {@link #CAPACITY} orders sent, by send count: the oldest is overwritten next. */
    private final long[] recent = new long[CAPACITY];
    private long sent;
    private long forgotten;

    /** An order went out. */
    public void onSent(final long clOrdId, final int instrumentId, final byte side, final long quantity)
    {
        final int slot = (int)(sent++ & (CAPACITY - 1));
        if (sent > CAPACITY && remaining.containsKey(recent[slot]))
        {
            forgotten++;
            close(recent[slot], remaining.get(recent[slot]));
        }
        recent[slot] = clOrdId;
        final long signed = side == OrderIntent.BUY ? quantity : -quantity;
        remaining.put(clOrdId, signed);
        instrumentOf.put(clOrdId, instrumentId);
        change(instrumentId, signed, true);
    }

    /**
     * A report on an order: its fill, if it is one, comes off the open quantity; and when it says the order is
     * done, what is left of the order is no longer open.
     *
     * @param filled the quantity this report fills, 0 for a report that is no fill.
     * @param done   the order has nothing left at the venue.
     */
    public void onReport(final long clOrdId, final long filled, final boolean done)
    {
        final long open = remaining.get(clOrdId);
        if (open == NONE)
        {
            return;
        }
        final long taken = done ? open : open > 0 ? Math.min(filled, open) : -Math.min(filled, -open);
        if (done || taken == open)
        {
            close(clOrdId, taken);
        }
        else
        {
            change((int)instrumentOf.get(clOrdId), taken, false);
            remaining.put(clOrdId, open - taken);
        }
    }

    /** @return the quantity of open buy orders in an instrument. */
    public long buys(final int instrumentId)
    {
        return buys.get(instrumentId);
    }

    /** @return the quantity of open sell orders in an instrument, as a positive number. */
    public long sells(final int instrumentId)
    {
        return sells.get(instrumentId);
    }

    /**
     * @return the position an order on {@code side} is checked from: the position, plus every open order on the
     * same side filling in full (orders on the other side may not fill, so they reduce nothing). A sum beyond a
     * long saturates, and is then beyond any limit.
     */
    public long worstCase(final int instrumentId, final long position, final byte side)
    {
        final long open = side == OrderIntent.BUY ? buys(instrumentId) : -sells(instrumentId);
        final long sum = position + open;
        final boolean overflow = ((position ^ sum) & (open ^ sum)) < 0;
        return overflow ? (open > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
    }

    /** @return orders open, across instruments. */
    public int count()
    {
        return remaining.size();
    }

    /** @return orders forgotten unanswered after {@link #CAPACITY} later sends. */
    public long forgotten()
    {
        return forgotten;
    }

    /** The order is done: what is left of it, {@code open}, is no longer open. */
    private void close(final long clOrdId, final long open)
    {
        change((int)instrumentOf.get(clOrdId), open, false);
        remaining.remove(clOrdId);
        instrumentOf.remove(clOrdId);
    }

    /** Opens or closes {@code signed} (positive a buy, negative a sell) on its side of the instrument. */
    private void change(final int instrumentId, final long signed, final boolean opening)
    {
        final Long2LongHashMap side = signed > 0 ? buys : sells;
        final long quantity = side.get(instrumentId) + (opening ? Math.abs(signed) : -Math.abs(signed));
        if (quantity == 0)
        {
            side.remove(instrumentId);
        }
        else
        {
            side.put(instrumentId, quantity);
        }
    }
}
