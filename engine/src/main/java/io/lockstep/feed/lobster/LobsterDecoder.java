package io.lockstep.feed.lobster;

import io.lockstep.feed.DecodeCounters;
import io.lockstep.feed.MarketDataListener;
import org.agrona.DirectBuffer;


/**
 * Decodes one row of a LOBSTER message file (ASCII CSV {@code time,type,order_id,size,price,direction}, no line
 * end) and drives a {@link MarketDataListener} for one configured instrument. Digits are parsed by hand:
 * allocation-free, and it never throws on bad input: a bad row is rejected with a status code, counted by
 * reason, and nothing reaches the listener. Counts every decoded row by type. Single-threaded.
 * <p>
 * Fields: time is seconds after midnight with up to 9 decimals, converted to nanoseconds exactly in integer
 * arithmetic; price is dollars x 10000, passed on as the mantissa at exponent {@value #PRICE_EXPONENT}; size
 * is shares; direction is 1 (buy order) or -1 (sell order). LOBSTER has no match ids, so matchId is 0.
 * <ul>
 * <li>1 submission: {@code onAddOrder}, 1 = BUY, -1 = SELL.</li>
 * <li>2 cancellation (partial): {@code onOrderCancel} of size shares.</li>
 * <li>3 deletion: {@code onOrderDelete}.</li>
 * <li>4 execution of a visible order: {@code onOrderExecute} at the row's price (LOBSTER's price column is that
 * order's price), so that the execution of an order placed before the file began is still a trade print.</li>
 * <li>5 execution of a hidden order: {@code onTrade}; direction is the hidden resting order's side, so the
 * aggressor is the opposite one. LOBSTER notes that Nasdaq TotalView masks the side of hidden executions as
 * buy in later data (as ITCH does for P trades since 14 July 2014); for such files construct with
 * {@code hiddenAggressorFromDirection = false} to pass UNKNOWN_SIDE instead.</li>
 * <li>6 cross trade (auction): {@code onTrade} with UNKNOWN_SIDE.</li>
 * <li>7 trading halt: counted only. LOBSTER puts the state in the price column: -1 halt begins, 0 quoting
 * resumes, 1 trading resumes; read it from {@link #price()}.</li>
 * </ul>
 * Validation: exactly six comma-separated fields; the time as above; integer fields of 1 to 18 digits (order
 * id, price and direction may be negative); type 1 to 7. Types 1 to 5 need direction 1 or -1, and types 1 to 6
 * a size and price above 0; halts carry placeholders there and are not checked.
 * <p>
 * After every {@link #OK} decode the row's fields are available from {@link #timeNs()} to {@link #direction()}
 * (also while the listener is called); a rejected row leaves the previous row's values.
 */
public final class LobsterDecoder
{
    public static final int OK = 0;
    /** Zero (or negative) length. */
    public static final int EMPTY = 1;
    /** Offset or length point outside the buffer. */
    public static final int OUT_OF_BOUNDS = 2;
    /** Not exactly {@value #FIELDS} comma-separated fields. */
    public static final int FIELD_COUNT = 3;
    /** The time is not {@code digits[.digits]} with 1 to 9 integer digits and 1 to 9 decimals. */
    public static final int INVALID_TIME = 4;
    /** An integer field is empty, holds a non-digit or has more than 18 digits. */
    public static final int INVALID_NUMBER = 5;
    /** The type is not 1 to 7. */
    public static final int UNKNOWN_TYPE = 6;
    /** Types 1 to 5: direction neither 1 nor -1. */
    public static final int INVALID_DIRECTION = 7;
    /** Types 1 to 6: size 0. */
    public static final int INVALID_SIZE = 8;
    /** Types 1 to 6: price 0 or below. */
    public static final int INVALID_PRICE = 9;
    public static final int REASON_COUNT = 10;

    public static final int SUBMISSION = 1;
    public static final int CANCELLATION = 2;
    public static final int DELETION = 3;
    public static final int EXECUTION_VISIBLE = 4;
    public static final int EXECUTION_HIDDEN = 5;
    public static final int CROSS_TRADE = 6;
    public static final int TRADING_HALT = 7;

