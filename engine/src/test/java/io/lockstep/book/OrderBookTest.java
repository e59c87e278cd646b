package io.lockstep.book;

import io.lockstep.features.MarketSnapshot;
import org.junit.jupiter.api.Test;

import static io.lockstep.book.OrderBook.*;
import static io.lockstep.feed.MarketDataListener.BUY;
import static io.lockstep.feed.MarketDataListener.RESTING_PRICE;
import static io.lockstep.feed.MarketDataListener.SELL;
import static io.lockstep.feed.MarketDataListener.UNKNOWN_SIDE;
import static org.junit.jupiter.api.Assertions.*;

class OrderBookTest
{
    private static final int ID = 1;

    private final OrderBook book = new OrderBook(64, 8);
    private long time = 1_000;

    @Test
    void levelsAggregateOrdersAndSortBestFirst()
    {
        add(1, BUY, 100_0000, 10);
        add(2, BUY, 101_0000, 20);
        add(3, BUY, 99_0000, 30);
        add(4, BUY, 101_0000, 5);
        add(5, SELL, 103_0000, 7);
        add(6, SELL, 102_0000, 8);
        add(7, SELL, 104_0000, 9);
        add(8, SELL, 102_0000, 1);

        assertEquals(3, book.bidLevels());
        assertEquals(101_0000, book.bestBidPrice());
        assertBid(0, 101_0000, 25, 2);
        assertBid(1, 100_0000, 10, 1);
        assertBid(2, 99_0000, 30, 1);

        assertEquals(3, book.askLevels());
        assertEquals(102_0000, book.bestAskPrice());
        assertAsk(0, 102_0000, 9, 2);
        assertAsk(1, 103_0000, 7, 1);
        assertAsk(2, 104_0000, 9, 1);

        assertEquals(8, book.orderCount());
        assertEquals(NO_PRICE, book.bidPrice(3));
        assertEquals(0, book.bidQuantity(3));
        assertEquals(0, book.bidOrderCount(-1));
        assertEquals(25, book.quantityAt(BUY, 101_0000));
        assertEquals(0, book.quantityAt(SELL, 101_0000));
        assertEquals(0, book.totalErrors());
    }

    @Test
    void emptyBookHasNoBestPrices()
    {
        assertEquals(NO_PRICE, book.bestBidPrice());
        assertEquals(NO_PRICE, book.bestAskPrice());
        assertEquals(0, book.bidLevels());
        assertEquals(0, book.orderCount());
        assertEquals(NO_PRICE, book.lastTradePrice());
        assertEquals(UNKNOWN_SIDE, book.lastTradeSide());
    }

    @Test
    void cancelReducesAndRemovesAtZero()
    {
        add(1, BUY, 100, 10);
        add(2, BUY, 100, 5);

        book.onOrderCancel(time++, ID, 1, 4);
        assertEquals(6, book.orderQuantity(1));
        assertBid(0, 100, 11, 2);

        book.onOrderCancel(time++, ID, 1, 6);
        assertFalse(book.containsOrder(1));
        assertBid(0, 100, 5, 1);

        book.onOrderCancel(time++, ID, 2, 5);
        assertEquals(0, book.bidLevels());
        assertEquals(0, book.orderCount());
        assertEquals(0, book.totalErrors());
    }

    @Test
    void deleteRemovesTheOrderAndAnEmptyLevel()
    {
        add(1, SELL, 200, 10);
        add(2, SELL, 201, 10);
        add(3, SELL, 201, 3);

        book.onOrderDelete(time++, ID, 2);
        assertAsk(1, 201, 3, 1);
        book.onOrderDelete(time++, ID, 1);
        assertEquals(1, book.askLevels());
        assertAsk(0, 201, 3, 1);
        assertEquals(NO_PRICE, book.orderPrice(1));
        assertEquals(UNKNOWN_SIDE, book.orderSide(1));
    }

