package io.lockstep.engine.venue;

import io.lockstep.book.OrderBook;
import io.lockstep.engine.spi.OrderIntent;

import static io.lockstep.engine.spi.OrderIntent.BUY;
import static io.lockstep.engine.spi.OrderIntent.SELL;

/**
 * Matching of the paper venue: fills an immediate-or-cancel limit order against the current book, walking from
 * the touch into deeper levels. A buy takes the asks from the best while the level's price is at most the limit,
 * a sell takes the bids while the level's price is at least the limit; each level gives one fill of
 * {@code min(level quantity, remaining)} at the level's own price. What cannot fill expires (IOC).
 * <p>
 * Paper fills do not change the book: the real feed drives it and we do not deplete it, so two orders in a row
 * can both take the same displayed liquidity. That flatters fills of repeated aggressive orders; it is the
 * price of never diverging from the venue's own book.
 * <p>
 * Single-threaded, allocation-free, reads no clock; counts what it matched.
 */
public final class PaperMatcher
{

    private long orders;
    private long rejectedOrders;
    private long fills;
    private long filledQuantity;
    private long expiredQuantity;

    /**
     * @param book       the instrument's book, read only.
     * @param side       {@link OrderIntent#BUY} or {@link OrderIntent#SELL}.
     * @param limitPrice limit price mantissa (at the book's exponent); {@code Long.MAX_VALUE} for a buy or
     *                   {@code Long.MIN_VALUE} for a sell sweeps at any price.
     * @param quantity   units, > 0.
     * @param listener   told of each fill, best level first.
     * @return units filled, 0 when nothing was fillable; the remainder {@code quantity - filled} expired. An
     * invalid side or a quantity of 0 or less fills nothing and is counted in {@link #rejectedOrders()}.
     */
    public long match(
        final OrderBook book, final byte side, final long limitPrice, final long quantity, final FillListener listener)
    {
        if (quantity <= 0 || (side != BUY && side != SELL))
        {
            rejectedOrders++;
            return 0;
        }
        orders++;

        final boolean buy = side == BUY;
        final int levels = buy ? book.askLevels() : book.bidLevels();
        long remaining = quantity;
        for (int level = 0; level < levels && remaining > 0; level++)
        {
            final long price = buy ? book.askPrice(level) : book.bidPrice(level);
            if (buy ? price > limitPrice : price < limitPrice)
            {
                break;
            }
            final long fill = Math.min(buy ? book.askQuantity(level) : book.bidQuantity(level), remaining);
            remaining -= fill;
            fills++;
            listener.onFill(price, fill, remaining);
        }

        final long filled = quantity - remaining;
        filledQuantity += filled;
        expiredQuantity += remaining;
        return filled;
    }

    /**
     * @return orders matched (valid side and quantity), whether or not they filled.
     */
    public long orders()
    {
        return orders;
    }

    public long rejectedOrders()
    {
        return rejectedOrders;
    }

    /**
     * @return fills reported, one per level taken.
     */
    public long fills()
    {
        return fills;
    }

    public long filledQuantity()
    {
        return filledQuantity;
    }

    /**
     * @return units of valid orders left unfilled and expired.
     */
    public long expiredQuantity()
    {
        return expiredQuantity;
    }
}
