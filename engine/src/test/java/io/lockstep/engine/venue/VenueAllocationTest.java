package io.lockstep.engine.venue;

import io.lockstep.book.OrderBook;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.testing.AllocationWindows;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Matching and accounting run per order on the venue's thread: neither may allocate once every instrument has
 * been seen. Measured with {@link AllocationWindows}: windows of {@value #WINDOW} orders until
 * {@value #ZERO_WINDOWS} in a row allocate nothing, each order sweeping up to 5 levels and booking every fill on
 * one of {@value #INSTRUMENTS} instruments.
 */
class VenueAllocationTest implements FillListener
{
    private static final int WARM_UP = 200_000;
    private static final int WINDOW = 100_000;
    private static final int MAX_WINDOWS = 10;
    private static final int ZERO_WINDOWS = 3;
    private static final int INSTRUMENTS = 512;

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
        final List<Long> windows = AllocationWindows.measure(() -> run(WINDOW), ZERO_WINDOWS, MAX_WINDOWS);
        assertTrue(AllocationWindows.endsWithZeros(windows, ZERO_WINDOWS),
            "bytes allocated per window of " + WINDOW + " orders: " + windows);
        assertEquals(INSTRUMENTS, account.instrumentCount());
        assertTrue(matcher.fills() > WARM_UP);
        assertEquals(0, account.errorCount(PaperAccount.OVERFLOW));
    }

    private void run(final int orders)
    {
        for (int i = 0; i < orders; i++)
        {
            instrumentId = 1_000 + (i & (INSTRUMENTS - 1));
            side = (i & 1) == 0 ? OrderIntent.BUY : OrderIntent.SELL;
            final long limit = side == OrderIntent.BUY ? 100_0000 + (i & 7) * 100 : 99_9900 - (i & 7) * 100;
            matcher.match(book, side, limit, 1 + (i & 63), this);
        }
    }

    public void onFill(final long price, final long quantity, final long remaining)
    {
        account.onFill(instrumentId, side, price, quantity);
    }
}
