package io.lockstep.book;

import io.lockstep.features.MarketSnapshot;
import io.lockstep.feed.MarketDataListener;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * The order-level book of one instrument: every resting order by id (side, price, remaining quantity) and the
 * aggregated price levels of each side (price, total quantity, order count), plus the last trade. Driven
 * through {@link MarketDataListener}; the {@code instrumentId} arguments are ignored, since whoever routes
 * events here ({@link OrderBooks}) has already chosen the book. Single-threaded.
 * <p>
 * Allocation-free per event once warm: orders live in preallocated primitive arrays and levels in sorted
 * arrays, both doubling (counted, see {@link #orderPoolGrowths()} and {@link #levelGrowths()}) only when a
 * capacity is exceeded. Nothing is thrown on bad input: each problem is counted by reason and the event is
 * either ignored or, for the clamps, applied as far as it can be:
 * <ul>
 * <li>{@link #UNKNOWN_ORDER}: cancel, delete, execute or replace of an id not in the book; ignored.</li>
 * <li>{@link #DUPLICATE_ORDER}: add (or the new id of a replace) of an id already in the book; ignored.</li>
 * <li>{@link #OVER_EXECUTION}, {@link #OVER_CANCEL}: more than the remaining quantity; clamped to the
 * remaining quantity, so the order leaves the book.</li>
 * <li>{@link #INVALID_SIDE}: an add whose side is neither BUY nor SELL; ignored. A trade with an aggressor
 * outside BUY, SELL and UNKNOWN_SIDE is recorded with UNKNOWN_SIDE and counted.</li>
 * <li>{@link #INVALID_QUANTITY}: add, cancel, execute or replace with a quantity of 0 or less, or a trade with
 * a negative one (0 is a print of unknown size, as a tick series without sizes gives); ignored.</li>
 * <li>{@link #INVALID_PRICE}: an add or replace at {@link #NO_PRICE}, the sentinel queries return; ignored.</li>
 * <li>{@link #INVALID_EXPONENT}: {@code onInstrument} with a price exponent outside
 * [{@value PriceScale#MIN_EXPONENT}, {@value PriceScale#MAX_EXPONENT}]; the exponent is kept.</li>
 * </ul>
 * A replace always takes the original order out when it is known (the venue says it left); the new order
 * joins unless its id, price or quantity is rejected as above.
 * <p>
 * Trades: {@code onTrade} and every applied {@code onOrderExecute} record the last trade. An execution of a
 * visible order is a trade print: its price is the execution price, or the order's own price for
 * {@link MarketDataListener#RESTING_PRICE}; its size is the executed quantity as reported (before any clamp,
 * since that is what traded); its aggressor is the opposite of the resting order's side. The book itself is
 * always reduced at the order's own price. An execution of an order the book does not know (placed before the feed
 * began) is counted as {@link #UNKNOWN_ORDER}, and is still a trade print, of unknown aggressor, when it carries
 * its price.
 */
public final class OrderBook implements MarketDataListener
{
    /** Price returned for a missing level or when there has been no trade. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    public static final int UNKNOWN_ORDER = 1;
    public static final int DUPLICATE_ORDER = 2;
    public static final int OVER_EXECUTION = 3;
    public static final int OVER_CANCEL = 4;
    public static final int INVALID_SIDE = 5;
    public static final int INVALID_QUANTITY = 6;
    public static final int INVALID_PRICE = 7;
    public static final int INVALID_EXPONENT = 8;
    public static final int REASON_COUNT = 9;

    public static final int DEFAULT_PRICE_EXPONENT = -4;

    private static final String[] REASON_NAMES =
    {
        "NONE", "UNKNOWN_ORDER", "DUPLICATE_ORDER", "OVER_EXECUTION", "OVER_CANCEL", "INVALID_SIDE",
        "INVALID_QUANTITY", "INVALID_PRICE", "INVALID_EXPONENT"
    };

    private final OrderPool orders;
    private final PriceLevels bids;
    private final PriceLevels asks;
    private final long[] errorCounts = new long[REASON_COUNT];
    private long totalErrors;
    /** The counted events that are {@link #isInconsistency inconsistencies}, and how many of them were taken. */
    private long inconsistencies;
    private long inconsistenciesTaken;

    private int priceExponent;
    private double priceMultiplier;
    private double priceDivisor;

    private long eventTimeNs;
    private boolean lastEventTrade;
    private long lastTradePrice = NO_PRICE;
    private long lastTradeQuantity;
    private byte lastTradeSide = UNKNOWN_SIDE;
    private long tradeCount;

    /**
     * @param orderCapacity resting orders held before the pool doubles.
     * @param levelCapacity price levels per side held before that side doubles.
     */
    public OrderBook(final int orderCapacity, final int levelCapacity)
    {
        orders = new OrderPool(orderCapacity);
        bids = new PriceLevels(true, levelCapacity);
        asks = new PriceLevels(false, levelCapacity);
        priceExponent(DEFAULT_PRICE_EXPONENT);
    }

    // ---- events ----

    /**
     * Takes the instrument's price exponent (used by {@link #snapshot(MarketSnapshot)}); the book is unchanged.
     */
    public void onInstrument(
        final long eventTimeNs,
        final int instrumentId,
        final DirectBuffer symbol,
        final int symbolOffset,
        final int symbolLength,
        final int priceExponent)
    {
        if (!priceExponent(priceExponent))
        {
            error(INVALID_EXPONENT);
        }
    }

    public void onAddOrder(
        final long eventTimeNs,
        final int instrumentId,
        final long orderId,
        final byte side,
        final long price,
        final long quantity)
    {
        beginEvent(eventTimeNs);
        if (side != BUY && side != SELL)
        {
            error(INVALID_SIDE);
            return;
        }
        addOrder(orderId, side, price, quantity);
    }

    public void onOrderCancel(
        final long eventTimeNs, final int instrumentId, final long orderId, final long cancelledQuantity)
    {
        beginEvent(eventTimeNs);
        final int slot = orders.slotOf(orderId);
        if (slot == OrderPool.NO_SLOT)
        {
            error(UNKNOWN_ORDER);
            return;
        }
        if (cancelledQuantity <= 0)
        {
            error(INVALID_QUANTITY);
            return;
        }
        reduce(slot, clamp(slot, cancelledQuantity, OVER_CANCEL));
    }

    public void onOrderDelete(final long eventTimeNs, final int instrumentId, final long orderId)
    {
        beginEvent(eventTimeNs);
        final int slot = orders.slotOf(orderId);
        if (slot == OrderPool.NO_SLOT)
        {
            error(UNKNOWN_ORDER);
            return;
        }
        reduce(slot, orders.quantity(slot));
    }

    public void onOrderExecute(
        final long eventTimeNs,
        final int instrumentId,
        final long orderId,
        final long quantity,
        final long price,
        final long matchId)
    {
        beginEvent(eventTimeNs);
        final int slot = orders.slotOf(orderId);
        if (slot == OrderPool.NO_SLOT)
        {
            error(UNKNOWN_ORDER);
            if (price != RESTING_PRICE && quantity > 0)
            {
                // An order placed before the feed began: the book cannot reduce it, but the print happened.
                recordTrade(price, quantity, UNKNOWN_SIDE);
            }
            return;
        }
        if (quantity <= 0)
        {
            error(INVALID_QUANTITY);
            return;
        }

        final long tradePrice = price == RESTING_PRICE ? orders.price(slot) : price;
        recordTrade(tradePrice, quantity, opposite(orders.side(slot)));
        reduce(slot, clamp(slot, quantity, OVER_EXECUTION));
    }

    public void onOrderReplace(
        final long eventTimeNs,
        final int instrumentId,
        final long originalOrderId,
        final long newOrderId,
        final long price,
        final long quantity)
    {
        beginEvent(eventTimeNs);
        final int slot = orders.slotOf(originalOrderId);
        if (slot == OrderPool.NO_SLOT)
        {
            // Without the original there is no side for the new order: drop both.
            error(UNKNOWN_ORDER);
            return;
        }
        final byte side = orders.side(slot);
        reduce(slot, orders.quantity(slot));
        addOrder(newOrderId, side, price, quantity);
    }

    public void onTrade(
        final long eventTimeNs,
        final int instrumentId,
        final long price,
        final long quantity,
        final byte aggressorSide,
        final long matchId)
    {
        beginEvent(eventTimeNs);
        if (quantity < 0)
        {
            error(INVALID_QUANTITY); // a size of 0 is a print of unknown size (a tick series without sizes)
            return;
        }
        byte side = aggressorSide;
        if (side != BUY && side != SELL && side != UNKNOWN_SIDE)
        {
            error(INVALID_SIDE);
            side = UNKNOWN_SIDE;
        }
        recordTrade(price, quantity, side);
    }

    /**
     * Remove every order and level; counters, the last trade and the exponent stay. Allocation-free.
     */
    public void clear()
    {
        orders.clear();
        bids.clear();
        asks.clear();
    }

    // ---- levels ----

    public long bestBidPrice()
    {
        return bids.size() > 0 ? bids.price(0) : NO_PRICE;
    }

    public long bestAskPrice()
    {
        return asks.size() > 0 ? asks.price(0) : NO_PRICE;
    }

    public int bidLevels()
    {
        return bids.size();
    }

    public int askLevels()
    {
        return asks.size();
    }

    /**
     * @param level 0 = best.
     * @return the price mantissa, {@link #NO_PRICE} beyond the last level.
     */
    public long bidPrice(final int level)
    {
        return level >= 0 && level < bids.size() ? bids.price(level) : NO_PRICE;
    }

    /**
     * @return the total quantity at the level, 0 beyond the last level.
     */
    public long bidQuantity(final int level)
    {
        return level >= 0 && level < bids.size() ? bids.quantity(level) : 0;
    }

    public int bidOrderCount(final int level)
    {
        return level >= 0 && level < bids.size() ? bids.orderCount(level) : 0;
    }

    public long askPrice(final int level)
    {
        return level >= 0 && level < asks.size() ? asks.price(level) : NO_PRICE;
    }

    public long askQuantity(final int level)
    {
        return level >= 0 && level < asks.size() ? asks.quantity(level) : 0;
    }

    public int askOrderCount(final int level)
    {
        return level >= 0 && level < asks.size() ? asks.orderCount(level) : 0;
    }

    /**
     * @return the total quantity resting at this price on this side, 0 if none or the side is invalid.
     */
    public long quantityAt(final byte side, final long price)
    {
        switch (side)
        {
            case BUY:
                return bids.quantityAt(price);
            case SELL:
                return asks.quantityAt(price);
            default:
                return 0;
        }
    }

    // ---- orders ----

    /**
     * @return resting orders.
     */
    public int orderCount()
    {
        return orders.size();
    }

    public boolean containsOrder(final long orderId)
    {
        return orders.slotOf(orderId) != OrderPool.NO_SLOT;
    }

    /**
     * @return the remaining quantity, 0 if the order is not in the book.
     */
    public long orderQuantity(final long orderId)
    {
        final int slot = orders.slotOf(orderId);
        return slot == OrderPool.NO_SLOT ? 0 : orders.quantity(slot);
    }

    /**
     * @return the order's price, {@link #NO_PRICE} if it is not in the book.
     */
    public long orderPrice(final long orderId)
    {
        final int slot = orders.slotOf(orderId);
        return slot == OrderPool.NO_SLOT ? NO_PRICE : orders.price(slot);
    }

    /**
     * @return BUY or SELL, UNKNOWN_SIDE if the order is not in the book.
     */
    public byte orderSide(final long orderId)
    {
        final int slot = orders.slotOf(orderId);
        return slot == OrderPool.NO_SLOT ? UNKNOWN_SIDE : orders.side(slot);
    }

    // ---- last event and trade ----

    /**
     * @return the event time of the last book or trade event.
     */
    public long eventTimeNs()
    {
        return eventTimeNs;
    }

    /**
     * @return whether the last book or trade event was a trade (a trade or an applied execution).
     */
    public boolean lastEventWasTrade()
    {
        return lastEventTrade;
    }

    /**
     * @return the mantissa of the last trade's price, {@link #NO_PRICE} before the first trade.
     */
    public long lastTradePrice()
    {
        return lastTradePrice;
    }

    public long lastTradeQuantity()
    {
        return lastTradeQuantity;
    }

    /**
     * @return the aggressor of the last trade: BUY, SELL or UNKNOWN_SIDE.
     */
    public byte lastTradeSide()
    {
        return lastTradeSide;
    }

    public long tradeCount()
    {
        return tradeCount;
    }

    // ---- snapshot ----

    public int priceExponent()
    {
        return priceExponent;
    }

    /**
     * Set the price exponent {@link #snapshot(MarketSnapshot)} converts with. For a negative exponent the
     * conversion divides by 10^-exponent ({@code mantissa / 1e4}), which gives the double nearest the decimal
     * price; multiplying by 10^exponent ({@code mantissa * 1e-4}) can be one ulp off because 1e-4 is not
     * exactly representable, so two paths computing "the same" price would not be bit-identical.
     *
     * @return false, leaving the exponent unchanged, when outside
     * [{@value PriceScale#MIN_EXPONENT}, {@value PriceScale#MAX_EXPONENT}].
     */
    public boolean priceExponent(final int exponent)
    {
        if (!PriceScale.isExponent(exponent))
        {
            return false;
        }
        priceExponent = exponent;
        priceMultiplier = exponent >= 0 ? PriceScale.powerOfTen(exponent) : 1.0;
        priceDivisor = exponent >= 0 ? 1.0 : PriceScale.powerOfTen(-exponent);
        return true;
    }

    /**
     * Fill a snapshot at this book's price exponent: exactly {@code mantissa / 10^-exponent} for negative
     * exponents, {@code mantissa * 10^exponent} otherwise.
     */
    public void snapshot(final MarketSnapshot out)
    {
        snapshot(out, priceMultiplier, priceDivisor);
    }

    /**
     * Fill a snapshot with prices {@code mantissa * priceScale}. Prefer {@link #snapshot(MarketSnapshot)} for
     * decimal exponents (see {@link #priceExponent(int)}).
     */
    public void snapshot(final MarketSnapshot out, final double priceScale)
    {
        snapshot(out, priceScale, 1.0);
    }

    /**
     * Fill a snapshot with prices {@code mantissa * priceMultiplier / priceDivisor}: the top
     * {@link MarketSnapshot#LEVELS} levels of each side (NaN price and size for missing levels), the last trade
     * (NaN price and size and side 0 before the first), whether the last event was a trade, and its time.
     */
    public void snapshot(final MarketSnapshot out, final double priceMultiplier, final double priceDivisor)
    {
        final int bidCount = Math.min(bids.size(), MarketSnapshot.LEVELS);
        for (int level = 0; level < bidCount; level++)
        {
            out.bidPrice[level] = bids.price(level) * priceMultiplier / priceDivisor;
            out.bidSize[level] = bids.quantity(level);
        }
        Arrays.fill(out.bidPrice, bidCount, MarketSnapshot.LEVELS, Double.NaN);
        Arrays.fill(out.bidSize, bidCount, MarketSnapshot.LEVELS, Double.NaN);

        final int askCount = Math.min(asks.size(), MarketSnapshot.LEVELS);
        for (int level = 0; level < askCount; level++)
        {
            out.askPrice[level] = asks.price(level) * priceMultiplier / priceDivisor;
            out.askSize[level] = asks.quantity(level);
        }
        Arrays.fill(out.askPrice, askCount, MarketSnapshot.LEVELS, Double.NaN);
        Arrays.fill(out.askSize, askCount, MarketSnapshot.LEVELS, Double.NaN);

        out.eventTimeNs = eventTimeNs;
        out.isTrade = lastEventTrade;
        if (lastTradePrice == NO_PRICE)
        {
            out.lastTradePrice = Double.NaN;
            out.lastTradeSize = Double.NaN;
            out.lastTradeSide = 0;
        }
        else
        {
            out.lastTradePrice = lastTradePrice * priceMultiplier / priceDivisor;
            out.lastTradeSize = lastTradeQuantity;
            out.lastTradeSide = lastTradeSide == BUY ? 1 : lastTradeSide == SELL ? -1 : 0;
        }
    }

    // ---- counters ----

    /**
     * @param reason one of {@link #UNKNOWN_ORDER} to {@link #INVALID_EXPONENT}.
     */
    public long errorCount(final int reason)
    {
        return reason > 0 && reason < REASON_COUNT ? errorCounts[reason] : 0;
    }

    public long totalErrors()
    {
        return totalErrors;
    }

    /**
     * @return how many times the order pool doubled.
     */
    public int orderPoolGrowths()
    {
        return orders.growths();
    }

    /**
     * @return how many times either side's level arrays doubled.
     */
    public int levelGrowths()
    {
        return bids.growths() + asks.growths();
    }

    public int orderCapacity()
    {
        return orders.capacity();
    }

    public void resetCounters()
    {
        Arrays.fill(errorCounts, 0);
        totalErrors = 0;
        inconsistencies = 0;
        inconsistenciesTaken = 0;
        tradeCount = 0;
    }

    /**
     * @return whether an event counted for this reason contradicts the book: every reason but
     * {@link #UNKNOWN_ORDER}, which a feed joined mid-session shows for the orders placed before it.
     */
    public static boolean isInconsistency(final int reason)
    {
        return reason > UNKNOWN_ORDER && reason < REASON_COUNT;
    }

    /**
     * @return the events {@link #isInconsistency inconsistent} with the book since the last call.
     */
    public long takeInconsistencies()
    {
        final long taken = inconsistencies - inconsistenciesTaken;
        inconsistenciesTaken = inconsistencies;
        return taken;
    }

    public static String reasonName(final int reason)
    {
        return reason >= 0 && reason < REASON_COUNT ? REASON_NAMES[reason] : "UNKNOWN(" + reason + ")";
    }

    // ---- internals ----

    private void beginEvent(final long timeNs)
    {
        eventTimeNs = timeNs;
        lastEventTrade = false;
    }

    private void addOrder(final long orderId, final byte side, final long price, final long quantity)
    {
        if (quantity <= 0)
        {
            error(INVALID_QUANTITY);
            return;
        }
        if (price == NO_PRICE)
        {
            error(INVALID_PRICE);
            return;
        }
        if (orders.slotOf(orderId) != OrderPool.NO_SLOT)
        {
            error(DUPLICATE_ORDER);
            return;
        }
        orders.allocate(orderId, side, price, quantity);
        levels(side).addOrder(price, quantity);
    }

    private long clamp(final int slot, final long quantity, final int reason)
    {
        final long remaining = orders.quantity(slot);
        if (quantity > remaining)
        {
            error(reason);
            return remaining;
        }
        return quantity;
    }

    /**
     * Take {@code quantity} (at most the remaining) off an order; the order leaves the book at 0.
     */
    private void reduce(final int slot, final long quantity)
    {
        final long remaining = orders.quantity(slot) - quantity;
        final boolean leaves = remaining == 0;
        levels(orders.side(slot)).reduce(orders.price(slot), quantity, leaves);
        if (leaves)
        {
            orders.release(slot);
        }
        else
        {
            orders.quantity(slot, remaining);
        }
    }

    private void recordTrade(final long price, final long quantity, final byte aggressorSide)
    {
        lastEventTrade = true;
        lastTradePrice = price;
        lastTradeQuantity = quantity;
        lastTradeSide = aggressorSide;
        tradeCount++;
    }

    private PriceLevels levels(final byte side)
    {
        return side == BUY ? bids : asks;
    }

    private void error(final int reason)
    {
        errorCounts[reason]++;
        totalErrors++;
        inconsistencies += isInconsistency(reason) ? 1 : 0;
    }

    private static byte opposite(final byte side)
    {
        return side == BUY ? SELL : BUY;
    }
}
