package io.lockstep.feed.sbe;

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
    private static final String[] REASONS = { "ok", "too short", "wrong schema", "unknown template", "truncated",
        "bad enum value" };
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
    private final long[] decodedByTemplate = new long[16];
    private final long[] rejectsByReason = new long[REASONS.length];

    /**
     * @return {@link #OK} or the reason the message was rejected.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final MarketDataListener listener)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return reject(TOO_SHORT);
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return reject(WRONG_SCHEMA);
        }
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (length - MessageHeaderDecoder.ENCODED_LENGTH < blockLength)
        {
            return reject(TRUNCATED);
        }
        switch (templateId)
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                if (blockLength < InstrumentDefinitionDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                definition.wrap(buffer, body, blockLength, version);
                listener.onInstrument(definition.eventTimeNs(), (int)definition.instrumentId(), buffer,
                    body + InstrumentDefinitionDecoder.symbolEncodingOffset(), SYMBOL_LENGTH, definition.priceExponent());
                break;
            case AddOrderDecoder.TEMPLATE_ID:
            {
                if (blockLength < AddOrderDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                addOrder.wrap(buffer, body, blockLength, version);
                final short side = addOrder.sideRaw();
                if (side != MarketDataListener.BUY && side != MarketDataListener.SELL)
                {
                    return reject(BAD_ENUM);
                }
                listener.onAddOrder(addOrder.eventTimeNs(), (int)addOrder.instrumentId(), addOrder.orderId(),
                    (byte)side, addOrder.price(), addOrder.quantity());
                break;
            }
            case OrderCancelDecoder.TEMPLATE_ID:
                if (blockLength < OrderCancelDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                orderCancel.wrap(buffer, body, blockLength, version);
                listener.onOrderCancel(orderCancel.eventTimeNs(), (int)orderCancel.instrumentId(),
                    orderCancel.orderId(), orderCancel.cancelledQuantity());
                break;
            case OrderDeleteDecoder.TEMPLATE_ID:
                if (blockLength < OrderDeleteDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                orderDelete.wrap(buffer, body, blockLength, version);
                listener.onOrderDelete(orderDelete.eventTimeNs(), (int)orderDelete.instrumentId(),
                    orderDelete.orderId());
                break;
            case OrderExecuteDecoder.TEMPLATE_ID:
            {
                if (blockLength < OrderExecuteDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
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
                if (blockLength < OrderReplaceDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                orderReplace.wrap(buffer, body, blockLength, version);
                listener.onOrderReplace(orderReplace.eventTimeNs(), (int)orderReplace.instrumentId(),
                    orderReplace.originalOrderId(), orderReplace.newOrderId(), orderReplace.price(),
                    orderReplace.quantity());
                break;
            case TradeDecoder.TEMPLATE_ID:
            {
                if (blockLength < TradeDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                trade.wrap(buffer, body, blockLength, version);
                final short aggressor = trade.aggressorSideRaw();
                if (aggressor != AggressorSide.UNKNOWN.value() && aggressor != AggressorSide.BUY.value() &&
                    aggressor != AggressorSide.SELL.value())
                {
                    return reject(BAD_ENUM);
                }
                listener.onTrade(trade.eventTimeNs(), (int)trade.instrumentId(), trade.price(), trade.quantity(),
                    (byte)aggressor, trade.tradeId());
                break;
            }
            case LevelUpdateDecoder.TEMPLATE_ID:
                if (blockLength < LevelUpdateDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                break;
            case BestBidOfferDecoder.TEMPLATE_ID:
                if (blockLength < BestBidOfferDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                break;
            case BarDecoder.TEMPLATE_ID:
                if (blockLength < BarDecoder.BLOCK_LENGTH)
                {
                    return reject(TRUNCATED);
                }
                bar.wrap(buffer, body, blockLength, version);
                listener.onBar(bar.startTimeNs(), bar.endTimeNs(), (int)bar.instrumentId(), bar.openPrice(),
                    bar.highPrice(), bar.lowPrice(), bar.closePrice(), bar.volume());
                break;
            default:
                return reject(UNKNOWN_TEMPLATE);
        }
        decodedByTemplate[templateId]++;
        return OK;
    }

    private int reject(final int reason)
    {
        rejectsByReason[reason]++;
        return reason;
    }

    /** @return messages decoded of one template id. */
    public long decoded(final int templateId)
    {
        return templateId >= 0 && templateId < decodedByTemplate.length ? decodedByTemplate[templateId] : 0;
    }

    public long rejects(final int reason)
    {
        return rejectsByReason[reason];
    }

    public static String reasonName(final int reason)
    {
        return REASONS[reason];
    }
}