    @Test
    void executionReducesAtTheOrdersOwnPriceAndIsATradePrint()
    {
        add(1, BUY, 100, 10);
        add(2, SELL, 105, 10);

        book.onOrderExecute(time, ID, 1, 4, 99, 77);
        assertBid(0, 100, 6, 1);
        assertTrue(book.lastEventWasTrade());
        assertEquals(99, book.lastTradePrice(), "the execution price as given");
        assertEquals(4, book.lastTradeQuantity());
        assertEquals(SELL, book.lastTradeSide(), "a resting buy is hit by a seller");

        book.onOrderExecute(time++, ID, 2, 10, RESTING_PRICE, 78);
        assertEquals(0, book.askLevels());
        assertFalse(book.containsOrder(2));
        assertEquals(105, book.lastTradePrice(), "the order's own price");
        assertEquals(10, book.lastTradeQuantity());
        assertEquals(BUY, book.lastTradeSide());
        assertEquals(2, book.tradeCount());

        add(3, BUY, 98, 1);
        assertFalse(book.lastEventWasTrade(), "the next event is not a trade");
        assertEquals(105, book.lastTradePrice(), "the last trade stays");
    }

    @Test
    void replaceKeepsTheSideAndMovesTheOrder()
    {
        add(1, SELL, 200, 10);
        add(2, SELL, 201, 4);

        book.onOrderReplace(time++, ID, 1, 3, 201, 6);
        assertFalse(book.containsOrder(1));
        assertEquals(SELL, book.orderSide(3));
        assertEquals(1, book.askLevels());
        assertAsk(0, 201, 10, 2);

        // The same id is allowed: the original leaves first.
        book.onOrderReplace(time++, ID, 3, 3, 202, 1);
        assertAsk(1, 202, 1, 1);
        assertEquals(2, book.orderCount());
        assertEquals(0, book.totalErrors());
    }

    @Test
    void tradeDoesNotTouchTheBook()
    {
        add(1, BUY, 100, 10);
        book.onTrade(time++, ID, 101, 3, BUY, 9);
        assertBid(0, 100, 10, 1);
        assertTrue(book.lastEventWasTrade());
        assertEquals(101, book.lastTradePrice());
        assertEquals(3, book.lastTradeQuantity());
        assertEquals(BUY, book.lastTradeSide());

        book.onTrade(time++, ID, 102, 1, UNKNOWN_SIDE, 10);
        assertEquals(UNKNOWN_SIDE, book.lastTradeSide());
        book.onTrade(time++, ID, 102, 1, (byte)9, 11);
        assertEquals(UNKNOWN_SIDE, book.lastTradeSide());
        assertEquals(1, book.errorCount(INVALID_SIDE));
    }

    @Test
    void unknownOrdersAreCountedNotApplied()
    {
        add(1, BUY, 100, 10);

        book.onOrderCancel(time++, ID, 42, 1);
        book.onOrderDelete(time++, ID, 42);
        book.onOrderExecute(time++, ID, 42, 1, RESTING_PRICE, 1);
        assertFalse(book.lastEventWasTrade(), "an execution of an unknown order is not applied");
        book.onOrderReplace(time++, ID, 42, 43, 100, 5);

        assertEquals(4, book.errorCount(UNKNOWN_ORDER));
        assertEquals(4, book.totalErrors());
        assertFalse(book.containsOrder(43), "no side for the new order of an unknown original");
        assertBid(0, 100, 10, 1);
        assertEquals(1, book.orderCount());
        assertEquals(0, book.tradeCount());

        // With its price (a LOBSTER row, an ITCH 'C'), the execution of an order placed before the feed began is
        // still a print, of unknown aggressor; the book is left as it was.
        book.onOrderExecute(time++, ID, 44, 7, 101, 2);
        assertEquals(5, book.errorCount(UNKNOWN_ORDER));
        assertTrue(book.lastEventWasTrade());
        assertEquals(101, book.lastTradePrice());
        assertEquals(7, book.lastTradeQuantity());
        assertEquals(UNKNOWN_SIDE, book.lastTradeSide());
        assertEquals(1, book.tradeCount());
        assertBid(0, 100, 10, 1);
    }

