package io.lockstep.book;

import io.lockstep.features.MarketSnapshot;
import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.lobster.LobsterBookFile;
import io.lockstep.feed.lobster.LobsterDecoder;
import io.lockstep.feed.lobster.LobsterSample;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.lockstep.feed.MarketDataListener.BUY;
import static io.lockstep.feed.MarketDataListener.SELL;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Rebuilds the book from the real LOBSTER AAPL sample's message file (through {@link LobsterDecoder} and
 * {@link OrderBooks}) and compares it with the sample's 10-level order-book file after every message.
 * <p>
 * What can be known, and so checked:
 * <ul>
 * <li>The book before message 0 is unknown, and so are the ids of the orders resting then. Row 0 (the book
 * after message 0) seeds it: message 0 (an add) goes in as itself, and the rest of each of row 0's levels as
 * one synthetic order with a made-up negative id.</li>
 * <li>A cancel, delete or execution of an id the book does not hold is an order that rested before the sample
 * (or one whose level was re-learned, below). The message gives its side, price and size, so it is applied
 * to the synthetic order at that level: the level's total stays exact, only the split between orders is
 * unknown. {@value #REDIRECTED} messages need this.</li>
 * <li>LOBSTER's level-10 message file only holds the events inside the 10 visible levels (every book-changing
 * message in this sample is inside the window of the row before or after it, asserted below). Deeper levels
 * change silently: the ask level 5876500 (1160 shares, last seen at level 10 in row 3) is gone when the asks
 * above it are deleted in row 12, without any message for it. So a level that enters the top 10 from below
 * (its price is worse than the previous row's 10th level) has a size no message told us: those levels are
 * not checked. They are re-learned from the row: every order we hold between the previous 10th level and the
 * new one is dropped, and each entering level is seeded as one synthetic order of the row's size. Everything
 * at or better than the previous row's 10th level is exact by induction and is checked. This is measured,
 * not assumed: {@value #ENTERING_DIFFERING} of the entering levels differ from what the messages alone left
 * at their price.</li>
 * </ul>
 * Result: of rows 1 to 998, {@value #FULL_ROWS} are checked exactly in all 40 values (10 levels x price and
 * size x 2 sides); in the other {@value #PARTIAL_ROWS} exactly one level entered from below, and the remaining
 * 19 levels of those rows are checked exactly. Types 5 (hidden executions) and 7 (halts; none in this slice)
 * leave the visible book unchanged, and every type 4 and 5 row is a trade print in the snapshot.
 */
class LobsterReplayTest
{
    private static final int INSTRUMENT = 7;
    private static final int LEVELS = LobsterSample.LEVELS;
    private static final int FULL_ROWS = 680;
    private static final int PARTIAL_ROWS = 318;
    private static final int REDIRECTED = 16;
    private static final int ENTERING_DIFFERING = 12;

    private final LobsterDecoder decoder = new LobsterDecoder(INSTRUMENT);
    private final OrderBooks books = new OrderBooks(1 << 12, 64);
    private final SeededReplay replay = new SeededReplay();
    private final MarketSnapshot snapshot = new MarketSnapshot();

    @Test
    void rebuildingFromMessagesReproducesTheBookFileWhereverTheStateIsKnowable()
    {
        final LobsterSample messages = LobsterSample.messages();
        final LobsterSample rows = LobsterSample.orderBook();
        assertEquals(LobsterSample.ROWS, messages.rows());
        assertEquals(LobsterSample.ROWS, rows.rows());
        LobsterBookFile previous = new LobsterBookFile(LEVELS);
        LobsterBookFile current = new LobsterBookFile(LEVELS);

        assertEquals(LobsterDecoder.OK, decode(messages, 0));
        assertEquals(LobsterDecoder.SUBMISSION, decoder.type(), "message 0 is an add, kept as a real order");
        parse(rows, 0, previous);
        final OrderBook book = books.book(INSTRUMENT);
        for (int level = 0; level < LEVELS; level++)
        {
            final long bid = previous.bidPrice[level];
            final long ask = previous.askPrice[level];
            replay.seed(BUY, bid, previous.bidSize[level] - book.quantityAt(BUY, bid));
            replay.seed(SELL, ask, previous.askSize[level] - book.quantityAt(SELL, ask));
        }
        assertLevels(book, previous, LEVELS, LEVELS, 0);

        int fullRows = 0;
        int partialRows = 0;
        long valuesChecked = 0;
        int enteringLevels = 0;
        int enteringLevelsDiffering = 0;
        for (int row = 1; row < LobsterSample.ROWS; row++)
        {
            assertEquals(LobsterDecoder.OK, decode(messages, row), "message " + row);
            parse(rows, row, current);

            final long previousTenthBid = previous.bidPrice[LEVELS - 1];
            final long previousTenthAsk = previous.askPrice[LEVELS - 1];
            final int knownBids = knownLevels(current.bidPrice, previousTenthBid, BUY);
            final int knownAsks = knownLevels(current.askPrice, previousTenthAsk, SELL);
            assertLevels(book, current, knownBids, knownAsks, row);
            valuesChecked += 2L * (knownBids + knownAsks);
            if (knownBids == LEVELS && knownAsks == LEVELS)
            {
                fullRows++;
            }
            else
            {
                partialRows++;
            }

            assertTradeFields(row);
            if (decoder.type() <= LobsterDecoder.EXECUTION_VISIBLE)
            {
                // LOBSTER's level-10 message file: book changes only inside the visible window.
                final byte side = decoder.direction() == 1 ? BUY : SELL;
                final long tenth = side == BUY ? current.bidPrice[LEVELS - 1] : current.askPrice[LEVELS - 1];
                final long previousTenth = side == BUY ? previousTenthBid : previousTenthAsk;
                final long deepest = worse(side, tenth, previousTenth) ? tenth : previousTenth;
                assertFalse(worse(side, decoder.price(), deepest), "message " + row + " outside the window");
            }
            if (decoder.type() == LobsterDecoder.EXECUTION_HIDDEN || decoder.type() == LobsterDecoder.TRADING_HALT)
            {
                assertSameRow(previous, current, row);
            }

            // Levels entering from below: what the messages alone left there vs the file, then re-learn.
            for (int level = knownBids; level < LEVELS; level++)
            {
                enteringLevels++;
                enteringLevelsDiffering += differs(book, BUY, current.bidPrice[level], current.bidSize[level]);
            }
            for (int level = knownAsks; level < LEVELS; level++)
            {
                enteringLevels++;
                enteringLevelsDiffering += differs(book, SELL, current.askPrice[level], current.askSize[level]);
            }
            replay.relearn(BUY, previousTenthBid, current.bidPrice, current.bidSize, knownBids);
            replay.relearn(SELL, previousTenthAsk, current.askPrice, current.askSize, knownAsks);

            final LobsterBookFile swap = previous;
            previous = current;
            current = swap;
        }

        assertEquals(FULL_ROWS, fullRows, "rows checked in all 40 values");
        assertEquals(PARTIAL_ROWS, partialRows, "rows with one level entering from below");
        assertEquals(PARTIAL_ROWS, enteringLevels, "exactly one entering level per partial row");
        assertEquals(FULL_ROWS * 40L + PARTIAL_ROWS * 38L, valuesChecked);
        assertEquals(ENTERING_DIFFERING, enteringLevelsDiffering, "entering levels that changed without messages");
        assertEquals(REDIRECTED, replay.redirected, "messages for orders resting before the sample or re-learned");
        assertEquals(0, book.totalErrors(), "no unknown ids, duplicates or clamps reach the book");
        assertEquals(LobsterSample.ROWS, decoder.counters().totalDecoded());
        assertEquals(1, books.bookCount());
        assertEquals(INSTRUMENT, books.lastInstrumentId());
    }

    private int decode(final LobsterSample messages, final int row)
    {
        return decoder.decode(messages.buffer, messages.offset(row), messages.length(row), replay);
    }

    private static void parse(final LobsterSample rows, final int row, final LobsterBookFile into)
    {
        assertEquals(LobsterBookFile.OK, into.parse(rows.buffer, rows.offset(row), rows.length(row)), "row " + row);
        assertEquals(LEVELS, into.bidLevels());
        assertEquals(LEVELS, into.askLevels());
    }

    /**
     * @return the levels at or better than the previous row's 10th level: their state is known from messages.
     */
    private static int knownLevels(final long[] prices, final long previousTenth, final byte side)
    {
        int count = 0;
        while (count < LEVELS && !worse(side, prices[count], previousTenth))
        {
            count++;
        }
        return count;
    }

    private static int differs(final OrderBook book, final byte side, final long price, final long size)
    {
        return book.quantityAt(side, price) != size ? 1 : 0;
    }

    private static boolean worse(final byte side, final long price, final long than)
    {
        return side == BUY ? price < than : price > than;
    }

    private void assertLevels(
        final OrderBook book, final LobsterBookFile file, final int bidLevels, final int askLevels, final int row)
    {
        assertTrue(books.snapshot(INSTRUMENT, snapshot));
        for (int level = 0; level < bidLevels; level++)
        {
            final String where = "row " + row + " bid level " + (level + 1);
            assertEquals(file.bidPrice[level], book.bidPrice(level), where);
            assertEquals(file.bidSize[level], book.bidQuantity(level), where);
            // Bit-exact with the file's price as a decimal, as the feature tests read it.
            assertEquals(file.bidPrice[level] / 10_000.0, snapshot.bidPrice[level], where);
            assertEquals((double)file.bidSize[level], snapshot.bidSize[level], where);
        }
        for (int level = 0; level < askLevels; level++)
        {
            final String where = "row " + row + " ask level " + (level + 1);
            assertEquals(file.askPrice[level], book.askPrice(level), where);
            assertEquals(file.askSize[level], book.askQuantity(level), where);
            assertEquals(file.askPrice[level] / 10_000.0, snapshot.askPrice[level], where);
            assertEquals((double)file.askSize[level], snapshot.askSize[level], where);
        }
        assertEquals(decoder.timeNs(), snapshot.eventTimeNs);
    }

    private void assertTradeFields(final int row)
    {
        final String where = "row " + row + " type " + decoder.type();
        final int type = decoder.type();
        if (type == LobsterDecoder.EXECUTION_VISIBLE || type == LobsterDecoder.EXECUTION_HIDDEN)
        {
            assertTrue(snapshot.isTrade, where);
            assertEquals(decoder.price() / 10_000.0, snapshot.lastTradePrice, where);
            assertEquals((double)decoder.size(), snapshot.lastTradeSize, where);
            // Direction is the resting order's side: a resting buy was hit by a seller.
            assertEquals(-decoder.direction(), snapshot.lastTradeSide, where);
        }
        else
        {
            assertFalse(snapshot.isTrade, where);
        }
    }

    private static void assertSameRow(final LobsterBookFile previous, final LobsterBookFile current, final int row)
    {
        for (int level = 0; level < LEVELS; level++)
        {
            assertEquals(previous.bidPrice[level], current.bidPrice[level], "row " + row);
            assertEquals(previous.bidSize[level], current.bidSize[level], "row " + row);
            assertEquals(previous.askPrice[level], current.askPrice[level], "row " + row);
            assertEquals(previous.askSize[level], current.askSize[level], "row " + row);
        }
    }

    /**
     * Passes decoded events to the books, but sends a cancel, delete or execution of an id the book does not
     * hold to the synthetic order at the message's level (side and price from the decoder's row). Tracks every
     * order it added so levels can be re-learned.
     */
    private final class SeededReplay implements MarketDataListener
    {
        private final Map<Long, Long> syntheticByLevel = new HashMap<>();
        private final Map<Long, Long> priceById = new HashMap<>();
        private final Map<Long, Byte> sideById = new HashMap<>();
        private long nextSyntheticId = -1;
        int redirected;

        void seed(final byte side, final long price, final long quantity)
        {
            assertTrue(quantity >= 0, "seed below what the messages put there");
            if (quantity == 0)
            {
                return;
            }
            final long id = nextSyntheticId--;
            final Long existing = syntheticByLevel.put(levelKey(side, price), id);
            assertTrue(existing == null || !book().containsOrder(existing), "one synthetic order per level");
            onAddOrder(decoder.timeNs(), INSTRUMENT, id, side, price, quantity);
        }

        /**
         * Replace what we hold between the previous 10th level (exclusive) and the row's 10th (inclusive) by the
         * row's entering levels.
         */
        void relearn(
            final byte side, final long previousTenth, final long[] prices, final long[] sizes, final int known)
        {
            if (known == LEVELS)
            {
                return;
            }
            final long deepest = prices[LEVELS - 1];
            for (final Map.Entry<Long, Long> order : priceById.entrySet())
            {
                final long id = order.getKey();
                final long price = order.getValue();
                if (sideById.get(id) == side && worse(side, price, previousTenth) && !worse(side, price, deepest) &&
                    book().containsOrder(id))
                {
                    books.onOrderDelete(decoder.timeNs(), INSTRUMENT, id);
                }
            }
            for (int level = known; level < LEVELS; level++)
            {
                seed(side, prices[level], sizes[level]);
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
            priceById.put(orderId, price);
            sideById.put(orderId, side);
            books.onAddOrder(eventTimeNs, instrumentId, orderId, side, price, quantity);
        }

        public void onOrderCancel(
            final long eventTimeNs, final int instrumentId, final long orderId, final long cancelledQuantity)
        {
            books.onOrderCancel(eventTimeNs, instrumentId, known(orderId), cancelledQuantity);
        }

        public void onOrderDelete(final long eventTimeNs, final int instrumentId, final long orderId)
        {
            if (book().containsOrder(orderId))
            {
                assertEquals(decoder.size(), book().orderQuantity(orderId), "a deletion's size is what was left");
                books.onOrderDelete(eventTimeNs, instrumentId, orderId);
            }
            else
            {
                // Only this much of the synthetic aggregate was that order.
                books.onOrderCancel(eventTimeNs, instrumentId, known(orderId), decoder.size());
            }
        }

        public void onOrderExecute(
            final long eventTimeNs,
            final int instrumentId,
            final long orderId,
            final long quantity,
            final long price,
            final long matchId)
        {
            books.onOrderExecute(eventTimeNs, instrumentId, known(orderId), quantity, price, matchId);
        }

        public void onOrderReplace(
            final long eventTimeNs,
            final int instrumentId,
            final long originalOrderId,
            final long newOrderId,
            final long price,
            final long quantity)
        {
            fail("LOBSTER has no replace");
        }

        public void onTrade(
            final long eventTimeNs,
            final int instrumentId,
            final long price,
            final long quantity,
            final byte aggressorSide,
            final long matchId)
        {
            books.onTrade(eventTimeNs, instrumentId, price, quantity, aggressorSide, matchId);
        }

        /**
         * @return the id itself when the book holds it, else the synthetic order at the row's level.
         */
        private long known(final long orderId)
        {
            if (book().containsOrder(orderId))
            {
                return orderId;
            }
            final byte side = decoder.direction() == 1 ? BUY : SELL;
            final Long synthetic = syntheticByLevel.get(levelKey(side, decoder.price()));
            final String where = "unknown order " + orderId + " at " + decoder.price();
            assertNotNull(synthetic, where);
            assertTrue(book().orderQuantity(synthetic) >= decoder.size(), where);
            redirected++;
            return synthetic;
        }

        private OrderBook book()
        {
            return books.book(INSTRUMENT);
        }

        private long levelKey(final byte side, final long price)
        {
            return side == BUY ? price : -price;
        }
    }
}
