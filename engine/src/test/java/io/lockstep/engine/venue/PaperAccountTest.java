package io.lockstep.engine.venue;

import org.junit.jupiter.api.Test;

import static io.lockstep.engine.spi.OrderIntent.BUY;
import static io.lockstep.engine.spi.OrderIntent.SELL;
import static io.lockstep.engine.venue.PaperAccount.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Positions, cash and PnL in exact mantissa units; prices at exponent -4 unless stated.
 */
class PaperAccountTest
{
    private static final int AAPL = 7;
    private static final int MSFT = 42;

    private final PaperAccount account = new PaperAccount();

    @Test
    void sequenceOfBuysAndSellsWithHandComputedPnl()
    {
        // buy  100 @ 10.0000: position 100, cash -100 * 100 000            = -10 000 000
        // buy   50 @ 10.2000: position 150, cash -10 000 000 - 50 * 102 000 = -15 100 000
        // sell 120 @ 10.1000: position  30, cash -15 100 000 + 120 * 101 000 = -2 980 000
        // sell  50 @  9.9000: position -20, cash -2 980 000 + 50 * 99 000    =  1 970 000
        assertEquals(APPLIED, account.onFill(AAPL, BUY, 10_0000, 100));
        assertEquals(APPLIED, account.onFill(AAPL, BUY, 10_2000, 50));
        assertEquals(APPLIED, account.onFill(AAPL, SELL, 10_1000, 120));
        assertEquals(APPLIED, account.onFill(AAPL, SELL, 9_9000, 50));

        assertEquals(-20, account.position(AAPL));
        assertEquals(1_970_000, account.cash(AAPL));
        assertEquals(4, account.fills(AAPL));
        assertEquals(320, account.tradedQuantity(AAPL));

        // mark 10.0500: 1 970 000 + (-20) * 100 500 = 1 970 000 - 2 010 000 = -40 000 -> -4.0000
        assertEquals(-40_000, account.pnlMantissa(AAPL, 10_0500));
        assertEquals(-4.0, account.pnl(AAPL, 10_0500, -4), 0.0);
        // mark 9.8000: 1 970 000 - 20 * 98 000 = 10 000 -> +1.0000
        assertEquals(1.0, account.pnl(AAPL, 9_8000, -4), 0.0);
    }

    @Test
    void roundTripBuy100At10Sell100At1005IsExactlyPlusFive()
    {
        // cash: -100 * 100 000 + 100 * 100 500 = 50 000 mantissa units = 5.0000, flat, whatever the mark
        assertEquals(APPLIED, account.onFill(AAPL, BUY, 10_0000, 100));
        assertEquals(APPLIED, account.onFill(AAPL, SELL, 10_0500, 100));
        assertEquals(0, account.position(AAPL));
        assertEquals(50_000, account.cash(AAPL));
        assertEquals(5.0, account.pnl(AAPL, 10_0500, -4), 0.0);
        assertEquals(5.0, account.pnl(AAPL, 1, -4), 0.0);
        assertEquals(Double.doubleToRawLongBits(5.0), Double.doubleToRawLongBits(account.pnl(AAPL, 0, -4)));
    }

    @Test
    void pnlIsConvertedOnceByDivision()
    {
        // 3 mantissa units at -1: 3 / 10.0 is the double nearest 0.3; 3 * 0.1 would be 0.30000000000000004
        account.onFill(AAPL, SELL, 3, 1);
        assertEquals(0.3, account.pnl(AAPL, 0, -1), 0.0);
        assertNotEquals(3 * 0.1, account.pnl(AAPL, 0, -1));
        // non-negative exponents multiply: 3 * 10^2
        assertEquals(300.0, account.pnl(AAPL, 0, 2), 0.0);
        assertEquals(3.0, account.pnl(AAPL, 0, 0), 0.0);
        assertEquals(3e-18, account.pnl(AAPL, 0, -18), 0.0);
        assertTrue(Double.isNaN(account.pnl(AAPL, 0, -19)));
        assertTrue(Double.isNaN(account.pnl(AAPL, 0, 19)));
    }

    @Test
    void instrumentsAreIndependent()
    {
        account.onFill(AAPL, BUY, 10_0000, 10);
        account.onFill(MSFT, SELL, 20_0000, 5);
        account.onFill(AAPL, BUY, 11_0000, 10);
        assertEquals(20, account.position(AAPL));
        assertEquals(-2_100_000, account.cash(AAPL));
        assertEquals(-5, account.position(MSFT));
        assertEquals(1_000_000, account.cash(MSFT));
        assertEquals(2, account.instrumentCount());
        assertEquals(AAPL, account.instrumentId(0));
        assertEquals(MSFT, account.instrumentId(1));
        assertThrows(IndexOutOfBoundsException.class, () -> account.instrumentId(2));
    }

