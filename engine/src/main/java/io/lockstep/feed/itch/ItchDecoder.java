package io.lockstep.feed.itch;

import io.lockstep.feed.DecodeCounters;
import io.lockstep.feed.MarketDataListener;
import org.agrona.DirectBuffer;


import static io.lockstep.feed.itch.ItchMessage.*;
import static io.lockstep.feed.itch.ItchMessageType.*;

/**
 * Decodes one Nasdaq TotalView-ITCH 5.0 message (no framing) and drives a {@link MarketDataListener}.
 * Allocation-free and never throws on bad input: a bad message is rejected with a status code, counted by
 * reason, and nothing is passed to the listener. Counts every decoded message by type. Single-threaded.
 * <p>
 * Mapping to the listener (instrumentId = stock locate, eventTimeNs = ITCH timestamp, prices Price(4)
 * mantissas at exponent -4):
 * <ul>
 * <li>R Stock Directory: {@code onInstrument} with the 8-byte space-padded symbol, exponent -4.</li>
 * <li>A, F Add Order: {@code onAddOrder}, 'B' = BUY, 'S' = SELL; any other side byte is rejected
 * ({@link #INVALID_SIDE}) rather than guessed, since a wrong side corrupts the book.</li>
 * <li>E Order Executed: {@code onOrderExecute} at {@link MarketDataListener#RESTING_PRICE}.</li>
 * <li>C Order Executed with Price: {@code onOrderExecute} with the execution price when printable. Printable =
 * 'N' says the execution is part of a cross that a Q reports in full: the shares leave the resting order all the
 * same, but counted as a print too they would double the cross's volume, so it goes to {@code onOrderCancel}
 * (the book's reduction, without a trade).</li>
 * <li>X Order Cancel: {@code onOrderCancel}; D Order Delete: {@code onOrderDelete}; U Order Replace:
 * {@code onOrderReplace}.</li>
 * <li>P Trade (non-cross): {@code onTrade}. The specification defines the Buy/Sell Indicator as the side of
 * the resting non-displayed order, but also says that since 14 July 2014 Nasdaq always sends 'B' whatever the
 * resting side (every P in the real samples carries 'B' and order reference 0). So by default the aggressor
 * is {@link MarketDataListener#UNKNOWN_SIDE}. For archives from before that date construct with
 * {@code tradeAggressorFromIndicator = true}: the aggressor is then the opposite of the indicator
 * ('B' resting buy = SELL aggressor).</li>
 * <li>Q Cross Trade: {@code onTrade} with UNKNOWN_SIDE (an auction has no aggressor), cross shares and price; a
 * cross of 0 shares (none happened, at a price of 0 in the real samples) is no print.</li>
 * <li>Everything else (S, H, Y, L, V, W, K, J, h, B, I, N, O) is decoded and counted only; read its fields
 * through {@link #message()}.</li>
 * </ul>
 * After every {@link #OK} decode, {@link #message()} views the message just decoded (valid while the buffer
 * holds it); it is also already wrapped while the listener is called.
 */
public final class ItchDecoder
{
    public static final int OK = 0;
    /** Zero (or negative) length: nothing to decode. */
    public static final int EMPTY = 1;
    /** The first byte is not an ITCH 5.0 message type. */
    public static final int UNKNOWN_TYPE = 2;
    /** The length is not the fixed length of the message type (truncated, padded or mis-framed). */
    public static final int LENGTH_MISMATCH = 3;
    /** Offset or length point outside the buffer. */
    public static final int OUT_OF_BOUNDS = 4;
    /** An Add Order whose Buy/Sell Indicator is neither 'B' nor 'S'. */
    public static final int INVALID_SIDE = 5;
    public static final int REASON_COUNT = 6;

    public static final int PRICE_EXPONENT = -4;

    private static final String[] REASON_NAMES =
        { "OK", "EMPTY", "UNKNOWN_TYPE", "LENGTH_MISMATCH", "OUT_OF_BOUNDS", "INVALID_SIDE" };

