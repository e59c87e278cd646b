package io.lockstep.book;

import io.lockstep.features.MarketSnapshot;
import io.lockstep.feed.MarketDataListener;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.function.Supplier;

/**
 * Routes normalised market data to one {@link OrderBook} per instrument. A book is taken from its
 * {@link #bookSource(Supplier) source} on the first order or trade event of an instrument not seen before: made
 * there and then by default, or made ready off the business thread by the engine. Routing is a primitive-keyed
 * lookup, skipped when the instrument is the same as the previous event's. Single-threaded.
 * <p>
 * Price exponents: each book takes its instrument's exponent from {@code onInstrument}. A book created by an
 * order or trade event before any {@code onInstrument} uses {@value OrderBook#DEFAULT_PRICE_EXPONENT}, the
 * exponent of ITCH and LOBSTER prices; a later {@code onInstrument} replaces it. Snapshots convert a negative
 * exponent by dividing by the exact power of ten ({@code mantissa / 1e4}, not {@code mantissa * 1e-4}), see
 * {@link OrderBook#priceExponent(int)}.
 */
public final class OrderBooks implements MarketDataListener
{
    /** {@link #lastInstrumentId()} before the first book or trade event. */
    public static final int NO_INSTRUMENT = Integer.MIN_VALUE;

    /** Per book; far below a single book's default, since a feed can carry thousands of instruments. */
    public static final int DEFAULT_ORDER_CAPACITY = 1 << 12;
    public static final int DEFAULT_LEVEL_CAPACITY = 64;

    private static final int NO_EXPONENT = Integer.MIN_VALUE;

    private final Int2ObjectHashMap<OrderBook> books = new Int2ObjectHashMap<>();
    private final Int2IntHashMap announcedExponents = new Int2IntHashMap(NO_EXPONENT);
    private Supplier<OrderBook> bookSource;
    private int lastInstrumentId = NO_INSTRUMENT;
    private int cachedInstrumentId = NO_INSTRUMENT;
    private OrderBook cachedBook;

    public OrderBooks()
    {
        this(DEFAULT_ORDER_CAPACITY, DEFAULT_LEVEL_CAPACITY);
    }

    /**
     * @param orderCapacity resting orders per book before that book's pool doubles.
     * @param levelCapacity price levels per side of each book before that side doubles.
     */
    public OrderBooks(final int orderCapacity, final int levelCapacity)
    {
        bookSource = () -> new OrderBook(orderCapacity, levelCapacity);
    }

    /** Where the books of new instruments come from from now on: each must be new, never driven. */
    public void bookSource(final Supplier<OrderBook> source)
    {
        bookSource = source;
    }