    @Test
    void duplicateAddIsCountedAndIgnored()
    {
        add(1, BUY, 100, 10);
        add(1, SELL, 105, 3);
        assertEquals(1, book.errorCount(DUPLICATE_ORDER));
        assertEquals(0, book.askLevels());
        assertBid(0, 100, 10, 1);

        // A replace onto an id in use: the original still leaves, the new order is dropped.
        add(2, BUY, 99, 5);
        book.onOrderReplace(time++, ID, 2, 1, 98, 5);
        assertEquals(2, book.errorCount(DUPLICATE_ORDER));
        assertFalse(book.containsOrder(2));
        assertEquals(1, book.bidLevels());
        assertEquals(10, book.orderQuantity(1));
    }

    @Test
    void overExecutionAndOverCancelClampToTheRemaining()
    {
        add(1, BUY, 100, 10);
        add(2, BUY, 100, 10);
        add(3, SELL, 101, 5);

        book.onOrderExecute(time++, ID, 1, 15, RESTING_PRICE, 1);
        assertEquals(1, book.errorCount(OVER_EXECUTION));
        assertFalse(book.containsOrder(1));
        assertBid(0, 100, 10, 1);
        assertEquals(15, book.lastTradeQuantity(), "the print is what the venue reported");

        book.onOrderCancel(time++, ID, 3, 6);
        assertEquals(1, book.errorCount(OVER_CANCEL));
        assertEquals(0, book.askLevels());
        assertEquals(2, book.totalErrors());
    }

    @Test
    void invalidSideQuantityAndPriceAreCounted()
    {
        add(1, UNKNOWN_SIDE, 100, 10);
        add(2, BUY, 100, 0);
        add(3, BUY, NO_PRICE, 1);
        add(4, BUY, 100, 10);
        book.onOrderCancel(time++, ID, 4, 0);
        book.onOrderExecute(time++, ID, 4, -1, RESTING_PRICE, 1);
        book.onOrderReplace(time++, ID, 4, 5, 100, 0);

        assertEquals(1, book.errorCount(INVALID_SIDE));
        assertEquals(4, book.errorCount(INVALID_QUANTITY));
        assertEquals(1, book.errorCount(INVALID_PRICE));
        assertEquals(0, book.orderCount(), "the replace's original left, its new order was invalid");
        assertEquals(6, book.totalErrors());
        assertEquals("INVALID_QUANTITY", reasonName(INVALID_QUANTITY));

        book.resetCounters();
        assertEquals(0, book.totalErrors());
        assertEquals(0, book.errorCount(INVALID_SIDE));
    }

    @Test
    void snapshotFillsTenLevelsAndNaNForMissingOnes()
    {
        for (int i = 0; i < 12; i++)
        {
            add(100 + i, BUY, 5_850_000 - 100L * i, 10 + i);
        }
        add(200, SELL, 5_860_000, 7);
        add(201, SELL, 5_860_300, 8);
        final MarketSnapshot out = new MarketSnapshot();
        out.isTrade = true;

        book.snapshot(out);

        for (int level = 0; level < MarketSnapshot.LEVELS; level++)
        {
            assertEquals((5_850_000 - 100L * level) / 10_000.0, out.bidPrice[level]);
            assertEquals(10.0 + level, out.bidSize[level]);
        }
        assertEquals(586.0, out.askPrice[0]);
        assertEquals(7.0, out.askSize[0]);
        assertEquals(586.03, out.askPrice[1]);
        assertEquals(8.0, out.askSize[1]);
        for (int level = 2; level < MarketSnapshot.LEVELS; level++)
        {
            assertTrue(Double.isNaN(out.askPrice[level]));
            assertTrue(Double.isNaN(out.askSize[level]));
        }
        assertFalse(out.isTrade);
        assertEquals(time - 1, out.eventTimeNs);
        assertTrue(Double.isNaN(out.lastTradePrice), "no trade yet");
        assertTrue(Double.isNaN(out.lastTradeSize));
        assertEquals(0, out.lastTradeSide);

        book.onOrderExecute(time, ID, 200, 3, RESTING_PRICE, 1);
        book.snapshot(out);
        assertTrue(out.isTrade);
        assertEquals(586.0, out.lastTradePrice);
        assertEquals(3.0, out.lastTradeSize);
        assertEquals(1, out.lastTradeSide, "a resting sell was lifted: buyer-initiated");
        assertEquals(4.0, out.askSize[0]);
        assertEquals(time, out.eventTimeNs);

        book.onOrderExecute(time, ID, 100, 1, RESTING_PRICE, 2);
        book.snapshot(out);
        assertEquals(-1, out.lastTradeSide);

        // Emptied levels become NaN again in a reused snapshot.
        book.clear();
        book.snapshot(out);
        assertTrue(Double.isNaN(out.bidPrice[0]));
        assertTrue(Double.isNaN(out.askSize[0]));
        assertEquals(0, book.orderCount());
    }

