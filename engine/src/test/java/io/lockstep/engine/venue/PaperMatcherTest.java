package io.lockstep.engine.venue;

import io.lockstep.book.OrderBook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.lockstep.engine.spi.OrderIntent.BUY;
import static io.lockstep.engine.spi.OrderIntent.SELL;
import static org.junit.jupiter.api.Assertions.*;

/**
 * IOC fills against the book at exponent -4. The book:
 * <pre>
 *   bids                 asks
 *   100 @ 9.9900         100 @ 10.0000
 *    50 @ 9.9800         200 @ 10.0100
 *    70 @ 9.9700         300 @ 10.0200 (two orders of 150)
 *                        400 @ 10.0300
 * </pre>
 */
class PaperMatcherTest
{
    private final OrderBook book = new OrderBook(64, 8);
    private final PaperMatcher matcher = new PaperMatcher();
    private final Fills fills = new Fills();
    private long time = 1_000;
    private long orderId = 1;

    @BeforeEach
    void book()
    {
        add(OrderBook.BUY, 9_9900, 100);
        add(OrderBook.BUY, 9_9800, 50);
        add(OrderBook.BUY, 9_9700, 70);
        add(OrderBook.SELL, 10_0000, 100);
        add(OrderBook.SELL, 10_0100, 200);
        add(OrderBook.SELL, 10_0200, 150);
        add(OrderBook.SELL, 10_0200, 150);
        add(OrderBook.SELL, 10_0300, 400);
    }

    @Test
    void buySweepsThreeAskLevelsWithAPartialLastLevel()
    {
        // 450 @ 10.0200: 100 @ 10.0000 (350 left), 200 @ 10.0100 (150 left), 150 of 300 @ 10.0200 (0 left)
        assertEquals(450, matcher.match(book, BUY, 10_0200, 450, fills));
        fills.assertFills(new long[][] {{10_0000, 100, 350}, {10_0100, 200, 150}, {10_0200, 150, 0}});
        assertEquals(3, matcher.fills());
        assertEquals(450, matcher.filledQuantity());
        assertEquals(0, matcher.expiredQuantity());
    }

    @Test
    void buyLimitBelowTheSecondLevelStopsAtTheFirst()
    {
        // limit 10.0050 < 10.0100: only the touch fills, 350 expire
        assertEquals(100, matcher.match(book, BUY, 10_0050, 450, fills));
        fills.assertFills(new long[][] {{10_0000, 100, 350}});
        assertEquals(350, matcher.expiredQuantity());
    }

    @Test
    void limitEqualToALevelPriceTakesThatLevel()
    {
        assertEquals(300, matcher.match(book, BUY, 10_0100, 450, fills));
        fills.assertFills(new long[][] {{10_0000, 100, 350}, {10_0100, 200, 150}});
    }

    @Test
    void orderSmallerThanTheTouchFillsOnceAtTheTouch()
    {
        assertEquals(30, matcher.match(book, BUY, 10_0300, 30, fills));
        fills.assertFills(new long[][] {{10_0000, 30, 0}});
    }

    @Test
    void nothingFillableGivesNoFills()
    {
        assertEquals(0, matcher.match(book, BUY, 9_9999, 100, fills));
        assertEquals(0, matcher.match(book, SELL, 9_9901, 100, fills));
        assertEquals(0, fills.size());
        assertEquals(2, matcher.orders());
        assertEquals(200, matcher.expiredQuantity());

        final OrderBook empty = new OrderBook(8, 8);
        assertEquals(0, matcher.match(empty, BUY, Long.MAX_VALUE, 100, fills));
        assertEquals(0, matcher.match(empty, SELL, Long.MIN_VALUE, 100, fills));
        assertEquals(0, fills.size());
    }

    @Test
    void sellSweepsBids()
    {
        // 200 @ 9.9700: 100 @ 9.9900 (100 left), 50 @ 9.9800 (50 left), 50 of 70 @ 9.9700 (0 left)
        assertEquals(200, matcher.match(book, SELL, 9_9700, 200, fills));
        fills.assertFills(new long[][] {{9_9900, 100, 100}, {9_9800, 50, 50}, {9_9700, 50, 0}});
    }

    @Test
    void sellLimitAboveTheSecondLevelStopsAtTheFirst()
    {
        assertEquals(100, matcher.match(book, SELL, 9_9850, 200, fills));
        fills.assertFills(new long[][] {{9_9900, 100, 100}});
    }

    @Test
    void orderLargerThanTheBookSweepsEverythingAndTheRestExpires()
    {
        // 220 of bids exist; 80 expire
        assertEquals(220, matcher.match(book, SELL, Long.MIN_VALUE, 300, fills));
        fills.assertFills(new long[][] {{9_9900, 100, 200}, {9_9800, 50, 150}, {9_9700, 70, 80}});
        assertEquals(80, matcher.expiredQuantity());
    }

    @Test
    void paperFillsDoNotDepleteTheBook()
    {
        assertEquals(450, matcher.match(book, BUY, 10_0200, 450, fills));
        assertEquals(450, matcher.match(book, BUY, 10_0200, 450, fills));
        assertEquals(6, fills.size());
        assertEquals(4, book.askLevels());
        assertEquals(100, book.askQuantity(0));
        assertEquals(300, book.askQuantity(2));
        assertEquals(8, book.orderCount());
    }

    @Test
    void invalidSideOrQuantityFillsNothing()
    {
        assertEquals(0, matcher.match(book, (byte)0, 10_0300, 10, fills));
        assertEquals(0, matcher.match(book, (byte)3, 10_0300, 10, fills));
        assertEquals(0, matcher.match(book, BUY, 10_0300, 0, fills));
        assertEquals(0, matcher.match(book, BUY, 10_0300, -5, fills));
        assertEquals(0, fills.size());
        assertEquals(4, matcher.rejectedOrders());
        assertEquals(0, matcher.orders());
        assertEquals(0, matcher.expiredQuantity());
    }

    private void add(final byte side, final long price, final long quantity)
    {
        book.onAddOrder(time++, 1, orderId++, side, price, quantity);
    }

    private static final class Fills implements FillListener
    {
        private final List<long[]> fills = new ArrayList<>();

        public void onFill(final long price, final long quantity, final long remaining)
        {
            fills.add(new long[] {price, quantity, remaining});
        }

        int size()
        {
            return fills.size();
        }

        void assertFills(final long[][] expected)
        {
            assertEquals(expected.length, fills.size(), "fills");
            for (int i = 0; i < expected.length; i++)
            {
                assertArrayEquals(expected[i], fills.get(i), "fill " + i + " {price, quantity, remaining}");
            }
        }
    }
}