    private final DecodeCounters counters = new DecodeCounters(256, REASON_NAMES);

    private final ItchMessage message = new ItchMessage();
    private final boolean tradeAggressorFromIndicator;

    /**
     * A decoder for current (post July 2014) feeds: P trades have an unknown aggressor.
     */
    public ItchDecoder()
    {
        this(false);
    }

    /**
     * @param tradeAggressorFromIndicator true to derive a P trade's aggressor as the opposite of its Buy/Sell
     *                                    Indicator, which is only meaningful in data from before 14 July 2014.
     */
    public ItchDecoder(final boolean tradeAggressorFromIndicator)
    {
        this.tradeAggressorFromIndicator = tradeAggressorFromIndicator;
    }

    /**
     * Decode one ITCH message.
     *
     * @param buffer   holding the message.
     * @param offset   of the message type byte.
     * @param length   of the message as framed (BinaryFILE or MoldUDP64 length).
     * @param listener receives the book and trade events.
     * @return {@link #OK} or the reject reason.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final MarketDataListener listener)
    {
        if (length <= 0)
        {
            return counters.reject(EMPTY);
        }
        if (offset < 0 || length > buffer.capacity() - offset)
        {
            return counters.reject(OUT_OF_BOUNDS);
        }

        final byte type = buffer.getByte(offset);
        final int expectedLength = ItchMessageType.length(type);
        if (expectedLength == 0)
        {
            return counters.reject(UNKNOWN_TYPE);
        }
        if (length != expectedLength)
        {
            return counters.reject(LENGTH_MISMATCH);
        }

        // Only A, F and P have a Buy/Sell Indicator; the length check above makes reading it safe.
        byte addSide = MarketDataListener.UNKNOWN_SIDE;
        if (type == ADD_ORDER || type == ADD_ORDER_MPID || type == TRADE)
        {
            addSide = toSide(buffer.getByte(offset + ADD_SIDE_OFFSET));
            if (addSide == MarketDataListener.UNKNOWN_SIDE && type != TRADE)
            {
                return counters.reject(INVALID_SIDE);
            }
        }

        message.wrap(buffer, offset, length);
        final int locate = buffer.getShort(offset + STOCK_LOCATE_OFFSET, BYTE_ORDER) & 0xFFFF;
        final long timestampNs = ItchMessage.readUint48(buffer, offset + TIMESTAMP_OFFSET);

        switch (type)
        {
            case ADD_ORDER:
            case ADD_ORDER_MPID:
                count(type);
                listener.onAddOrder(
                    timestampNs,
                    locate,
                    buffer.getLong(offset + ORDER_REFERENCE_OFFSET, BYTE_ORDER),
                    addSide,
                    uint32(buffer, offset + ADD_PRICE_OFFSET),
                    uint32(buffer, offset + ADD_SHARES_OFFSET));
                break;

            case ORDER_EXECUTED:
                count(type);
                listener.onOrderExecute(
                    timestampNs,
                    locate,
                    buffer.getLong(offset + ORDER_REFERENCE_OFFSET, BYTE_ORDER),
                    uint32(buffer, offset + EXECUTED_SHARES_OFFSET),
                    MarketDataListener.RESTING_PRICE,
                    buffer.getLong(offset + EXECUTED_MATCH_OFFSET, BYTE_ORDER));
                break;

            case ORDER_EXECUTED_WITH_PRICE:
                count(type);
                if (buffer.getByte(offset + C_PRINTABLE_OFFSET) == 'N')
                {
                    listener.onOrderCancel(
                        timestampNs,
                        locate,
                        buffer.getLong(offset + ORDER_REFERENCE_OFFSET, BYTE_ORDER),
                        uint32(buffer, offset + EXECUTED_SHARES_OFFSET));
                    break;
                }
                listener.onOrderExecute(
                    timestampNs,
                    locate,
                    buffer.getLong(offset + ORDER_REFERENCE_OFFSET, BYTE_ORDER),
                    uint32(buffer, offset + EXECUTED_SHARES_OFFSET),
                    uint32(buffer, offset + C_EXECUTION_PRICE_OFFSET),
                    buffer.getLong(offset + EXECUTED_MATCH_OFFSET, BYTE_ORDER));
                break;

            case ORDER_CANCEL:
                count(type);
                listener.onOrderCancel(
                    timestampNs,
                    locate,
                    buffer.getLong(offset + ORDER_REFERENCE_OFFSET, BYTE_ORDER),
                    uint32(buffer, offset + X_CANCELED_SHARES_OFFSET));
                break;

            case ORDER_DELETE:
                count(type);
                listener.onOrderDelete(
                    timestampNs, locate, buffer.getLong(offset + ORDER_REFERENCE_OFFSET, BYTE_ORDER));
                break;

            case ORDER_REPLACE:
                count(type);
                listener.onOrderReplace(
                    timestampNs,
                    locate,
                    buffer.getLong(offset + U_ORIGINAL_REFERENCE_OFFSET, BYTE_ORDER),
                    buffer.getLong(offset + U_NEW_REFERENCE_OFFSET, BYTE_ORDER),
                    uint32(buffer, offset + U_PRICE_OFFSET),
                    uint32(buffer, offset + U_SHARES_OFFSET));
                break;

            case TRADE:
            {
                // The indicator names the resting (hidden) side, so the aggressor is the other one.
                final byte aggressor =
                    tradeAggressorFromIndicator ? opposite(addSide) : MarketDataListener.UNKNOWN_SIDE;
                count(type);
                listener.onTrade(
                    timestampNs,
                    locate,
                    uint32(buffer, offset + ADD_PRICE_OFFSET),
                    uint32(buffer, offset + ADD_SHARES_OFFSET),
                    aggressor,
                    buffer.getLong(offset + P_MATCH_OFFSET, BYTE_ORDER));
                break;
            }

            case CROSS_TRADE:
                count(type);
                if (buffer.getLong(offset + Q_SHARES_OFFSET, BYTE_ORDER) == 0)
                {
                    break; // a cross that did not happen (no shares matched at its price, often 0): no print
                }
                listener.onTrade(
                    timestampNs,
                    locate,
                    uint32(buffer, offset + Q_PRICE_OFFSET),
                    buffer.getLong(offset + Q_SHARES_OFFSET, BYTE_ORDER),
                    MarketDataListener.UNKNOWN_SIDE,
                    buffer.getLong(offset + Q_MATCH_OFFSET, BYTE_ORDER));
                break;

            case STOCK_DIRECTORY:
                count(type);
                listener.onInstrument(
                    timestampNs, locate, buffer, offset + R_STOCK_OFFSET, STOCK_LENGTH, PRICE_EXPONENT);
                break;

            default:
                count(type);
                break;
        }

        return OK;
    }

    /**
     * @return the view of the last message decoded {@link #OK}; after a reject it still shows the previous one.
     */
    public ItchMessage message()
    {
        return message;
    }

    /** @return messages decoded by type and rejected by reason. */
    public DecodeCounters counters()
    {
        return counters;
    }

    /**
     * @return BUY for 'B', SELL for 'S', otherwise UNKNOWN_SIDE.
     */
    public static byte toSide(final byte buySellIndicator)
    {
        switch (buySellIndicator)
        {
            case 'B':
                return MarketDataListener.BUY;
            case 'S':
                return MarketDataListener.SELL;
            default:
                return MarketDataListener.UNKNOWN_SIDE;
        }
    }

    private static byte opposite(final byte side)
    {
        switch (side)
        {
            case MarketDataListener.BUY:
                return MarketDataListener.SELL;
            case MarketDataListener.SELL:
                return MarketDataListener.BUY;
            default:
                return MarketDataListener.UNKNOWN_SIDE;
        }
    }

    private static long uint32(final DirectBuffer buffer, final int index)
    {
        return buffer.getInt(index, BYTE_ORDER) & 0xFFFF_FFFFL;
    }

    private void count(final byte type)
    {
        counters.decoded(type & 0xFF);
    }

}
