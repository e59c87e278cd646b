package io.lockstep.book;

import io.lockstep.features.MarketSnapshot;
import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.lobster.LobsterDecoder;
import io.lockstep.feed.lobster.LobsterSample;
import io.lockstep.testing.AllocationWindows;
import io.lockstep.util.SplitMix64;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The books sit on the business thread: applying an event and taking a snapshot must not allocate once warm.
 * Measured with {@link AllocationWindows}, asking for {@value #ZERO_WINDOWS} consecutive windows of
 * {@value #WINDOW} events with zero bytes: one million events in a row.
 * <p>
 * The flow is a seeded random stream of adds, partial cancels, executions, deletes, replaces and trades over two
 * instruments, with at most {@value #MAX_LIVE} live orders per instrument on a drifting mid; some cancels and
 * executions exceed the remaining quantity and some name unknown ids, so the counted error paths run too.
 */
class OrderBookAllocationTest
{
    private static final int WARM_UP = 500_000;
    private static final int WINDOW = 100_000;
    private static final int ZERO_WINDOWS = 10;
    private static final int MAX_WINDOWS = 30;
    private static final int MAX_LIVE = 2_048;
    private static final int MIN_LIVE = 256;
    private static final long TICK = 100;

    private final OrderBooks books = new OrderBooks(1 << 12, 256);
    private final MarketSnapshot snapshot = new MarketSnapshot();
    private final Flow[] flows = { new Flow(1, 0x5EED_0001L), new Flow(2, 0x5EED_0002L) };
    private long time;
    private long checksum;

    @Test
    void oneMillionBookEventsAllocateNothing()
    {
        run(WARM_UP);
        final OrderBook one = books.book(1);
        final OrderBook two = books.book(2);
        final int poolGrowths = one.orderPoolGrowths() + two.orderPoolGrowths();
        final int levelGrowths = one.levelGrowths() + two.levelGrowths();

        final List<Long> windows = AllocationWindows.measure(() -> run(WINDOW), ZERO_WINDOWS, MAX_WINDOWS);

        assertTrue(AllocationWindows.endsWithZeros(windows, ZERO_WINDOWS),
            "bytes allocated per window of " + WINDOW + " events: " + windows);
        assertEquals(poolGrowths, one.orderPoolGrowths() + two.orderPoolGrowths(), "no growth while measured");
        assertEquals(levelGrowths, one.levelGrowths() + two.levelGrowths());
        assertTrue(one.orderCount() >= MIN_LIVE && one.orderCount() <= MAX_LIVE);
        assertTrue(one.bidLevels() > 50 && one.askLevels() > 50, "a deep book: " + one.bidLevels());
        assertTrue(one.errorCount(OrderBook.UNKNOWN_ORDER) > 0 && one.errorCount(OrderBook.OVER_CANCEL) > 0 &&
            one.errorCount(OrderBook.OVER_EXECUTION) > 0, "error paths ran");
        assertEquals(one.errorCount(OrderBook.UNKNOWN_ORDER) + one.errorCount(OrderBook.OVER_CANCEL) +
            one.errorCount(OrderBook.OVER_EXECUTION), one.totalErrors(), "and no other kind");
        assertTrue(checksum != 0);
    }

    @Test
    void lobsterDecodingIntoBooksAllocatesNothing()
    {
        // Replaying the sample again and again is not a consistent market (its adds come back as duplicates),
        // but decoding, routing and every counted book path are exercised at full speed.
        final LobsterSample messages = LobsterSample.messages();
        final LobsterDecoder decoder = new LobsterDecoder(3);
        final OrderBooks lobsterBooks = new OrderBooks(1 << 12, 256);
        for (int pass = 0; pass < 300; pass++)
        {
            replay(messages, decoder, lobsterBooks);
        }

        final List<Long> windows = AllocationWindows.measure(() ->
        {
            for (int pass = 0; pass < 100; pass++)
            {
                replay(messages, decoder, lobsterBooks);
            }
        }, ZERO_WINDOWS, MAX_WINDOWS);
        assertTrue(AllocationWindows.endsWithZeros(windows, ZERO_WINDOWS),
            "bytes allocated per window of 99,900 rows: " + windows);
        assertEquals(0, decoder.counters().totalRejects());
    }

    private void replay(final LobsterSample messages, final LobsterDecoder decoder, final OrderBooks target)
    {
        for (int row = 0; row < LobsterSample.ROWS; row++)
        {
            decoder.decode(messages.buffer, messages.offset(row), messages.length(row), target);
            target.snapshot(target.lastInstrumentId(), snapshot);
        }
    }

    private void run(final int events)
    {
        for (int i = 0; i < events; i++)
        {
            final Flow flow = flows[i & 1];
            flow.next(books, ++time);
            books.snapshot(books.lastInstrumentId(), snapshot);
            checksum += (long)snapshot.bidSize[0] + snapshot.lastTradeSide;
        }
    }

    /**
     * One instrument's seeded order flow; knows its live order ids, the book knows the rest.
     */
    private static final class Flow
    {
        private final int instrumentId;
        private final SplitMix64 random;
        private final long[] live = new long[MAX_LIVE];
        private int liveCount;
        private long nextOrderId = 1;
        private long nextMatchId = 1;
        private long mid = 1_000_000;

        Flow(final int instrumentId, final long seed)
        {
            this.instrumentId = instrumentId;
            this.random = new SplitMix64(seed);
        }

        void next(final OrderBooks books, final long timeNs)
        {
            if (random.nextInt(100) == 0)
            {
                mid += random.nextInt(2) == 0 ? -TICK : TICK;
            }

            final int roll = random.nextInt(100);
            if (liveCount < MIN_LIVE || (roll < 36 && liveCount < MAX_LIVE))
            {
                final byte side = random.nextInt(2) == 0 ? MarketDataListener.BUY : MarketDataListener.SELL;
                final long id = nextOrderId++;
                books.onAddOrder(timeNs, instrumentId, id, side, price(side), 1 + random.nextInt(500));
                live[liveCount++] = id;
                return;
            }

            final int index = random.nextInt(liveCount);
            final long id = live[index];
            final OrderBook book = books.book(instrumentId);
            final long remaining = book.orderQuantity(id);
            if (roll < 56)
            {
                books.onOrderCancel(timeNs, instrumentId, id, 1 + random.nextInt((int)remaining + 5));
            }
            else if (roll < 76)
            {
                books.onOrderExecute(
                    timeNs, instrumentId, id, 1 + random.nextInt((int)remaining + 5),
                    MarketDataListener.RESTING_PRICE, nextMatchId++);
            }
            else if (roll < 90)
            {
                books.onOrderDelete(timeNs, instrumentId, id);
            }
            else if (roll < 96)
            {
                final long newId = nextOrderId++;
                books.onOrderReplace(
                    timeNs, instrumentId, id, newId, price(book.orderSide(id)), 1 + random.nextInt(500));
                live[index] = newId;
            }
            else if (roll < 99)
            {
                books.onTrade(timeNs, instrumentId, mid, 1 + random.nextInt(100), MarketDataListener.UNKNOWN_SIDE,
                    nextMatchId++);
            }
            else
            {
                books.onOrderDelete(timeNs, instrumentId, -id);
            }

            if (!book.containsOrder(live[index]))
            {
                live[index] = live[--liveCount];
            }
        }

        private long price(final byte side)
        {
            final long ticks = 1 + random.nextInt(100);
            return side == MarketDataListener.BUY ? mid - ticks * TICK : mid + ticks * TICK;
        }
    }
}
