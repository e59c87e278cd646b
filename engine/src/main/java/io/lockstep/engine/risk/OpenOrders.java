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
 * until the order timeout of event time has passed since its send ({@link #expire}), or {@link #CAPACITY} orders
 * have been sent after it; it is then forgotten (counted). The timeout frees the headroom of an order whose send
 * failed, which no report will ever close (replay, whose sends never fail, must decide alike, so the send's
 * failure itself cannot close it); the capacity keeps a venue that never answers (or a load test) from growing
 * the maps without bound. A late fill of a forgotten order still moves the position. Reports of orders not open
 * change nothing.
 * Single-threaded; allocation-free: the maps are sized for {@link #CAPACITY} orders up front.
 */
public final class OpenOrders
{
    /** Orders sent after an unanswered one before it is forgotten: far beyond any venue's answer at the rate limit. */
    public static final int CAPACITY = 1 << 12;
    /** What {@link #instrumentOf} says of an order not open. */
    public static final long NOT_OPEN = Long.MIN_VALUE;

    /** clOrdId to the quantity still open: positive for a buy, negative for a sell. */
    private final Long2LongHashMap remaining = new Long2LongHashMap(CAPACITY * 2, 0.65f, NOT_OPEN);
    private final Long2LongHashMap instrumentOf = new Long2LongHashMap(CAPACITY * 2, 0.65f, NOT_OPEN);
    /** Open quantity by instrument, buys and sells apart: a missing key is none. */
    private final Long2LongHashMap buys = new Long2LongHashMap(CAPACITY * 2, 0.65f, 0);
    private final Long2LongHashMap sells = new Long2LongHashMap(CAPACITY * 2, 0.65f, 0);
    /** The clOrdIds of the last {@link #CAPACITY} orders sent, by send count: the oldest is overwritten next. */
    private final long[] recent = new long[CAPACITY];
    /** The event time each of {@link #recent} was sent at. */
    private final long[] sentAtNs = new long[CAPACITY];
    private long sent;
    /** The send count of the oldest order {@link #expire} has not passed: those before it are closed or forgotten. */
    private long unexpired;
    private long forgotten;

    /** An order went out, at this event time. */
    public void onSent(
        final long clOrdId, final int instrumentId, final byte side, final long quantity, final long eventTimeNs)
    {
        final int slot = (int)(sent & (CAPACITY - 1));
        if (sent - unexpired == CAPACITY)
        {
            forget(recent[slot]);
            unexpired++;
        }
        sent++;
        recent[slot] = clOrdId;
        sentAtNs[slot] = eventTimeNs;
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
        if (open == NOT_OPEN)
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

    /**
     * Forget the orders sent more than {@code timeoutNs} of event time before {@code nowNs} that are still open.
     * Orders are sent in event-time order, so only the oldest are looked at. A timeout of 0 forgets nothing.
     */
    public void expire(final long nowNs, final long timeoutNs)
    {
        while (timeoutNs > 0 && unexpired < sent)
        {
            final int slot = (int)(unexpired & (CAPACITY - 1));
            final long sentNs = sentAtNs[slot];
            final long age = nowNs - sentNs;
            // An age beyond a long (event times far apart) is beyond any timeout.
            if (((nowNs ^ sentNs) & (nowNs ^ age)) >= 0 && age <= timeoutNs)
            {
                return;
            }
            forget(recent[slot]);
            unexpired++;
        }
    }

    /** @return the instrument an open order is for, or {@link #NOT_OPEN} for an order not open (done, forgotten). */
    public long instrumentOf(final long clOrdId)
    {
        return instrumentOf.get(clOrdId);
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

    /** @return orders forgotten unanswered, after the order timeout or {@link #CAPACITY} later sends. */
    public long forgotten()
    {
        return forgotten;
    }

    private void forget(final long clOrdId)
    {
        final long open = remaining.get(clOrdId);
        if (open != NOT_OPEN)
        {
            forgotten++;
            close(clOrdId, open);
        }
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
