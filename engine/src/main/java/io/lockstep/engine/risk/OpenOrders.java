package io.lockstep.engine.risk;

import org.agrona.collections.Long2LongHashMap;

/**
 * Orders sent and not yet done, per instrument and side: what the position may still become. The position limit
 * counts them, so that a strategy deciding on every event cannot stack orders beyond the limit while their fills
 * are on the way.
 * <p>
 * An order is open from its send until a report says it is done: an execution report other than NEW with no
 * quantity left (a fill of the rest, a cancel, an expiry), as the realised PnL report settles orders, or a reject.
 * Each fill takes its quantity off the open side as the position takes it on, so position plus open quantity stays
 * the same through a fill. An order that got no answer stays open, which is the safe reading: it may still fill.
 * Reports of orders this engine did not send (or sent in another run) change nothing. Single-threaded; allocation-free
 * while the open orders fit the maps' preallocated capacity.
 */
public final class OpenOrders
{
    private static final int INITIAL_CAPACITY = 1024;

    /** clOrdId to the quantity still open: positive for a buy, negative for a sell. */
    private final Long2LongHashMap remaining = new Long2LongHashMap(INITIAL_CAPACITY, 0.65f, 0);
    private final Long2LongHashMap instrumentOf = new Long2LongHashMap(INITIAL_CAPACITY, 0.65f, 0);
    /** Open quantity by instrument, buys and sells apart: a missing key is none. */
    private final Long2LongHashMap buys = new Long2LongHashMap(0);
    private final Long2LongHashMap sells = new Long2LongHashMap(0);

    /** An order went out. */
    public void onSent(final long clOrdId, final int instrumentId, final byte side, final long quantity)
    {
        final long signed = side == RiskGate.BUY ? quantity : -quantity;
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
        if (open == 0)
        {
            return;
        }
        final int instrumentId = (int)instrumentOf.get(clOrdId);
        final long taken = done ? open : open > 0 ? Math.min(filled, open) : -Math.min(filled, -open);
        change(instrumentId, taken, false);
        if (done || taken == open)
        {
            remaining.remove(clOrdId);
            instrumentOf.remove(clOrdId);
        }
        else
        {
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
        final long open = side == RiskGate.BUY ? buys(instrumentId) : -sells(instrumentId);
        final long sum = position + open;
        final boolean overflow = ((position ^ sum) & (open ^ sum)) < 0;
        return overflow ? (open > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
    }

    /** @return orders open, across instruments. */
    public int count()
    {
        return remaining.size();
    }

    /** Opens or closes {@code signed} (positive a buy, negative a sell) on its side of the instrument. */
    private void change(final int instrumentId, final long signed, final boolean opening)
    {
        final Long2LongHashMap side = signed > 0 ? buys : sells;
        final long quantity = Math.abs(signed);
        put(side, instrumentId, side.get(instrumentId) + (opening ? quantity : -quantity));
    }

    private static void put(final Long2LongHashMap map, final int instrumentId, final long quantity)
    {
        if (quantity == 0)
        {
            map.remove(instrumentId);
        }
        else
        {
            map.put(instrumentId, quantity);
        }
    }
}