    public static final int FIELDS = 6;
    public static final int PRICE_EXPONENT = -4;

    private static final int MAX_SECOND_DIGITS = 9;
    private static final int NANO_DIGITS = 9;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NO_MATCH_ID = 0;
    private static final String[] REASON_NAMES =
    {
        "OK", "EMPTY", "OUT_OF_BOUNDS", "FIELD_COUNT", "INVALID_TIME", "INVALID_NUMBER", "UNKNOWN_TYPE",
        "INVALID_DIRECTION", "INVALID_SIZE", "INVALID_PRICE"
    };

    private final DecodeCounters counters = new DecodeCounters(TRADING_HALT + 1, REASON_NAMES);

    private final AsciiLong number = new AsciiLong();
    private final int instrumentId;
    private final boolean hiddenAggressorFromDirection;

    private long parsedTimeNs;
    private long timeNs;
    private int type;
    private long orderId;
    private long size;
    private long price;
    private int direction;

    /**
     * A decoder whose hidden executions (type 5) take the aggressor as the opposite of the direction.
     *
     * @param instrumentId passed with every event.
     */
    public LobsterDecoder(final int instrumentId)
    {
        this(instrumentId, true);
    }

    /**
     * @param instrumentId                 passed with every event.
     * @param hiddenAggressorFromDirection true to derive a type 5 trade's aggressor as the opposite of its
     *                                     direction, false for UNKNOWN_SIDE (files where the side is masked).
     */
    public LobsterDecoder(final int instrumentId, final boolean hiddenAggressorFromDirection)
    {
        this.instrumentId = instrumentId;
        this.hiddenAggressorFromDirection = hiddenAggressorFromDirection;
    }

    /**
     * Decode one message-file row.
     *
     * @param buffer   holding the row.
     * @param offset   of the row's first byte.
     * @param length   of the row without its line end.
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

        final int end = offset + length;
        int index = parseTime(buffer, offset, end);
        if (index < 0)
        {
            return counters.reject(INVALID_TIME);
        }
        index = next(buffer, index, end, false);
        if (index < 0)
        {
            return counters.reject(index == -FIELD_COUNT ? FIELD_COUNT : INVALID_TIME);
        }

        index = field(buffer, index, end, false, false);
        if (index < 0)
        {
            return counters.reject(-index);
        }
        final long rowType = number.value;

        index = field(buffer, index, end, true, false);
        if (index < 0)
        {
            return counters.reject(-index);
        }
        final long rowOrderId = number.value;

        index = field(buffer, index, end, false, false);
        if (index < 0)
        {
            return counters.reject(-index);
        }
        final long rowSize = number.value;

        index = field(buffer, index, end, true, false);
        if (index < 0)
        {
            return counters.reject(-index);
        }
        final long rowPrice = number.value;

        index = field(buffer, index, end, true, true);
        if (index < 0)
        {
            return counters.reject(-index);
        }
        final long rowDirection = number.value;

        if (rowType < SUBMISSION || rowType > TRADING_HALT)
        {
            return counters.reject(UNKNOWN_TYPE);
        }
        if (rowType <= EXECUTION_HIDDEN && rowDirection != 1 && rowDirection != -1)
        {
            return counters.reject(INVALID_DIRECTION);
        }
        if (rowType <= CROSS_TRADE)
        {
            if (rowSize <= 0)
            {
                return counters.reject(INVALID_SIZE);
            }
            if (rowPrice <= 0)
            {
                return counters.reject(INVALID_PRICE);
            }
        }

        timeNs = parsedTimeNs;
        type = (int)rowType;
        orderId = rowOrderId;
        size = rowSize;
        price = rowPrice;
        direction = (int)rowDirection;
        counters.decoded(type);

        final byte side = direction == 1 ? MarketDataListener.BUY : MarketDataListener.SELL;
        switch (type)
        {
            case SUBMISSION:
                listener.onAddOrder(timeNs, instrumentId, orderId, side, price, size);
                break;

            case CANCELLATION:
                listener.onOrderCancel(timeNs, instrumentId, orderId, size);
                break;

            case DELETION:
                listener.onOrderDelete(timeNs, instrumentId, orderId);
                break;

            case EXECUTION_VISIBLE:
                // The row's price is the resting order's; carried, so that a print of an order placed before the
                // file began (which no book knows) is still a trade.
                listener.onOrderExecute(timeNs, instrumentId, orderId, size, price, NO_MATCH_ID);
                break;

            case EXECUTION_HIDDEN:
            {
                // Direction is the hidden resting order's side; the aggressor took the other side.
                final byte aggressor = hiddenAggressorFromDirection ?
                    (side == MarketDataListener.BUY ? MarketDataListener.SELL : MarketDataListener.BUY) :
                    MarketDataListener.UNKNOWN_SIDE;
                listener.onTrade(timeNs, instrumentId, price, size, aggressor, NO_MATCH_ID);
                break;
            }

            case CROSS_TRADE:
                listener.onTrade(timeNs, instrumentId, price, size, MarketDataListener.UNKNOWN_SIDE, NO_MATCH_ID);
                break;

            default:
                break;
        }

        return OK;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * @return the last decoded row's time in nanoseconds after midnight.
     */
    public long timeNs()
    {
        return timeNs;
    }

