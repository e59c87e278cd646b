package io.lockstep.engine.venue;

import io.lockstep.book.OrderBook;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Matching and accounting run per order on the venue's thread: neither may allocate once every instrument has
 * been seen. Measured as in JournalAllocationTest over {@value #WINDOWS} windows of {@value #WINDOW} orders, each
 * sweeping up to 5 levels and booking every fill on one of {@value #INSTRUMENTS} instruments; the last
 * {@value #ZERO_WINDOWS} windows must be zero.
 */
class VenueAllocationTest implements FillListener
{
    private static final int WARM_UP = 200_000;
    private static final int WINDOW = 100_000;
    private static final int WINDOWS = 10;
    private static final int ZERO_WINDOWS = 3;
    private static final int INSTRUMENTS = 512;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final OrderBook book = new OrderBook(64, 16);
    private final PaperMatcher matcher = new PaperMatcher();
    private final PaperAccount account = new PaperAccount();
    private int instrumentId;
    private byte side;

    @Test
    void matchAndBookFillsAllocateNothing()
    {
        long orderId = 1;
        for (int level = 0; level < 5; level++)
        {
            book.onAddOrder(1, 1, orderId++, OrderBook.BUY, 99_9900 - level * 100, 10 + level);
            book.onAddOrder(1, 1, orderId++, OrderBook.SELL, 100_0000 + level * 100, 10 + level);
        }

        run(WARM_UP);
        final List<Long> windows = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++)
        {
            final long before = allocatedBytes();
            run(WINDOW);
            windows.add(allocatedBytes() - before - measurementOverhead());
        }
        for (int w = WINDOWS - ZERO_WINDOWS; w < WINDOWS; w++)
        {
            assertEquals(0L, windows.get(w), "bytes allocated per window of " + WINDOW + " orders: " + windows);
        }
        assertEquals(INSTRUMENTS, account.instrumentCount());
        assertTrue(matcher.fills() > WARM_UP);
        assertEquals(0, account.errorCount(PaperAccount.OVERFLOW));
    }

    private void run(final int orders)
    {
        for (int i = 0; i < orders; i++)
        {
            instrumentId = 1_000 + (i & (INSTRUMENTS - 1));
            side = (i & 1) == 0 ? PaperMatcher.BUY : PaperMatcher.SELL;
            final long limit = side == PaperMatcher.BUY ? 100_0000 + (i & 7) * 100 : 99_9900 - (i & 7) * 100;
            matcher.match(book, side, limit, 1 + (i & 63), this);
        }
    }

    public void onFill(final long price, final long quantity, final long remaining)
    {
        account.onFill(instrumentId, side, price, quantity);
    }

    private static long measurementOverhead()
    {
        final long start = allocatedBytes();
        return allocatedBytes() - start;
    }

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