    /**
     * Sets the instrument's price exponent: on its book if it has one, otherwise remembered for when its first
     * order or trade creates the book. A feed's directory (ITCH announces some 8,000 stocks before the open) thus
     * costs one map entry per instrument, not a book. Not a book event: {@link #lastInstrumentId()} is unchanged.
     */
    public void onInstrument(
        final long eventTimeNs,
        final int instrumentId,
        final DirectBuffer symbol,
        final int symbolOffset,
        final int symbolLength,
        final int priceExponent)
    {
        final OrderBook book = books.get(instrumentId);
        if (book != null)
        {
            book.onInstrument(eventTimeNs, instrumentId, symbol, symbolOffset, symbolLength, priceExponent);
        }
        else
        {
            announcedExponents.put(instrumentId, priceExponent);
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
        route(instrumentId).onAddOrder(eventTimeNs, instrumentId, orderId, side, price, quantity);
    }

    public void onOrderCancel(
        final long eventTimeNs, final int instrumentId, final long orderId, final long cancelledQuantity)
    {
        route(instrumentId).onOrderCancel(eventTimeNs, instrumentId, orderId, cancelledQuantity);
    }

    public void onOrderDelete(final long eventTimeNs, final int instrumentId, final long orderId)
    {
        route(instrumentId).onOrderDelete(eventTimeNs, instrumentId, orderId);
    }

    public void onOrderExecute(
        final long eventTimeNs,
        final int instrumentId,
        final long orderId,
        final long quantity,
        final long price,
        final long matchId)
    {
        route(instrumentId).onOrderExecute(eventTimeNs, instrumentId, orderId, quantity, price, matchId);
    }

    public void onOrderReplace(
        final long eventTimeNs,
        final int instrumentId,
        final long originalOrderId,
        final long newOrderId,
        final long price,
        final long quantity)
    {
        route(instrumentId).onOrderReplace(eventTimeNs, instrumentId, originalOrderId, newOrderId, price, quantity);
    }

    public void onTrade(
        final long eventTimeNs,
        final int instrumentId,
        final long price,
        final long quantity,
        final byte aggressorSide,
        final long matchId)
    {
        route(instrumentId).onTrade(eventTimeNs, instrumentId, price, quantity, aggressorSide, matchId);
    }

    /**
     * A bar of a series without a book reaches the book as a print of its close and volume at the bar's end, so
     * that trade-based features run over bar series too.
     */
    public void onBar(
        final long startTimeNs,
        final long endTimeNs,
        final int instrumentId,
        final long open,
        final long high,
        final long low,
        final long close,
        final long volume)
    {
        onTrade(endTimeNs, instrumentId, close, volume, UNKNOWN_SIDE, 0);
    }

    /**
     * Forget the last book event's instrument, so that after decoding one input {@link #lastInstrumentId()} says
     * whether that input touched a book ({@link #NO_INSTRUMENT} if not).
     */
    public void resetLastInstrument()
    {
        lastInstrumentId = NO_INSTRUMENT;
    }

    /**
     * @return the instrument's book, null if none has been created.
     */
    public OrderBook book(final int instrumentId)
    {
        return cachedBook != null && instrumentId == cachedInstrumentId ? cachedBook : books.get(instrumentId);
    }

    public int bookCount()
    {
        return books.size();
    }

    /**
     * @return the events every book counted as inconsistent with it, by {@link OrderBook} reason, and in all, for a
     * report: {@code DUPLICATE_ORDER 2, OVER_CANCEL 1 (3)}, or empty when there were none; only the reasons that
     * are {@link OrderBook#isInconsistency inconsistencies}. Not for the hot path.
     */
    public String inconsistencies()
    {
        final long[] counts = new long[OrderBook.REASON_COUNT];
        for (final OrderBook book : books.values())
        {
            for (int reason = 0; reason < OrderBook.REASON_COUNT; reason++)
            {
                counts[reason] += book.errorCount(reason);
            }
        }
        final StringBuilder text = new StringBuilder();
        long total = 0;
        for (int reason = 0; reason < OrderBook.REASON_COUNT; reason++)
        {
            if (OrderBook.isInconsistency(reason) && counts[reason] > 0)
            {
                text.append(text.length() == 0 ? "" : ", ").append(OrderBook.reasonName(reason)).append(' ')
                    .append(String.format("%,d", counts[reason]));
                total += counts[reason];
            }
        }
        return total == 0 ? "" : text.append(String.format(" (%,d)", total)).toString();
    }

    /**
     * @return the instrument of the last order or trade event, {@link #NO_INSTRUMENT} before the first.
     */
    public int lastInstrumentId()
    {
        return lastInstrumentId;
    }

    /**
     * Fill a snapshot from the instrument's book at its price exponent.
     *
     * @return false, leaving the snapshot untouched, when the instrument has no book.
     */
    public boolean snapshot(final int instrumentId, final MarketSnapshot out)
    {
        final OrderBook book = book(instrumentId);
        if (book == null)
        {
            return false;
        }
        book.snapshot(out);
        return true;
    }

    private OrderBook route(final int instrumentId)
    {
        lastInstrumentId = instrumentId;
        return bookFor(instrumentId);
    }

    private OrderBook bookFor(final int instrumentId)
    {
        if (cachedBook != null && instrumentId == cachedInstrumentId)
        {
            return cachedBook;
        }
        OrderBook book = books.get(instrumentId);
        if (book == null)
        {
            book = bookSource.get();
            final int exponent = announcedExponents.remove(instrumentId);
            if (exponent != NO_EXPONENT)
            {
                book.onInstrument(0, instrumentId, null, 0, 0, exponent);
            }
            books.put(instrumentId, book);
        }
        cachedInstrumentId = instrumentId;
        cachedBook = book;
        return book;
    }
}
