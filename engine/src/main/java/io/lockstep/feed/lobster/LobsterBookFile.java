package io.lockstep.feed.lobster;

import org.agrona.DirectBuffer;

/**
 * Parses one row of a LOBSTER order-book file: for levels 1 to N (best first), the four columns
 * {@code ask_price, ask_size, bid_price, bid_size}, prices in dollars x 10000 (mantissas at exponent -4). Row
 * <i>i</i> is the book right after row <i>i</i> of the message file. Missing levels are filled by LOBSTER with
 * the dummy prices {@link #DUMMY_ASK_PRICE} and {@link #DUMMY_BID_PRICE} and size 0; {@link #askLevels()} and
 * {@link #bidLevels()} count the real levels before them. Allocation-free; the arrays are reused per row.
 */
public final class LobsterBookFile
{
    public static final int OK = 0;
    public static final int EMPTY = 1;
    public static final int OUT_OF_BOUNDS = 2;
    /** Not exactly 4 x levels comma-separated columns. */
    public static final int FIELD_COUNT = 3;
    /** A column is empty, holds a non-digit (other than a leading '-') or has more than 18 digits. */
    public static final int INVALID_NUMBER = 4;

    public static final long DUMMY_ASK_PRICE = 9_999_999_999L;
    public static final long DUMMY_BID_PRICE = -9_999_999_999L;

    public final long[] askPrice;
    public final long[] askSize;
    public final long[] bidPrice;
    public final long[] bidSize;

    private final AsciiLong number = new AsciiLong();
    private final int levels;
    private int askLevels;
    private int bidLevels;

    /**
     * @param levels of the file, the N in its name ({@code ..._orderbook_10.csv}).
     */
    public LobsterBookFile(final int levels)
    {
        this.levels = levels;
        askPrice = new long[levels];
        askSize = new long[levels];
        bidPrice = new long[levels];
        bidSize = new long[levels];
    }

    public int levels()
    {
        return levels;
    }

    /**
     * @return levels with a real ask price in the last row parsed OK.
     */
    public int askLevels()
    {
        return askLevels;
    }

    public int bidLevels()
    {
        return bidLevels;
    }

    /**
     * Parse one row (no line end) into the arrays. After a failure the arrays hold a mix of rows.
     *
     * @return {@link #OK} or the failure reason.
     */
    public int parse(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0)
        {
            return EMPTY;
        }
        if (offset < 0 || length > buffer.capacity() - offset)
        {
            return OUT_OF_BOUNDS;
        }

        final int end = offset + length;
        final int columns = 4 * levels;
        int index = offset;
        for (int column = 0; column < columns; column++)
        {
            final int after = number.parse(buffer, index, end, true);
            if (after < 0)
            {
                return INVALID_NUMBER;
            }
            final boolean last = column == columns - 1;
            if (after == end)
            {
                if (!last)
                {
                    return FIELD_COUNT;
                }
            }
            else if (buffer.getByte(after) != ',')
            {
                return INVALID_NUMBER;
            }
            else if (last)
            {
                return FIELD_COUNT;
            }

            final int level = column >> 2;
            switch (column & 3)
            {
                case 0:
                    askPrice[level] = number.value;
                    break;
                case 1:
                    askSize[level] = number.value;
                    break;
                case 2:
                    bidPrice[level] = number.value;
                    break;
                default:
                    bidSize[level] = number.value;
                    break;
            }
            index = after + 1;
        }

        askLevels = realLevels(askPrice, DUMMY_ASK_PRICE);
        bidLevels = realLevels(bidPrice, DUMMY_BID_PRICE);
        return OK;
    }

    private int realLevels(final long[] prices, final long dummy)
    {
        int count = 0;
        while (count < levels && prices[count] != dummy)
        {
            count++;
        }
        return count;
    }
}