    @Test
    void snapshotDividesByThePowerOfTenForBitExactPrices()
    {
        // 3 x 1e-4 is 3.0000000000000003E-4, one ulp above the double nearest 0.0003.
        assertNotEquals(3 * 1e-4, 3 / 1e4);
        add(1, BUY, 3, 1);
        final MarketSnapshot out = new MarketSnapshot();

        book.snapshot(out);
        assertEquals(3 / 1e4, out.bidPrice[0]);
        assertEquals(0.0003, out.bidPrice[0]);
        book.snapshot(out, 1e-4);
        assertEquals(3 * 1e-4, out.bidPrice[0], "the multiplying overload does what it says");
        book.snapshot(out, 1.0, 1e4);
        assertEquals(0.0003, out.bidPrice[0]);

        assertTrue(book.priceExponent(2));
        book.snapshot(out);
        assertEquals(300.0, out.bidPrice[0]);
        assertTrue(book.priceExponent(0));
        book.snapshot(out);
        assertEquals(3.0, out.bidPrice[0]);
        assertFalse(book.priceExponent(19));
        assertEquals(0, book.priceExponent());
    }

    @Test
    void poolAndLevelsGrowByDoublingAndCountIt()
    {
        final OrderBook small = new OrderBook(16, 4);
        assertEquals(16, small.orderCapacity());
        for (int i = 0; i < 100; i++)
        {
            small.onAddOrder(time++, ID, i, (i & 1) == 0 ? BUY : SELL, (i & 1) == 0 ? 1000 - i : 2000 + i, 1 + i);
        }
        assertEquals(100, small.orderCount());
        assertEquals(3, small.orderPoolGrowths(), "16 -> 32 -> 64 -> 128");
        assertEquals(128, small.orderCapacity());
        assertEquals(8, small.levelGrowths(), "each side 4 -> 8 -> 16 -> 32 -> 64");
        assertEquals(50, small.bidLevels());
        assertEquals(1000, small.bestBidPrice());
        assertEquals(2001, small.bestAskPrice());
        assertEquals(902, small.bidPrice(49));
        for (int i = 0; i < 100; i++)
        {
            assertEquals(1 + i, small.orderQuantity(i));
        }
        for (int i = 0; i < 100; i += 2)
        {
            small.onOrderDelete(time++, ID, i);
        }
        assertEquals(0, small.bidLevels());
        assertEquals(50, small.orderCount());
        assertEquals(0, small.totalErrors());
    }

    @Test
    void freedSlotsAreReused()
    {
        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < 64; i++)
            {
                add(round * 1000L + i, BUY, 100 + (i % 5), 1);
            }
            for (int i = 0; i < 64; i++)
            {
                book.onOrderDelete(time++, ID, round * 1000L + i);
            }
        }
        assertEquals(0, book.orderPoolGrowths());
        assertEquals(0, book.orderCount());
        assertEquals(0, book.bidLevels());
    }

    private void add(final long orderId, final byte side, final long price, final long quantity)
    {
        book.onAddOrder(time++, ID, orderId, side, price, quantity);
    }

    private void assertBid(final int level, final long price, final long quantity, final int orders)
    {
        assertEquals(price, book.bidPrice(level), "bid price " + level);
        assertEquals(quantity, book.bidQuantity(level), "bid quantity " + level);
        assertEquals(orders, book.bidOrderCount(level), "bid orders " + level);
    }

    private void assertAsk(final int level, final long price, final long quantity, final int orders)
    {
        assertEquals(price, book.askPrice(level), "ask price " + level);
        assertEquals(quantity, book.askQuantity(level), "ask quantity " + level);
        assertEquals(orders, book.askOrderCount(level), "ask orders " + level);
    }
}
