package io.lockstep.feed.sbe;

import io.lockstep.feed.DecodeCounters;
import io.lockstep.feed.MarketDataListener;
import io.lockstep.sbe.md.AddOrderDecoder;
import io.lockstep.sbe.md.AggressorSide;
import io.lockstep.sbe.md.BarDecoder;
import io.lockstep.sbe.md.BestBidOfferDecoder;
import io.lockstep.sbe.md.InstrumentDefinitionDecoder;
import io.lockstep.sbe.md.LevelUpdateDecoder;
import io.lockstep.sbe.md.MessageHeaderDecoder;
import io.lockstep.sbe.md.OrderCancelDecoder;
import io.lockstep.sbe.md.OrderDeleteDecoder;
import io.lockstep.sbe.md.OrderExecuteDecoder;
import io.lockstep.sbe.md.OrderReplaceDecoder;
import io.lockstep.sbe.md.TradeDecoder;
import org.agrona.DirectBuffer;

/**
 * Decodes one Lockstep SBE market-data message (schema 1) and drives a {@link MarketDataListener}. Allocation-free.
 * Never throws on bad input: a message it cannot decode is rejected with a reason code and counted.
 * L2 level updates and top-of-book snapshots are decoded and counted but drive nothing: the books are
 * order-level.
 */
public final class SbeMarketDataDecoder
{
    public static final int OK = 0;
    public static final int TOO_SHORT = 1;
    public static final int WRONG_SCHEMA = 2;
    public static final int UNKNOWN_TEMPLATE = 3;
    public static final int TRUNCATED = 4;
    public static final int BAD_ENUM = 5;
    /** An instrument id of 2^31 or more: the engine keys instruments by int, and 2^31 is its "no instrument". */
    public static final int INSTRUMENT_ID_RANGE = 6;
    private static final String[] REASON_NAMES = { "OK", "TOO_SHORT", "WRONG_SCHEMA", "UNKNOWN_TEMPLATE", "TRUNCATED",
        "BAD_ENUM", "INSTRUMENT_ID_RANGE" };
    private static final int SYMBOL_LENGTH = 16;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final AddOrderDecoder addOrder = new AddOrderDecoder();
    private final OrderCancelDecoder orderCancel = new OrderCancelDecoder();
    private final OrderDeleteDecoder orderDelete = new OrderDeleteDecoder();
    private final OrderExecuteDecoder orderExecute = new OrderExecuteDecoder();
    private final OrderReplaceDecoder orderReplace = new OrderReplaceDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final BarDecoder bar = new BarDecoder();
    private final DecodeCounters counters = new DecodeCounters(16, REASON_NAMES);

