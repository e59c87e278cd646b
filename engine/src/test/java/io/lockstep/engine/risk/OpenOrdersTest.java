package io.lockstep.engine.risk;

import io.lockstep.engine.spi.OrderIntent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenOrdersTest
{
    private final OpenOrders open = new OpenOrders();

    @Test
    void buysAndSellsAreOpenApartPerInstrumentUntilDone()
    {
        open.onSent(1, 7, OrderIntent.BUY, 100, 0);
        open.onSent(2, 7, OrderIntent.SELL, 40, 0);
        open.onSent(3, 0, OrderIntent.BUY, 5, 0);
        assertEquals(100, open.buys(7));
        assertEquals(40, open.sells(7));
        assertEquals(5, open.buys(0), "instrument 0 is an instrument like any other");

        assertEquals(150, open.worstCase(7, 50, OrderIntent.BUY), "the open buy may fill, the open sell may not");
        assertEquals(10, open.worstCase(7, 50, OrderIntent.SELL));

        open.onReport(1, 60, false);
        assertEquals(40, open.buys(7));
        open.onReport(1, 0, true);
        assertEquals(0, open.buys(7), "a cancel or expiry closes what is left");
        open.onReport(2, 40, false);
        assertEquals(0, open.sells(7), "a fill of the whole order closes it even before a done report");
        assertEquals(1, open.count());
        open.onReport(3, 0, true);
        assertEquals(0, open.count());
    }

    @Test
    void anOverfillTakesNoMoreThanIsOpenAndUnknownOrdersChangeNothing()
    {
        open.onSent(1, 7, OrderIntent.SELL, 10, 0);
        open.onReport(1, 25, false);
        assertEquals(0, open.sells(7));
        assertEquals(0, open.count());
        open.onReport(99, 10, true);
        assertEquals(0, open.buys(7));
        assertEquals(0, open.sells(7));
    }

    @Test
    void anOrderUnansweredForCapacityMoreSendsIsForgottenSoTheMapsStayBounded()
    {
        open.onSent(0, 7, OrderIntent.BUY, 3, 0);
        for (int i = 1; i < OpenOrders.CAPACITY; i++)
        {
            open.onSent(i, 7, OrderIntent.SELL, 1, 0);
            open.onReport(i, 1, true);
        }
        assertEquals(3, open.buys(7), "the first order is still open after CAPACITY - 1 more");
        open.onSent(OpenOrders.CAPACITY, 7, OrderIntent.SELL, 2, 0);
        assertEquals(0, open.buys(7));
        assertEquals(1, open.forgotten());
        assertEquals(2, open.sells(7));
        assertEquals(1, open.count());
        open.onReport(0, 3, true);
        assertEquals(0, open.buys(7), "a late report of a forgotten order changes nothing");
    }

    @Test
    void aWorstCaseBeyondALongSaturates()
    {
        open.onSent(1, 7, OrderIntent.BUY, Long.MAX_VALUE - 10, 0);
        assertEquals(Long.MAX_VALUE, open.worstCase(7, 100, OrderIntent.BUY));
        open.onSent(2, 7, OrderIntent.SELL, Long.MAX_VALUE - 10, 0);
        assertEquals(Long.MIN_VALUE, open.worstCase(7, -100, OrderIntent.SELL));
    }

    @Test
    void anOrderUnansweredForTheTimeoutOfEventTimeIsForgotten()
    {
        final long second = 1_000_000_000L;
        open.onSent(1, 7, OrderIntent.BUY, 100, 10 * second);
        open.onSent(2, 7, OrderIntent.BUY, 50, 12 * second);
        open.onSent(3, 7, OrderIntent.BUY, 20, 13 * second);
        open.onReport(2, 50, true);
        open.expire(20 * second, 10 * second);
        assertEquals(170 - 50, open.buys(7), "10 s after the first send is not beyond the timeout");
        open.expire(20 * second + 1, 10 * second);
        assertEquals(20, open.buys(7), "the first forgotten; the second was done already");
        assertEquals(1, open.forgotten());
        open.expire(Long.MAX_VALUE / 2, 0);
        assertEquals(20, open.buys(7), "a timeout of 0 forgets nothing");
        open.expire(23 * second + 1, 10 * second);
        assertEquals(0, open.buys(7));
        assertEquals(2, open.forgotten());
        assertEquals(0, open.count());
    }

    @Test
    void anAgeBeyondALongIsBeyondTheTimeout()
    {
        open.onSent(1, 7, OrderIntent.BUY, 100, Long.MIN_VALUE + 1);
        open.onSent(2, 7, OrderIntent.BUY, 100, 0);
        open.expire(2_000_000_000_000_000_000L, 10_000_000_000L);
        assertEquals(0, open.buys(7), "the first's age overflows a long: expired, and the second after it");
        assertEquals(2, open.forgotten());
    }
}
