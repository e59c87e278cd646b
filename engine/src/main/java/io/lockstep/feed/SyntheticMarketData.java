package io.lockstep.feed;

import io.lockstep.sbe.md.AddOrderEncoder;
import io.lockstep.sbe.md.BestBidOfferEncoder;
import io.lockstep.sbe.md.InstrumentDefinitionEncoder;
import io.lockstep.sbe.md.MessageHeaderEncoder;
import io.lockstep.sbe.md.OrderCancelEncoder;
import io.lockstep.sbe.md.OrderDeleteEncoder;
import io.lockstep.sbe.md.OrderExecuteEncoder;
import io.lockstep.sbe.md.Side;
import io.lockstep.sbe.md.TradeEncoder;
import io.lockstep.sbe.md.AggressorSide;
import io.lockstep.util.SplitMix64;
import org.agrona.MutableDirectBuffer;

/**
 * A seeded, order-level synthetic market for one instrument, encoded as Lockstep SBE market data: adds,
 * partial cancels, deletes and executions against resting orders, trade prints against hidden liquidity and
 * top-of-book snapshots, with a random-walk mid and a book that never crosses. A trade print leaves the visible
 * book alone, as ITCH's non-cross trade message does: every change to a resting order is sent order by order, so
 * a book built from the feed holds exactly the generator's orders (at most {@value #MAX_ORDERS_PER_SIDE} a side).
 * The same seed gives the same bytes on every JVM. For demos, tests and load generation where no recorded feed is
 * wanted. Allocation-free per event.
 */
public final class SyntheticMarketData
{
    public static final byte PRICE_EXPONENT = -4;
    public static final long TICK = 100; // $0.01 at exponent -4
    private static final int MAX_ORDERS_PER_SIDE = 64;
    private static final long LOT = 100;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final AddOrderEncoder addOrder = new AddOrderEncoder();
    private final OrderCancelEncoder orderCancel = new OrderCancelEncoder();
    private final OrderDeleteEncoder orderDelete = new OrderDeleteEncoder();
    private final OrderExecuteEncoder orderExecute = new OrderExecuteEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BestBidOfferEncoder bestBidOffer = new BestBidOfferEncoder();

    private final SplitMix64 random;
    private final int instrumentId;
    private final long meanIntervalNs;
    private final long[][] orderIds = new long[2][MAX_ORDERS_PER_SIDE];
    private final long[][] prices = new long[2][MAX_ORDERS_PER_SIDE];
    private final long[][] quantities = new long[2][MAX_ORDERS_PER_SIDE];
    private final int[] counts = new int[2];

    private long eventTimeNs;
    private long mid;
    private long nextOrderId = 1;
    private long nextMatchId = 1;
    private boolean defined;

    /**
     * @param seed           fixes the whole sequence.
     * @param instrumentId   instrument of every event.
     * @param startTimeNs    event time of the first event.
     * @param meanIntervalNs mean event-time step between events.
     * @param startMid       initial mid price, mantissa at {@link #PRICE_EXPONENT}.
     */
    public SyntheticMarketData(
        final long seed, final int instrumentId, final long startTimeNs, final long meanIntervalNs, final long startMid)
    {
        this.random = new SplitMix64(seed);
        this.instrumentId = instrumentId;
        this.eventTimeNs = startTimeNs;
        this.meanIntervalNs = meanIntervalNs;
        this.mid = startMid - startMid % TICK;
    }

    /**
     * Encode the next event (message header and body) into a buffer.
     *
     * @return the encoded length in bytes.
     */
    public int next(final MutableDirectBuffer buffer, final int offset)
    {
        if (defined)
        {
            eventTimeNs += 1 + random.nextInt((int)Math.min(Integer.MAX_VALUE, 2 * meanIntervalNs));
        }
        return encodeNext(buffer, offset);
    }

    /**
     * Encode the next event stamped with the given event time instead of the generator's own clock: a live
     * publisher stamps its send time, so that tick-to-trade can be measured from it.
     */
    public int nextAt(final MutableDirectBuffer buffer, final int offset, final long eventTimeNs)
    {
        this.eventTimeNs = eventTimeNs;
        return encodeNext(buffer, offset);
    }

    private int encodeNext(final MutableDirectBuffer buffer, final int offset)
    {
        if (!defined)
        {
            defined = true;
            return MessageHeaderEncoder.ENCODED_LENGTH + definition.wrapAndApplyHeader(buffer, offset, header)
                .instrumentId(instrumentId)
                .eventTimeNs(eventTimeNs)
                .symbol("SYNTH")
                .venue("LOCKSTEP")
                .currency("USD")
                .priceExponent(PRICE_EXPONENT)
                .tickSize(TICK)
                .lotSize(LOT)
                .encodedLength();
        }

        final int walk = random.nextInt(16);
        if (walk == 0)
        {
            mid += TICK;
        }
        else if (walk == 1)
        {
            mid -= TICK;
        }

        final int side = random.nextInt(2);
        final int action = random.nextInt(100);
        if (action < 50 && counts[side] < MAX_ORDERS_PER_SIDE || counts[side] == 0)
        {
            return add(buffer, offset, side);
        }
        if (action < 65)
        {
            return cancel(buffer, offset, side);
        }
        if (action < 85)
        {
            return delete(buffer, offset, side, random.nextInt(counts[side]));
        }
        if (action < 91)
        {
            return execute(buffer, offset, side);
        }
        if (action < 97)
        {
            return hiddenTrade(buffer, offset, side);
        }
        return snapshot(buffer, offset);
    }

