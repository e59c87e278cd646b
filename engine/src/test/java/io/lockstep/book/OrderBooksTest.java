package io.lockstep.book;

import io.lockstep.features.MarketSnapshot;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.lockstep.feed.MarketDataListener.BUY;
import static io.lockstep.feed.MarketDataListener.RESTING_PRICE;
import static io.lockstep.feed.MarketDataListener.SELL;
import static org.junit.jupiter.api.Assertions.*;

class OrderBooksTest
{
    private static final UnsafeBuffer SYMBOL = new UnsafeBuffer("AAPL    ".getBytes(StandardCharsets.US_ASCII));

    private final OrderBooks books = new OrderBooks(16, 4);
    private final MarketSnapshot snapshot = new MarketSnapshot();

    @Test
    void routesEventsToOneBookPerInstrument()
    {
        assertEquals(OrderBooks.NO_INSTRUMENT, books.lastInstrumentId());
        assertNull(books.book(1));
        assertFalse(books.snapshot(1, snapshot));

        books.onAddOrder(1, 1, 10, BUY, 100, 5);
        books.onAddOrder(2, 2, 10, SELL, 200, 6);
        assertEquals(2, books.lastInstrumentId());
        books.onAddOrder(3, 1, 11, SELL, 101, 7);
        assertEquals(1, books.lastInstrumentId());

        final OrderBook one = books.book(1);
        final OrderBook two = books.book(2);
        assertNotNull(one);
        assertNotSame(one, two);
        assertEquals(2, books.bookCount());
        assertEquals(100, one.bestBidPrice());
        assertEquals(101, one.bestAskPrice());
        assertEquals(200, two.bestAskPrice());
        assertEquals(0, two.bidLevels());
        assertSame(two, books.book(2));

        books.onOrderCancel(4, 2, 10, 1);
        books.onOrderExecute(5, 1, 11, 2, RESTING_PRICE, 1);
        books.onOrderReplace(6, 1, 10, 12, 99, 3);
        books.onTrade(7, 2, 199, 1, BUY, 2);
        books.onOrderDelete(8, 1, 12);
        assertEquals(5, two.askQuantity(0));
        assertEquals(5, one.askQuantity(0));
        assertEquals(0, one.bidLevels());
        assertEquals(101, one.lastTradePrice());
        assertEquals(199, two.lastTradePrice());
        assertEquals(1, books.lastInstrumentId());
        assertEquals(0, one.totalErrors() + two.totalErrors());
    }

    @Test
    void aDirectoryCreatesNoBookUntilTheInstrumentTrades()
    {
        final UnsafeBuffer symbol = new UnsafeBuffer("ABCD    ".getBytes(StandardCharsets.US_ASCII));
        for (int instrument = 1; instrument <= 8_000; instrument++)
        {
            books.onInstrument(0, instrument, symbol, 0, 8, -2);
        }
        assertEquals(0, books.bookCount(), "a stock directory costs no books");
        books.onAddOrder(1, 7, 10, BUY, 12_345, 100);
        assertEquals(1, books.bookCount());
        assertEquals(-2, books.book(7).priceExponent(), "the announced exponent is applied when the book is made");
        final MarketSnapshot snapshot = new MarketSnapshot();
        books.snapshot(7, snapshot);
        assertEquals(123.45, snapshot.bidPrice[0]);
    }

    @Test
    void exponentComesFromOnInstrumentWithMinusFourByDefault()
    {
        books.onAddOrder(1, 1, 10, BUY, 5_853_300, 18);
        assertEquals(-4, books.book(1).priceExponent());
        assertTrue(books.snapshot(1, snapshot));
        assertEquals(585.33, snapshot.bidPrice[0]);
        assertEquals(18.0, snapshot.bidSize[0]);

        books.onInstrument(0, 2, SYMBOL, 0, 8, -2);
        assertEquals(1, books.lastInstrumentId(), "onInstrument is not a book event");
        books.onAddOrder(1, 2, 10, SELL, 12_345, 1);
        assertTrue(books.snapshot(2, snapshot));
        assertEquals(123.45, snapshot.askPrice[0]);
        assertTrue(Double.isNaN(snapshot.bidPrice[0]));

        books.onInstrument(0, 3, SYMBOL, 0, 8, 3);
        books.onTrade(1, 3, 7, 2, SELL, 1);
        assertTrue(books.snapshot(3, snapshot));
        assertEquals(7000.0, snapshot.lastTradePrice);
        assertEquals(-1, snapshot.lastTradeSide);
        assertTrue(snapshot.isTrade);

        books.onInstrument(0, 2, SYMBOL, 0, 8, 40);
        assertEquals(-2, books.book(2).priceExponent(), "an invalid exponent is counted and not taken");
        assertEquals(1, books.book(2).errorCount(OrderBook.INVALID_EXPONENT));
    }
}