    /**
     * @return the last decoded row's type, {@link #SUBMISSION} to {@link #TRADING_HALT}.
     */
    public int type()
    {
        return type;
    }

    public long orderId()
    {
        return orderId;
    }

    public long size()
    {
        return size;
    }

    /**
     * @return the last decoded row's price column: dollars x 10000, or the halt state for type 7.
     */
    public long price()
    {
        return price;
    }

    /**
     * @return 1 buy or -1 sell (as in the file; unchecked for types 6 and 7).
     */
    public int direction()
    {
        return direction;
    }

    /** @return messages decoded by type and rejected by reason. */
    public DecodeCounters counters()
    {
        return counters;
    }

    /**
     * Parse {@code seconds[.fraction]} into {@link #parsedTimeNs}, scaling the fraction to nanoseconds.
     *
     * @return the index after the time, or -1 when malformed.
     */
    private int parseTime(final DirectBuffer buffer, final int offset, final int end)
    {
        long seconds = 0;
        int i = offset;
        while (i < end)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            seconds = seconds * 10 + digit;
            i++;
        }
        final int secondDigits = i - offset;
        if (secondDigits == 0 || secondDigits > MAX_SECOND_DIGITS)
        {
            return -1;
        }

        long nanos = 0;
        if (i < end && buffer.getByte(i) == '.')
        {
            i++;
            final int fractionStart = i;
            while (i < end)
            {
                final int digit = buffer.getByte(i) - '0';
                if (digit < 0 || digit > 9)
                {
                    break;
                }
                nanos = nanos * 10 + digit;
                i++;
            }
            final int fractionDigits = i - fractionStart;
            if (fractionDigits == 0 || fractionDigits > NANO_DIGITS)
            {
                return -1;
            }
            for (int pad = fractionDigits; pad < NANO_DIGITS; pad++)
            {
                nanos *= 10;
            }
        }

        parsedTimeNs = seconds * NANOS_PER_SECOND + nanos;
        return i;
    }

    /**
     * Parse one integer field into {@link #number}.
     *
     * @return the start of the next field (or the end after the last), or minus the reject reason.
     */
    private int field(
        final DirectBuffer buffer, final int index, final int end, final boolean signed, final boolean last)
    {
        final int after = number.parse(buffer, index, end, signed);
        if (after < 0)
        {
            return -INVALID_NUMBER;
        }
        return next(buffer, after, end, last);
    }

    /**
     * After a field's value: a comma and another field, or the end of the row after the last field.
     */
    private static int next(final DirectBuffer buffer, final int after, final int end, final boolean last)
    {
        if (after == end)
        {
            return last ? after : -FIELD_COUNT;
        }
        if (buffer.getByte(after) != ',')
        {
            return -INVALID_NUMBER;
        }
        return last ? -FIELD_COUNT : after + 1;
    }

}
