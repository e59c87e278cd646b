package io.lockstep.feed;

import io.lockstep.book.OrderBook;
import io.lockstep.feed.sbe.SbeMarketDataDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticMarketDataTest
{
    private static final int EVENTS = 1_000_000;

    /**
     * A book built from the feed follows the generator exactly: no order is left behind by a trade print, so the
     * book stays within the generator's 64 orders a side for a million events and never crosses. (Executions once
     * went out as trade prints half of the time, and every order they filled stayed in the engine's book forever.)
     */
    @Test
    void aBookBuiltFromTheFeedStaysTheGeneratorsBook()
    {
        final SyntheticMarketData market = new SyntheticMarketData(9, 1, 0, 100_000, 1_000_000);
        final SbeMarketDataDecoder decoder = new SbeMarketDataDecoder();
        final OrderBook book = new OrderBook(128, 64);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        int mostOrders = 0;
        for (int i = 0; i < EVENTS; i++)
        {
            final int length = market.next(buffer, 0);
            assertEquals(SbeMarketDataDecoder.OK, decoder.decode(buffer, 0, length, book), "event " + i);
            mostOrders = Math.max(mostOrders, book.orderCount());
            if (book.bidLevels() > 0 && book.askLevels() > 0)
            {
                assertTrue(book.bestBidPrice() < book.bestAskPrice(), "crossed at event " + i);
            }
        }
        assertEquals(0, book.totalErrors(), "every cancel, delete and execute names a live order in the book");
        assertTrue(mostOrders > 64 && mostOrders <= 128, "orders at most: " + mostOrders);
        assertEquals(0, book.orderPoolGrowths());
        assertTrue(book.tradeCount() > EVENTS / 10, "trades: " + book.tradeCount());
    }
}