    private int add(final MutableDirectBuffer buffer, final int offset, final int side)
    {
        final long distance = TICK * (1 + random.nextInt(5));
        final long price = side == 0 ?
            Math.min(mid - distance, counts[1] > 0 ? bestPrice(1) - TICK : Long.MAX_VALUE) :
            Math.max(mid + distance, counts[0] > 0 ? bestPrice(0) + TICK : Long.MIN_VALUE);
        final long quantity = LOT * (1 + random.nextInt(10));
        final int slot = counts[side]++;
        orderIds[side][slot] = nextOrderId++;
        prices[side][slot] = price;
        quantities[side][slot] = quantity;
        return MessageHeaderEncoder.ENCODED_LENGTH + addOrder.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .eventTimeNs(eventTimeNs)
            .orderId(orderIds[side][slot])
            .side(side == 0 ? Side.BUY : Side.SELL)
            .price(price)
            .quantity(quantity)
            .encodedLength();
    }

    private int cancel(final MutableDirectBuffer buffer, final int offset, final int side)
    {
        final int slot = random.nextInt(counts[side]);
        if (quantities[side][slot] <= LOT)
        {
            return delete(buffer, offset, side, slot);
        }
        quantities[side][slot] -= LOT;
        return MessageHeaderEncoder.ENCODED_LENGTH + orderCancel.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .eventTimeNs(eventTimeNs)
            .orderId(orderIds[side][slot])
            .cancelledQuantity(LOT)
            .encodedLength();
    }

    private int delete(final MutableDirectBuffer buffer, final int offset, final int side, final int slot)
    {
        final long orderId = orderIds[side][slot];
        remove(side, slot);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderDelete.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .eventTimeNs(eventTimeNs)
            .orderId(orderId)
            .encodedLength();
    }

    /** An aggressor takes (part of) the best resting order of one side. */
    private int execute(final MutableDirectBuffer buffer, final int offset, final int side)
    {
        final int slot = bestSlot(side);
        final long orderId = orderIds[side][slot];
        final long quantity = Math.min(quantities[side][slot], LOT * (1 + random.nextInt(3)));
        quantities[side][slot] -= quantity;
        if (quantities[side][slot] == 0)
        {
            remove(side, slot);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + orderExecute.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .eventTimeNs(eventTimeNs)
            .orderId(orderId)
            .executedQuantity(quantity)
            .matchId(nextMatchId++)
            .price(OrderExecuteEncoder.priceNullValue())
            .encodedLength();
    }

    /** An aggressor meets hidden liquidity at the touch of one side: a print, and no visible order changes. */
    private int hiddenTrade(final MutableDirectBuffer buffer, final int offset, final int side)
    {
        final long price = bestPrice(side);
        final long quantity = LOT * (1 + random.nextInt(3));
        return MessageHeaderEncoder.ENCODED_LENGTH + trade.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .eventTimeNs(eventTimeNs)
            .tradeId(nextMatchId++)
            .price(price)
            .quantity(quantity)
            .aggressorSide(side == 0 ? AggressorSide.SELL : AggressorSide.BUY)
            .encodedLength();
    }

    private int snapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + bestBidOffer.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .eventTimeNs(eventTimeNs)
            .bidPrice(counts[0] > 0 ? bestPrice(0) : 0)
            .bidQuantity(counts[0] > 0 ? quantities[0][bestSlot(0)] : 0)
            .askPrice(counts[1] > 0 ? bestPrice(1) : 0)
            .askQuantity(counts[1] > 0 ? quantities[1][bestSlot(1)] : 0)
            .encodedLength();
    }

    private long bestPrice(final int side)
    {
        return prices[side][bestSlot(side)];
    }

    /** Best price, oldest order first among equals (lowest slot, since slots keep arrival order). */
    private int bestSlot(final int side)
    {
        int best = 0;
        for (int i = 1; i < counts[side]; i++)
        {
            if (side == 0 ? prices[side][i] > prices[side][best] : prices[side][i] < prices[side][best])
            {
                best = i;
            }
        }
        return best;
    }

    private void remove(final int side, final int slot)
    {
        final int last = --counts[side];
        System.arraycopy(orderIds[side], slot + 1, orderIds[side], slot, last - slot);
        System.arraycopy(prices[side], slot + 1, prices[side], slot, last - slot);
        System.arraycopy(quantities[side], slot + 1, quantities[side], slot, last - slot);
    }

    /**
     * @return event time of the last event produced.
     */
    public long eventTimeNs()
    {
        return eventTimeNs;
    }
}
