package io.lockstep.feed.sbe;

import io.lockstep.feed.MarketDataListener;
import io.lockstep.sbe.md.AddOrderEncoder;
import io.lockstep.sbe.md.AggressorSide;
import io.lockstep.sbe.md.BarEncoder;
import io.lockstep.sbe.md.InstrumentDefinitionEncoder;
import io.lockstep.sbe.md.MessageHeaderEncoder;
import io.lockstep.sbe.md.OrderCancelEncoder;
import io.lockstep.sbe.md.OrderDeleteEncoder;
import io.lockstep.sbe.md.OrderExecuteEncoder;
import io.lockstep.sbe.md.OrderReplaceEncoder;
import io.lockstep.sbe.md.Side;
import io.lockstep.sbe.md.TradeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The inverse of {@link SbeMarketDataDecoder}: normalised events from any feed decoder (ITCH, LOBSTER, CSV)
 * re-encoded as Lockstep SBE market data, so a recorded feed can be published over Aeron to the engine.
 * Allocation-free.
 */
public final class SbeMarketDataEncoder implements MarketDataListener
{
    /** Receives each encoded message; the buffer is reused after the call. */
    @FunctionalInterface
    public interface MessageSink
    {
        void onMessage(MutableDirectBuffer buffer, int offset, int length);
    }

    /** Offset of every market-data message's event time (its block starts with instrumentId, then the time). */
    public static final int EVENT_TIME_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + 4;

    private final MessageSink sink;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final AddOrderEncoder addOrder = new AddOrderEncoder();
    private final OrderCancelEncoder orderCancel = new OrderCancelEncoder();
    private final OrderDeleteEncoder orderDelete = new OrderDeleteEncoder();
    private final OrderExecuteEncoder orderExecute = new OrderExecuteEncoder();
    private final OrderReplaceEncoder orderReplace = new OrderReplaceEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BarEncoder bar = new BarEncoder();

    public SbeMarketDataEncoder(final MessageSink sink)
    {
        this.sink = sink;
    }

    public void onInstrument(
        final long eventTimeNs, final int instrumentId, final DirectBuffer symbol, final int symbolOffset,
        final int symbolLength, final int priceExponent)
    {
        definition.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).eventTimeNs(eventTimeNs);
        final int length = Math.min(symbolLength, InstrumentDefinitionEncoder.symbolLength());
        for (int i = 0; i < InstrumentDefinitionEncoder.symbolLength(); i++)
        {
            final byte b = i < length ? symbol.getByte(symbolOffset + i) : 0;
            definition.symbol(i, b == ' ' ? 0 : b);
        }
        definition.venue("").currency("").priceExponent((byte)priceExponent).tickSize(1).lotSize(1);
        emit(definition.encodedLength());
    }

    public void onAddOrder(
        final long eventTimeNs, final int instrumentId, final long orderId, final byte side, final long price,
        final long quantity)
    {
        emit(addOrder.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).eventTimeNs(eventTimeNs)
            .orderId(orderId).side(side == BUY ? Side.BUY : Side.SELL).price(price).quantity(quantity)
            .encodedLength());
    }

    public void onOrderCancel(
        final long eventTimeNs, final int instrumentId, final long orderId, final long cancelledQuantity)
    {
        emit(orderCancel.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).eventTimeNs(eventTimeNs)
            .orderId(orderId).cancelledQuantity(cancelledQuantity).encodedLength());
    }

    public void onOrderDelete(final long eventTimeNs, final int instrumentId, final long orderId)
    {
        emit(orderDelete.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).eventTimeNs(eventTimeNs)
            .orderId(orderId).encodedLength());
    }

    public void onOrderExecute(
        final long eventTimeNs, final int instrumentId, final long orderId, final long quantity, final long price,
        final long matchId)
    {
        emit(orderExecute.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).eventTimeNs(eventTimeNs)
            .orderId(orderId).executedQuantity(quantity).matchId(matchId)
            .price(price == RESTING_PRICE ? OrderExecuteEncoder.priceNullValue() : price).encodedLength());
    }

    public void onOrderReplace(
        final long eventTimeNs, final int instrumentId, final long originalOrderId, final long newOrderId,
        final long price, final long quantity)
    {
        emit(orderReplace.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).eventTimeNs(eventTimeNs)
            .originalOrderId(originalOrderId).newOrderId(newOrderId).price(price).quantity(quantity).encodedLength());
    }

    public void onTrade(
        final long eventTimeNs, final int instrumentId, final long price, final long quantity,
        final byte aggressorSide, final long matchId)
    {
        emit(trade.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).eventTimeNs(eventTimeNs)
            .tradeId(matchId).price(price).quantity(quantity)
            .aggressorSide(aggressorSide == BUY ? AggressorSide.BUY :
                aggressorSide == SELL ? AggressorSide.SELL : AggressorSide.UNKNOWN)
            .encodedLength());
    }

    public void onBar(
        final long startTimeNs, final long endTimeNs, final int instrumentId, final long open, final long high,
        final long low, final long close, final long volume)
    {
        emit(bar.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).startTimeNs(startTimeNs)
            .endTimeNs(endTimeNs).openPrice(open).highPrice(high).lowPrice(low).closePrice(close).volume(volume)
            .encodedLength());
    }

    private void emit(final int bodyLength)
    {
        sink.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}
