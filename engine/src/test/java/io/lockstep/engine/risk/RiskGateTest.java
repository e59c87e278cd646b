package io.lockstep.engine.risk;

import io.lockstep.book.OrderBook;
import io.lockstep.sbe.control.RiskLimit;
import io.lockstep.sbe.decision.RiskReason;
import org.junit.jupiter.api.Test;

import static io.lockstep.engine.risk.RiskGate.*;
import static io.lockstep.engine.spi.OrderIntent.BUY;
import static io.lockstep.engine.spi.OrderIntent.SELL;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Each check at its boundary (limit - 1 and limit pass, limit + 1 fails with that reason), the order of the
 * checks, the kill switch, limit changes through {@link RiskLimits#apply(int, long)}, and the counters.
 * <p>
 * The base case is a clean buy: bid 99.0000, ask 101.0000 (mid 100.0000) at exponent -4, 10 @ 100.0000
 * (notional 1 000), flat position, market data 1 µs old, no orders sent.
 */
class RiskGateTest
{
    private static final int EXPONENT = -4;
    private static final long BID = 99_0000;
    private static final long ASK = 101_0000;
    private static final long MID = 100_0000;
    private static final long T0 = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final RiskLimits limits = new RiskLimits()
        .maxOrderQuantity(100)
        .maxNotional(10_000.0)
        .priceCollarBps(100)
        .maxPosition(500)
        .maxOrdersPerSecond(3)
        .staleDataNs(1_000_000);
    private final RiskGate gate = new RiskGate(limits);

    // order under test, reset to the clean buy before each test by field initialisers
    private long eventTime = T0;
    private long marketDataTime = T0 - 1_000;
    private byte side = BUY;
    private long price = MID;
    private long quantity = 10;
    private int exponent = EXPONENT;
    private long bid = BID;
    private long ask = ASK;
    private long position = 0;

    private int check()
    {
        return gate.check(eventTime, marketDataTime, side, price, quantity, exponent, bid, ask, position);
    }

    @Test
    void cleanOrderPasses()
    {
        assertEquals(NONE, check());
        side = SELL;
        assertEquals(NONE, check());
        assertEquals(2, gate.passed());
    }

    @Test
    void reasonCodesAreThoseOfTheSchemas()
    {
        assertEquals(RiskReason.NONE.value(), NONE);
        assertEquals(RiskReason.MAX_ORDER_QUANTITY.value(), MAX_ORDER_QUANTITY);
        assertEquals(RiskReason.MAX_NOTIONAL.value(), MAX_NOTIONAL);
        assertEquals(RiskReason.PRICE_COLLAR.value(), PRICE_COLLAR);
        assertEquals(RiskReason.MAX_POSITION.value(), MAX_POSITION);
        assertEquals(RiskReason.ORDER_RATE.value(), ORDER_RATE);
        assertEquals(RiskReason.STALE_DATA.value(), STALE_DATA);
        assertEquals(RiskReason.KILL_SWITCH.value(), KILL_SWITCH);
        assertEquals(RiskReason.NO_MARKET.value(), NO_MARKET);
        for (int reason = 0; reason < REASON_COUNT; reason++)
        {
            assertEquals(RiskReason.get(reason).name(), reasonName(reason));
        }

        assertEquals(RiskLimit.MAX_ORDER_QUANTITY.value(), RiskLimits.MAX_ORDER_QUANTITY);
        assertEquals(RiskLimit.MAX_NOTIONAL.value(), RiskLimits.MAX_NOTIONAL);
        assertEquals(RiskLimit.PRICE_COLLAR_BPS.value(), RiskLimits.PRICE_COLLAR_BPS);
        assertEquals(RiskLimit.MAX_POSITION.value(), RiskLimits.MAX_POSITION);
        assertEquals(RiskLimit.MAX_ORDERS_PER_SECOND.value(), RiskLimits.MAX_ORDERS_PER_SECOND);
        assertEquals(RiskLimit.STALE_DATA_NS.value(), RiskLimits.STALE_DATA_NS);
    }

    // ---- kill switch ----

    @Test
    void killSwitchRejectsEverythingUntilReleased()
    {
        gate.killSwitch(true);
        assertTrue(gate.killSwitchEngaged());
        assertEquals(KILL_SWITCH, check());

        // even an order that fails every other check
        bid = OrderBook.NO_PRICE;
        quantity = -1;
        side = 9;
        assertEquals(KILL_SWITCH, check());
        assertEquals(2, gate.rejects(KILL_SWITCH));

        gate.killSwitch(false);
        assertFalse(gate.killSwitchEngaged());
        bid = BID;
        quantity = 10;
        side = SELL;
        assertEquals(NONE, check());
    }

    // ---- no market ----

    @Test
    void missingOrUnusableBidOrAskIsNoMarket()
    {
        final long[] unusable = {OrderBook.NO_PRICE, 0, -1, RiskGate.MAX_PRICE + 1, Long.MAX_VALUE};
        for (final long missing : unusable)
        {
            bid = missing;
            ask = ASK;
            assertEquals(NO_MARKET, check(), "bid " + missing);
            bid = BID;
            ask = missing;
            assertEquals(NO_MARKET, check(), "ask " + missing);
        }
        bid = BID;
        ask = ASK;
        assertEquals(NONE, check());
        assertEquals(2 * unusable.length, gate.rejects(NO_MARKET));
    }

    // ---- stale data ----

    @Test
    void staleDataBoundary()
    {
        marketDataTime = T0 - 999_999;
        assertEquals(NONE, check());
        marketDataTime = T0 - 1_000_000;
        assertEquals(NONE, check(), "exactly staleDataNs old passes");
        marketDataTime = T0 - 1_000_001;
        assertEquals(STALE_DATA, check());
    }

    @Test
    void marketDataNewerThanTheEventIsNotStale()
    {
        marketDataTime = T0 + 5 * SECOND;
        assertEquals(NONE, check());
    }

    @Test
    void ageThatOverflowsIsStale()
    {
        // No market data yet, recorded as Long.MIN_VALUE: T0 - MIN_VALUE overflows to a negative age.
        marketDataTime = Long.MIN_VALUE;
        assertEquals(STALE_DATA, check());
        limits.staleDataNs(Long.MAX_VALUE);
        assertEquals(STALE_DATA, check(), "even with the loosest limit");
    }

    // ---- max order quantity ----

    @Test
    void maxOrderQuantityBoundary()
    {
        limits.maxNotional(1_000_000.0);
        limits.maxPosition(1_000);
        quantity = 99;
        assertEquals(NONE, check());
        quantity = 100;
        assertEquals(NONE, check());
        quantity = 101;
        assertEquals(MAX_ORDER_QUANTITY, check());
    }

    @Test
    void zeroOrNegativeQuantityFailsMaxOrderQuantity()
    {
        for (final long bad : new long[] {0, -1, Long.MIN_VALUE})
        {
            quantity = bad;
            assertEquals(MAX_ORDER_QUANTITY, check(), "quantity " + bad);
        }
    }

    // ---- max notional ----

    @Test
    void maxNotionalBoundaryInQuantity()
    {
        // 100.0000 * q against 10 000: q = 99 -> 9 900, q = 100 -> 10 000 (equal passes), q = 101 -> 10 100
        limits.maxOrderQuantity(1_000);
        quantity = 99;
        assertEquals(NONE, check());
        quantity = 100;
        assertEquals(NONE, check());
        quantity = 101;
        assertEquals(MAX_NOTIONAL, check());
    }

    @Test
    void maxNotionalBoundaryInPriceMantissa()
    {
        // One unit at the limit: 10 000.0000 is mantissa 100_000_000 at -4; one tick either side.
        limits.priceCollarBps(RiskLimits.MAX_PRICE_COLLAR_BPS);
        quantity = 1;
        price = 100_000_000 - 1;
        assertEquals(NONE, check());
        price = 100_000_000;
        assertEquals(NONE, check());
        price = 100_000_000 + 1;
        assertEquals(MAX_NOTIONAL, check());
    }

    @Test
    void maxNotionalFractionalLimitIsExact()
    {
        // 100 @ 100.0000 = 10 000 exactly, against limits one micro-unit either side
        quantity = 100;
        limits.maxNotional(9_999.999_999);
        assertEquals(MAX_NOTIONAL, check());
        limits.maxNotional(10_000.000_001);
        assertEquals(NONE, check());
        // 1.0001 * 3 = 3.0003; a double would compute 1.0001 * 3 = 3.0003000000000002
        price = 1_0001;
        quantity = 3;
        limits.priceCollarBps(RiskLimits.MAX_PRICE_COLLAR_BPS);
        limits.maxNotional(3.0003);
        assertEquals(NONE, check());
        limits.maxNotional(3.000_299);
        assertEquals(MAX_NOTIONAL, check());
    }

    @Test
    void maxNotionalAtOtherExponents()
    {
        limits.priceCollarBps(RiskLimits.MAX_PRICE_COLLAR_BPS).maxOrderQuantity(Long.MAX_VALUE).maxPosition(Long.MAX_VALUE);

        // exponent 2: mantissa 3 is 300 a unit; 33 units = 9 900, 34 = 10 200
        exponent = 2;
        price = 3;
        bid = 2;
        ask = 4;
        quantity = 33;
        assertEquals(NONE, check());
        quantity = 34;
        assertEquals(MAX_NOTIONAL, check());

        // exponent -18, the finest: 10^14 units at 10^-18 * 10^8 = 10^-10 each is 10 000 exactly
        exponent = -18;
        price = 100_000_000;
        bid = price;
        ask = price;
        quantity = 100_000_000_000_000L;
        assertEquals(NONE, check());
        quantity++;
        assertEquals(MAX_NOTIONAL, check());

        // exponent 18 (scale 24 > 10^18): any positive notional is above any long limit
        exponent = 18;
        price = 1;
        bid = 1;
        ask = 1;
        quantity = 1;
        limits.maxNotional(RiskLimits.MAX_NOTIONAL_LIMIT);
        assertEquals(MAX_NOTIONAL, check());
    }

    @Test
    void maxNotionalProductBeyond64BitsIsExact()
    {
        limits.priceCollarBps(RiskLimits.MAX_PRICE_COLLAR_BPS).maxOrderQuantity(Long.MAX_VALUE).maxPosition(Long.MAX_VALUE);
        limits.maxNotional(RiskLimits.MAX_NOTIONAL_LIMIT);
        // 2^40 * 2^40 = 2^80 mantissa units at -18 = 2^80 / 10^18 ~ 1.2 million: under the limit
        exponent = -18;
        price = 1L << 40;
        bid = price;
        ask = price;
        quantity = 1L << 40;
        assertEquals(NONE, check());
        // and at -4, 2^80 / 10^4 ~ 1.2e20 is far over it, though price * quantity wraps to 0 in 64 bits
        exponent = -4;
        assertEquals(MAX_NOTIONAL, check());
    }

    @Test
    void exponentOutOfRangeFailsMaxNotional()
    {
        exponent = -19;
        assertEquals(MAX_NOTIONAL, check());
        exponent = 19;
        assertEquals(MAX_NOTIONAL, check());
    }

    @Test
    void zeroNotionalLimitBlocksEveryPositivePrice()
    {
        limits.maxNotional(0.0);
        quantity = 1;
        price = 1;
        limits.priceCollarBps(RiskLimits.MAX_PRICE_COLLAR_BPS);
        assertEquals(MAX_NOTIONAL, check());
    }

    // ---- price collar ----

    @Test
    void priceCollarBoundaryInPrice()
    {
        // mid 100.0000, 100 bps -> band [99.0000, 101.0000], inclusive
        price = 101_0000 - 1;
        assertEquals(NONE, check());
        price = 101_0000;
        assertEquals(NONE, check());
        price = 101_0000 + 1;
        assertEquals(PRICE_COLLAR, check());

        side = SELL;
        price = 99_0000 + 1;
        assertEquals(NONE, check());
        price = 99_0000;
        assertEquals(NONE, check());
        price = 99_0000 - 1;
        assertEquals(PRICE_COLLAR, check());
    }

    @Test
    void priceCollarBoundaryInBps()
    {
        // 101.0000 is exactly 100 bps above the mid
        price = 101_0000;
        limits.priceCollarBps(101);
        assertEquals(NONE, check());
        limits.priceCollarBps(100);
        assertEquals(NONE, check());
        limits.priceCollarBps(99);
        assertEquals(PRICE_COLLAR, check());
    }

    @Test
    void priceCollarWithAHalfTickMid()
    {
        // bid + ask = 2 000 001, mid 1 000 000.5; 100 bps of it = 10 000.005
        ask = 101_0001;
        price = 101_0000; // 9 999.5 above the mid: |2 020 000 - 2 000 001| * 10 000 = 199 990 000 <= 200 000 100
        assertEquals(NONE, check());
        price = 101_0001; // 10 000.5 above: 200 010 000 > 200 000 100
        assertEquals(PRICE_COLLAR, check());
        price = 99_0001; // 9 999.5 below
        assertEquals(NONE, check());
        price = 99_0000; // 10 000.5 below
        assertEquals(PRICE_COLLAR, check());
    }

    @Test
    void priceCollarAtTheLargestPrices()
    {
        limits.maxNotional(RiskLimits.MAX_NOTIONAL_LIMIT).maxOrderQuantity(1).priceCollarBps(0);
        exponent = -18;
        quantity = 1;
        bid = RiskGate.MAX_PRICE;
        ask = RiskGate.MAX_PRICE;
        price = RiskGate.MAX_PRICE;
        assertEquals(NONE, check());
        price = RiskGate.MAX_PRICE - 1;
        assertEquals(PRICE_COLLAR, check());
        limits.priceCollarBps(1); // 1 bp of 4.6e18 is 4.6e14 mantissa units
        assertEquals(NONE, check());
    }

    @Test
    void nonPositiveOrHugePriceFailsPriceCollar()
    {
        // a collar wide enough for anything and a notional check every one of these passes
        limits.priceCollarBps(RiskLimits.MAX_PRICE_COLLAR_BPS).maxNotional(RiskLimits.MAX_NOTIONAL_LIMIT);
        exponent = -18;
        quantity = 1;
        for (final long bad : new long[] {0, -1, Long.MIN_VALUE, RiskGate.MAX_PRICE + 1, Long.MAX_VALUE})
        {
            price = bad;
            assertEquals(PRICE_COLLAR, check(), "price " + bad);
        }
        price = MID;
        assertEquals(NONE, check());
    }

    // ---- max position ----

    @Test
    void maxPositionBoundaryBuying()
    {
        position = 490;
        quantity = 9;
        assertEquals(NONE, check());
        quantity = 10;
        assertEquals(NONE, check(), "500 after the order equals the limit");
        quantity = 11;
        assertEquals(MAX_POSITION, check());
    }

    @Test
    void maxPositionBoundarySelling()
    {
        side = SELL;
        position = -490;
        quantity = 9;
        assertEquals(NONE, check());
        quantity = 10;
        assertEquals(NONE, check());
        quantity = 11;
        assertEquals(MAX_POSITION, check());
    }

    @Test
    void anOrderTowardZeroPassesBeyondTheLimitButMayNotCrossIt()
    {
        // A position of 60 beyond a limit of 30 (lowered, say): 60 - 9 = 51 reduces it, so it passes.
        limits.maxPosition(30);
        position = 60;
        side = SELL;
        quantity = 9;
        assertEquals(NONE, check());
        quantity = 60;
        assertEquals(NONE, check(), "down to flat");
        quantity = 91;
        assertEquals(MAX_POSITION, check(), "60 - 91 = -31: crosses zero and ends beyond the limit");
        quantity = 90;
        assertEquals(NONE, check(), "-30 is within the limit");
        side = BUY;
        quantity = 1;
        assertEquals(MAX_POSITION, check(), "adding to a position beyond the limit");

        position = -60;
        quantity = 9;
        assertEquals(NONE, check());
        side = SELL;
        quantity = 1;
        assertEquals(MAX_POSITION, check());
    }

    @Test
    void positionOverflowAndInvalidSideFailMaxPosition()
    {
        limits.maxPosition(Long.MAX_VALUE);
        position = Long.MAX_VALUE;
        assertEquals(MAX_POSITION, check());
        side = SELL;
        position = Long.MIN_VALUE + 5;
        assertEquals(MAX_POSITION, check());
        position = 0;
        side = 0;
        assertEquals(MAX_POSITION, check());
        side = 3;
        assertEquals(MAX_POSITION, check());
    }

    // ---- order rate ----

    @Test
    void orderRateBoundary()
    {
        limits.staleDataNs(Long.MAX_VALUE);
        // limit 3 a second: 2 sent (limit - 1) passes, 3 sent (limit) the 4th fails
        send(T0);
        send(T0 + 100_000_000);
        eventTime = T0 + 200_000_000;
        assertEquals(NONE, check());
        send(eventTime);
        eventTime = T0 + 300_000_000;
        assertEquals(ORDER_RATE, check(), "the 4th order within 1 s");
        eventTime = T0 + SECOND - 1;
        assertEquals(ORDER_RATE, check(), "the oldest is still inside (t - 1 s, t]");
        eventTime = T0 + SECOND;
        assertEquals(NONE, check(), "the oldest is now 1 s old, outside (t - 1 s, t]");
        send(eventTime);
        eventTime = T0 + SECOND + 100_000_000 - 1;
        assertEquals(ORDER_RATE, check());
        eventTime = T0 + SECOND + 100_000_000;
        assertEquals(NONE, check());
        assertEquals(4, gate.ordersSent());
    }

    @Test
    void burstAtOneInstant()
    {
        limits.staleDataNs(Long.MAX_VALUE);
        send(T0);
        send(T0);
        send(T0);
        assertEquals(ORDER_RATE, check());
        eventTime = T0 + SECOND;
        assertEquals(NONE, check());
    }

    @Test
    void checkAloneDoesNotCountTowardTheRate()
    {
        for (int i = 0; i < 10; i++)
        {
            assertEquals(NONE, check());
        }
    }

    @Test
    void rateLimitChangesTakeEffectOnTheNextCheck()
    {
        limits.staleDataNs(Long.MAX_VALUE);
        send(T0);
        send(T0);
        send(T0);
        assertEquals(ORDER_RATE, check());
        assertTrue(limits.apply(RiskLimits.MAX_ORDERS_PER_SECOND, 4));
        assertEquals(NONE, check());
        assertTrue(limits.apply(RiskLimits.MAX_ORDERS_PER_SECOND, 1));
        assertEquals(ORDER_RATE, check());
        assertTrue(limits.apply(RiskLimits.MAX_ORDERS_PER_SECOND, 0));
        eventTime = T0 + 100 * SECOND;
        assertEquals(ORDER_RATE, check(), "a limit of 0 blocks every order");
    }

    @Test
    void rateWindowAtFullCapacity()
    {
        final RiskLimits small = new RiskLimits(50).maxOrdersPerSecond(50).staleDataNs(Long.MAX_VALUE);
        final RiskGate smallGate = new RiskGate(small);
        // 1 000 orders, 25 a second: never more than 25 in a window, so all pass
        for (int i = 0; i < 1_000; i++)
        {
            final long t = T0 + i * (SECOND / 25);
            assertEquals(NONE, smallGate.check(t, t, BUY, MID, 1, EXPONENT, BID, ASK, 0));
            smallGate.onOrderSent(t);
        }
        // then 50 at one instant (the ring wraps many times); the 51st fails until 1 s later
        final long burst = T0 + 100 * SECOND;
        for (int i = 0; i < 50; i++)
        {
            assertEquals(NONE, smallGate.check(burst, burst, BUY, MID, 1, EXPONENT, BID, ASK, 0));
            smallGate.onOrderSent(burst);
        }
        assertEquals(ORDER_RATE, smallGate.check(burst, burst, BUY, MID, 1, EXPONENT, BID, ASK, 0));
        final long later = burst + SECOND;
        assertEquals(NONE, smallGate.check(later, later, BUY, MID, 1, EXPONENT, BID, ASK, 0));
    }

    // ---- precedence ----

    @Test
    void firstFailingCheckInDocumentedOrderWins()
    {
        limits.maxOrdersPerSecond(1);
        send(T0);
        gate.killSwitch(true);
        bid = OrderBook.NO_PRICE;
        marketDataTime = T0 - SECOND;
        quantity = 1_000;
        price = 200_0000;
        exponent = EXPONENT;
        position = 10_000;

        assertEquals(KILL_SWITCH, check());
        gate.killSwitch(false);
        assertEquals(NO_MARKET, check());
        bid = BID;
        assertEquals(STALE_DATA, check());
        marketDataTime = T0;
        assertEquals(MAX_ORDER_QUANTITY, check());
        quantity = 40; // 200.0000 * 40 = 8 000 notional
        limits.maxNotional(5_000.0);
        assertEquals(MAX_NOTIONAL, check());
        limits.maxNotional(10_000.0);
        assertEquals(PRICE_COLLAR, check());
        price = MID;
        assertEquals(MAX_POSITION, check());
        position = 0;
        assertEquals(ORDER_RATE, check());
        eventTime = T0 + SECOND;
        marketDataTime = eventTime;
        assertEquals(NONE, check());
    }

    // ---- limits ----

    @Test
    void applyChangesEachLimitAndTheGateHonoursIt()
    {
        quantity = 100;
        assertEquals(NONE, check());
        assertTrue(limits.apply(RiskLimits.MAX_ORDER_QUANTITY, 99));
        assertEquals(99, limits.maxOrderQuantity());
        assertEquals(MAX_ORDER_QUANTITY, check());
        assertTrue(limits.apply(RiskLimits.MAX_ORDER_QUANTITY, 100));

        assertTrue(limits.apply(RiskLimits.MAX_NOTIONAL, 9_999));
        assertEquals(9_999.0, limits.maxNotional());
        assertEquals(9_999_000_000L, limits.maxNotionalMicros());
        assertEquals(MAX_NOTIONAL, check());
        assertTrue(limits.apply(RiskLimits.MAX_NOTIONAL, 10_000));
        assertEquals(NONE, check());

        price = 101_0000;
        quantity = 10;
        assertTrue(limits.apply(RiskLimits.PRICE_COLLAR_BPS, 99));
        assertEquals(99, limits.priceCollarBps());
        assertEquals(PRICE_COLLAR, check());
        assertTrue(limits.apply(RiskLimits.PRICE_COLLAR_BPS, 100));
        assertEquals(NONE, check());
        price = MID;

        position = 495;
        assertTrue(limits.apply(RiskLimits.MAX_POSITION, 504));
        assertEquals(504, limits.maxPosition());
        assertEquals(MAX_POSITION, check());
        assertTrue(limits.apply(RiskLimits.MAX_POSITION, 505));
        assertEquals(NONE, check());
        position = 0;

        marketDataTime = T0 - 2_000_000;
        assertEquals(STALE_DATA, check());
        assertTrue(limits.apply(RiskLimits.STALE_DATA_NS, 2_000_000));
        assertEquals(2_000_000, limits.staleDataNs());
        assertEquals(NONE, check());

        send(T0);
        assertTrue(limits.apply(RiskLimits.MAX_ORDERS_PER_SECOND, 1));
        assertEquals(1, limits.maxOrdersPerSecond());
        assertEquals(ORDER_RATE, check());
    }

    @Test
    void applyRefusesUnknownCodesAndOutOfRangeValuesChangingNothing()
    {
        final String before = limits.toString();
        assertFalse(limits.apply(0, 5));
        assertFalse(limits.apply(7, 5));
        assertFalse(limits.apply(-1, 5));
        for (int code = RiskLimits.MAX_ORDER_QUANTITY; code <= RiskLimits.STALE_DATA_NS; code++)
        {
            assertFalse(limits.apply(code, -1), "code " + code);
        }
        assertFalse(limits.apply(RiskLimits.MAX_NOTIONAL, RiskLimits.MAX_NOTIONAL_LIMIT + 1));
        assertFalse(limits.apply(RiskLimits.PRICE_COLLAR_BPS, Integer.MAX_VALUE + 1L));
        assertFalse(limits.apply(RiskLimits.MAX_ORDERS_PER_SECOND, limits.rateCapacity() + 1L));
        assertEquals(before, limits.toString());

        assertTrue(limits.apply(RiskLimits.MAX_NOTIONAL, RiskLimits.MAX_NOTIONAL_LIMIT));
        assertTrue(limits.apply(RiskLimits.MAX_ORDERS_PER_SECOND, limits.rateCapacity()));
    }

    @Test
    void settersRejectBadValues()
    {
        assertThrows(IllegalArgumentException.class, () -> limits.maxOrderQuantity(-1));
        assertThrows(IllegalArgumentException.class, () -> limits.maxNotional(-0.5));
        assertThrows(IllegalArgumentException.class, () -> limits.maxNotional(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> limits.maxNotional(1e13));
        assertThrows(IllegalArgumentException.class, () -> limits.priceCollarBps(-1));
        assertThrows(IllegalArgumentException.class, () -> limits.maxPosition(-1));
        assertThrows(IllegalArgumentException.class, () -> limits.maxOrdersPerSecond(limits.rateCapacity() + 1));
        assertThrows(IllegalArgumentException.class, () -> limits.staleDataNs(-1));
        assertThrows(IllegalArgumentException.class, () -> new RiskLimits(10));
    }

    @Test
    void defaults()
    {
        final RiskLimits defaults = new RiskLimits();
        assertEquals(RiskLimits.DEFAULT_MAX_ORDER_QUANTITY, defaults.maxOrderQuantity());
        assertEquals(RiskLimits.DEFAULT_MAX_NOTIONAL, defaults.maxNotional());
        assertEquals(RiskLimits.DEFAULT_PRICE_COLLAR_BPS, defaults.priceCollarBps());
        assertEquals(RiskLimits.DEFAULT_MAX_POSITION, defaults.maxPosition());
        assertEquals(RiskLimits.DEFAULT_MAX_ORDERS_PER_SECOND, defaults.maxOrdersPerSecond());
        assertEquals(RiskLimits.DEFAULT_STALE_DATA_NS, defaults.staleDataNs());
        assertEquals(RiskLimits.DEFAULT_RATE_CAPACITY, defaults.rateCapacity());
    }

    // ---- counters ----

    @Test
    void countersByReason()
    {
        check();
        check();
        quantity = 0;
        check();
        gate.killSwitch(true);
        check();
        assertEquals(2, gate.passed());
        assertEquals(1, gate.rejects(MAX_ORDER_QUANTITY));
        assertEquals(1, gate.rejects(KILL_SWITCH));
        assertEquals(0, gate.rejects(NONE));
        assertEquals(0, gate.rejects(REASON_COUNT));
        assertEquals(0, gate.rejects(-1));
        gate.resetCounters();
        assertEquals(0, gate.passed());
        assertEquals(0, gate.rejects(KILL_SWITCH));
        assertEquals("UNKNOWN(42)", reasonName(42));
    }

    private void send(final long timeNs)
    {
        gate.onOrderSent(timeNs);
    }
}