    /**
     * @return {@link #OK} or the reason the message was rejected.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final MarketDataListener listener)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return counters.reject(TOO_SHORT);
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return counters.reject(WRONG_SCHEMA);
        }
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (length - MessageHeaderDecoder.ENCODED_LENGTH < blockLength)
        {
            return counters.reject(TRUNCATED);
        }
        int rejected;
        switch (templateId)
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                if ((rejected = checkBlock(blockLength, InstrumentDefinitionDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                definition.wrap(buffer, body, blockLength, version);
                listener.onInstrument(definition.eventTimeNs(), (int)definition.instrumentId(), buffer,
                    body + InstrumentDefinitionDecoder.symbolEncodingOffset(), SYMBOL_LENGTH,
                    definition.priceExponent());
                break;
            case AddOrderDecoder.TEMPLATE_ID:
            {
                if ((rejected = checkBlock(blockLength, AddOrderDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                addOrder.wrap(buffer, body, blockLength, version);
                final short side = addOrder.sideRaw();
                if (side != MarketDataListener.BUY && side != MarketDataListener.SELL)
                {
                    return counters.reject(BAD_ENUM);
                }
                listener.onAddOrder(addOrder.eventTimeNs(), (int)addOrder.instrumentId(), addOrder.orderId(),
                    (byte)side, addOrder.price(), addOrder.quantity());
                break;
            }
            case OrderCancelDecoder.TEMPLATE_ID:
                if ((rejected = checkBlock(blockLength, OrderCancelDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                orderCancel.wrap(buffer, body, blockLength, version);
                listener.onOrderCancel(orderCancel.eventTimeNs(), (int)orderCancel.instrumentId(),
                    orderCancel.orderId(), orderCancel.cancelledQuantity());
                break;
            case OrderDeleteDecoder.TEMPLATE_ID:
                if ((rejected = checkBlock(blockLength, OrderDeleteDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                orderDelete.wrap(buffer, body, blockLength, version);
                listener.onOrderDelete(orderDelete.eventTimeNs(), (int)orderDelete.instrumentId(),
                    orderDelete.orderId());
                break;
            case OrderExecuteDecoder.TEMPLATE_ID:
            {
                if ((rejected = checkBlock(blockLength, OrderExecuteDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                orderExecute.wrap(buffer, body, blockLength, version);
                final long price = orderExecute.price();
                listener.onOrderExecute(orderExecute.eventTimeNs(), (int)orderExecute.instrumentId(),
                    orderExecute.orderId(), orderExecute.executedQuantity(),
                    price == OrderExecuteDecoder.priceNullValue() ? MarketDataListener.RESTING_PRICE : price,
                    orderExecute.matchId());
                break;
            }
            case OrderReplaceDecoder.TEMPLATE_ID:
                if ((rejected = checkBlock(blockLength, OrderReplaceDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                orderReplace.wrap(buffer, body, blockLength, version);
                listener.onOrderReplace(orderReplace.eventTimeNs(), (int)orderReplace.instrumentId(),
                    orderReplace.originalOrderId(), orderReplace.newOrderId(), orderReplace.price(),
                    orderReplace.quantity());
                break;
            case TradeDecoder.TEMPLATE_ID:
            {
                if ((rejected = checkBlock(blockLength, TradeDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                trade.wrap(buffer, body, blockLength, version);
                final short aggressor = trade.aggressorSideRaw();
                if (aggressor != AggressorSide.UNKNOWN.value() && aggressor != AggressorSide.BUY.value() &&
                    aggressor != AggressorSide.SELL.value())
                {
                    return counters.reject(BAD_ENUM);
                }
                listener.onTrade(trade.eventTimeNs(), (int)trade.instrumentId(), trade.price(), trade.quantity(),
                    (byte)aggressor, trade.tradeId());
                break;
            }
            case LevelUpdateDecoder.TEMPLATE_ID:
                if ((rejected = checkBlock(blockLength, LevelUpdateDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                break;
            case BestBidOfferDecoder.TEMPLATE_ID:
                if ((rejected = checkBlock(blockLength, BestBidOfferDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                break;
            case BarDecoder.TEMPLATE_ID:
                if ((rejected = checkBlock(blockLength, BarDecoder.BLOCK_LENGTH, buffer, body)) != OK)
                {
                    return counters.reject(rejected);
                }
                bar.wrap(buffer, body, blockLength, version);
                listener.onBar(bar.startTimeNs(), bar.endTimeNs(), (int)bar.instrumentId(), bar.openPrice(),
                    bar.highPrice(), bar.lowPrice(), bar.closePrice(), bar.volume());
                break;
            default:
                return counters.reject(UNKNOWN_TEMPLATE);
        }
        counters.decoded(templateId);
        return OK;
    }

    /**
     * Every market-data message starts with its uint32 instrument id (SbeMarketDataDecoderTest holds each template to
     * it), so one check covers them all.
     *
     * @return {@link #OK}, {@link #TRUNCATED} or {@link #INSTRUMENT_ID_RANGE}.
     */
    private static int checkBlock(final int blockLength, final int minimum, final DirectBuffer buffer, final int body)
    {
        if (blockLength < minimum)
        {
            return TRUNCATED;
        }
        return buffer.getInt(body, MessageHeaderDecoder.BYTE_ORDER) < 0 ? INSTRUMENT_ID_RANGE : OK;
    }

    /** @return messages decoded by template id and rejected by reason. */
    public DecodeCounters counters()
    {
        return counters;
    }
}