    @Test
    void unknownInstrumentIsFlat()
    {
        assertEquals(0, account.position(99));
        assertEquals(0, account.cash(99));
        assertEquals(0, account.fills(99));
        assertEquals(0, account.tradedQuantity(99));
        assertEquals(0.0, account.pnl(99, 10_0000, -4), 0.0);
    }

    @Test
    void cashOverflowIsDetectedAndTheFillRefusedWhole()
    {
        account.onFill(AAPL, BUY, 10_0000, 1);
        // Long.MAX_VALUE / 2 units at 10.0000: signed quantity * price overflows
        assertEquals(OVERFLOW, account.onFill(AAPL, BUY, 10_0000, Long.MAX_VALUE / 2));
        assertEquals(1, account.position(AAPL));
        assertEquals(-100_000, account.cash(AAPL));
        assertEquals(1, account.fills(AAPL));
        assertEquals(1, account.tradedQuantity(AAPL));
        assertEquals(1, account.errorCount(OVERFLOW));

        // product fits, sum does not: cash -100 000 - (Long.MAX_VALUE - 1)
        assertEquals(OVERFLOW, account.onFill(AAPL, BUY, 1, Long.MAX_VALUE - 1));
        assertEquals(-100_000, account.cash(AAPL));
        assertEquals(2, account.errorCount(OVERFLOW));
    }

    @Test
    void positionOverflowIsDetected()
    {
        assertEquals(APPLIED, account.onFill(AAPL, BUY, 0, Long.MAX_VALUE));
        assertEquals(OVERFLOW, account.onFill(AAPL, BUY, 0, 1));
        assertEquals(Long.MAX_VALUE, account.position(AAPL));
        // traded quantity would overflow too on a sell that brings the position back
        assertEquals(OVERFLOW, account.onFill(AAPL, SELL, 0, 1));
        assertEquals(Long.MAX_VALUE, account.position(AAPL));
    }

    @Test
    void pnlOverflowIsNaN()
    {
        account.onFill(AAPL, BUY, 0, Long.MAX_VALUE / 2);
        assertTrue(Double.isNaN(account.pnl(AAPL, 3, -4)));
        assertThrows(ArithmeticException.class, () -> account.pnlMantissa(AAPL, 3));
        assertEquals(Long.MAX_VALUE / 2 * 2, account.pnlMantissa(AAPL, 2));
    }

    @Test
    void newInstrumentWhoseFirstFillOverflowsTakesNoSlot()
    {
        assertEquals(OVERFLOW, account.onFill(MSFT, BUY, 10, Long.MAX_VALUE));
        assertEquals(0, account.instrumentCount());
    }

    @Test
    void capacityIsBoundedAndRefusalsCounted()
    {
        final PaperAccount small = new PaperAccount(2);
        assertEquals(APPLIED, small.onFill(1, BUY, 100, 1));
        assertEquals(APPLIED, small.onFill(2, BUY, 100, 1));
        assertEquals(NO_CAPACITY, small.onFill(3, BUY, 100, 1));
        assertEquals(APPLIED, small.onFill(1, SELL, 100, 1));
        assertEquals(0, small.position(1));
        assertEquals(0, small.position(3));
        assertEquals(1, small.errorCount(NO_CAPACITY));
        assertEquals(2, small.maxInstruments());
        assertThrows(IllegalArgumentException.class, () -> new PaperAccount(0));
    }

    @Test
    void invalidSideOrQuantityIsRefused()
    {
        assertEquals(INVALID_SIDE, account.onFill(AAPL, (byte)0, 100, 1));
        assertEquals(INVALID_SIDE, account.onFill(AAPL, (byte)3, 100, 1));
        assertEquals(INVALID_QUANTITY, account.onFill(AAPL, BUY, 100, 0));
        assertEquals(INVALID_QUANTITY, account.onFill(AAPL, SELL, 100, -1));
        assertEquals(0, account.instrumentCount());
        assertEquals(2, account.errorCount(INVALID_SIDE));
        assertEquals(2, account.errorCount(INVALID_QUANTITY));
        assertEquals(0, account.errorCount(APPLIED));
    }

    @Test
    void negativePricesAreAccounted()
    {
        // buying at -1.0000 receives cash
        account.onFill(AAPL, BUY, -1_0000, 10);
        assertEquals(100_000, account.cash(AAPL));
        assertEquals(10, account.position(AAPL));
        // mark -2.0000: 100 000 + 10 * -20 000 = -100 000 -> -10.0
        assertEquals(-10.0, account.pnl(AAPL, -2_0000, -4), 0.0);
    }
}
