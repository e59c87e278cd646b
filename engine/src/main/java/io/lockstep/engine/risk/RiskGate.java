package io.lockstep.engine.risk;

import io.lockstep.book.PriceScale;

import java.util.Arrays;

import static io.lockstep.engine.spi.OrderIntent.BUY;
import static io.lockstep.engine.spi.OrderIntent.SELL;

/**
 * Pre-trade risk: every order the strategy proposes passes {@link #check} before it may be sent. Single-threaded,
 * allocation-free, never throws, reads no clock: time is the event time passed in, so replay gives the same
 * verdicts.
 * <p>
 * Checks, in this order; the first that fails is the verdict (RiskReason codes of decision.xml):
 * <ol>
 * <li>{@link #KILL_SWITCH}: the kill switch is engaged.</li>
 * <li>{@link #NO_MARKET}: the best bid or ask is missing or unusable: not in (0, {@link #MAX_PRICE}], which
 * covers {@code OrderBook.NO_PRICE} and 0. A collar needs a mid.</li>
 * <li>{@link #STALE_DATA}: {@code eventTimeNs - lastMarketDataTimeNs > staleDataNs} (exactly the limit passes).
 * A difference that overflows (e.g. no market data yet, {@code Long.MIN_VALUE}) is stale.</li>
 * <li>{@link #MAX_ORDER_QUANTITY}: {@code quantity <= 0 || quantity > maxOrderQuantity}.</li>
 * <li>{@link #MAX_NOTIONAL}: {@code price * 10^exponent * quantity > maxNotional}, see below. An exponent outside
 * [-18, 18] cannot be priced and fails here.</li>
 * <li>{@link #PRICE_COLLAR}: {@code |price - mid| / mid * 10000 > collarBps} with {@code mid = (bid + ask) / 2},
 * see below. A price outside (0, {@link #MAX_PRICE}] fails here.</li>
 * <li>{@link #MAX_POSITION}: {@code |position + signedQuantity| > maxPosition}, buy positive, sell negative, with
 * the position the caller gives: the engine's counts its open orders on the order's side as filled
 * ({@link OpenOrders#worstCase}). A side other than BUY or SELL has no position after it and fails here, as does a
 * sum that overflows.</li>
 * <li>{@link #ORDER_RATE}: the orders recorded by {@link #onOrderSent(long)} with times in
 * {@code (eventTimeNs - 1 s, eventTimeNs]} number {@code maxOrdersPerSecond} or more.</li>
 * </ol>
 * Everything is exact integer arithmetic, with 128-bit products from {@link Math#multiplyHigh(long, long)} where
 * 64 bits could overflow:
 * <ul>
 * <li>Notional: the mantissa notional {@code N = price * quantity} is an exact 128-bit product and the limit is an
 * exact count of micro-units of currency {@code L} ({@link RiskLimits#maxNotionalMicros()}); the order fails when
 * {@code N * 10^(exponent + 6) > L}, evaluated as {@code N * 10^s > L} or {@code N > L * 10^-s}. No doubles, so
 * no rounding at the boundary.</li>
 * <li>Collar: multiplying both sides by {@code 2 * mid = sum = bid + ask > 0}, the order fails when
 * {@code |2 * price - sum| * 10000 > collarBps * sum}. With every price at most {@link #MAX_PRICE} (2^62 - 1) the
 * sum and difference fit in a long; both products are compared in 128 bits.</li>
 * </ul>
 * The rate window keeps the last {@link RiskLimits#rateCapacity()} send times in a preallocated ring. With event
 * times non-decreasing (journal order), "at least N orders in the window" is "the N-th most recent send is less
 * than 1 s before eventTimeNs", one comparison. A send stamped later than the check's event time counts as in
 * the window (fails safe). {@link #check} records nothing: call {@link #onOrderSent(long)} once the order is out.
 */
public final class RiskGate
{
    // RiskReason values of decision.xml, as compile-time constants; RiskGateTest pins them to the generated enum.
    public static final int NONE = 0;
    public static final int MAX_ORDER_QUANTITY = 1;
    public static final int MAX_NOTIONAL = 2;
    public static final int PRICE_COLLAR = 3;
    public static final int MAX_POSITION = 4;
    public static final int ORDER_RATE = 5;
    public static final int STALE_DATA = 6;
    public static final int KILL_SWITCH = 7;
    public static final int NO_MARKET = 8;
    public static final int REASON_COUNT = 9;

    /** Largest price mantissa accepted for the order, bid and ask: 2 * price and bid + ask then fit in a long. */
    public static final long MAX_PRICE = Long.MAX_VALUE >> 1;
    public static final long RATE_WINDOW_NS = 1_000_000_000L;

    private static final long BPS_PER_UNIT = 10_000L;

    private static final String[] REASON_NAMES =
    {
        "NONE", "MAX_ORDER_QUANTITY", "MAX_NOTIONAL", "PRICE_COLLAR", "MAX_POSITION", "ORDER_RATE", "STALE_DATA",
        "KILL_SWITCH", "NO_MARKET"
    };

    private final RiskLimits limits;
    private final long[] sendTimes;
    private final int sendMask;
    private long sentCount;

    private final long[] rejects = new long[REASON_COUNT];
    private long passed;
    private boolean killSwitch;

    /**
     * @param limits read on every check, so changes to it apply to the next order.
     */
    public RiskGate(final RiskLimits limits)
    {
        this.limits = limits;
        final int capacity = Integer.highestOneBit(limits.rateCapacity() - 1) << 1;
        sendTimes = new long[capacity];
        sendMask = capacity - 1;
    }

    public RiskLimits limits()
    {
        return limits;
    }

    /**
     * Check a proposed limit order. Counts the verdict.
     *
     * @param eventTimeNs          event time of the input the order answers.
     * @param lastMarketDataTimeNs event time of the last market data for the instrument.
     * @param side                 1 buy, 2 sell.
     * @param priceMantissa        limit price, at {@code priceExponent}.
     * @param quantity             units.
     * @param priceExponent        price = mantissa * 10^exponent, in [-18, 18].
     * @param bidMantissa          best bid, {@code OrderBook.NO_PRICE} if none.
     * @param askMantissa          best ask, {@code OrderBook.NO_PRICE} if none.
     * @param position             signed position before the order, open orders that may add to it included.
     * @return the RiskReason code, {@link #NONE} if the order may be sent.
     */
    public int check(
        final long eventTimeNs,
        final long lastMarketDataTimeNs,
        final byte side,
        final long priceMantissa,
        final long quantity,
        final int priceExponent,
        final long bidMantissa,
        final long askMantissa,
        final long position)
    {
        final int reason = verdict(
            eventTimeNs, lastMarketDataTimeNs, side, priceMantissa, quantity, priceExponent,
            bidMantissa, askMantissa, position);
        if (reason == NONE)
        {
            passed++;
        }
        else
        {
            rejects[reason]++;
        }
        return reason;
    }

    /**
     * Record an order sent at this event time, for the rate limit.
     */
    public void onOrderSent(final long eventTimeNs)
    {
        sendTimes[(int)(sentCount & sendMask)] = eventTimeNs;
        sentCount++;
    }

    public void killSwitch(final boolean engaged)
    {
        killSwitch = engaged;
    }

    public boolean killSwitchEngaged()
    {
        return killSwitch;
    }

    /**
     * @return checks rejected for this reason, 0 for {@link #NONE} or an unknown code.
     */
    public long rejects(final int reason)
    {
        return reason > NONE && reason < REASON_COUNT ? rejects[reason] : 0;
    }

    public long passed()
    {
        return passed;
    }

    /**
     * @return orders recorded by {@link #onOrderSent(long)}.
     */
    public long ordersSent()
    {
        return sentCount;
    }

    public void resetCounters()
    {
        Arrays.fill(rejects, 0);
        passed = 0;
    }

    public static String reasonName(final int reason)
    {
        return reason >= 0 && reason < REASON_COUNT ? REASON_NAMES[reason] : "UNKNOWN(" + reason + ")";
    }

    // ---- checks ----

    private int verdict(
        final long eventTimeNs,
        final long lastMarketDataTimeNs,
        final byte side,
        final long price,
        final long quantity,
        final int priceExponent,
        final long bid,
        final long ask,
        final long position)
    {
        if (killSwitch)
        {
            return KILL_SWITCH;
        }
        if (bid <= 0 || ask <= 0 || bid > MAX_PRICE || ask > MAX_PRICE)
        {
            return NO_MARKET;
        }
        if (isStale(eventTimeNs, lastMarketDataTimeNs, limits.staleDataNs()))
        {
            return STALE_DATA;
        }
        if (quantity <= 0 || quantity > limits.maxOrderQuantity())
        {
            return MAX_ORDER_QUANTITY;
        }
        if (!PriceScale.isExponent(priceExponent) ||
            notionalExceeds(price, quantity, priceExponent, limits.maxNotionalMicros()))
        {
            return MAX_NOTIONAL;
        }
        if (price <= 0 || price > MAX_PRICE || outsideCollar(price, bid + ask, limits.priceCollarBps()))
        {
            return PRICE_COLLAR;
        }
        if (side != BUY && side != SELL)
        {
            return MAX_POSITION;
        }
        if (positionExceeds(position, side == BUY ? quantity : -quantity, limits.maxPosition()))
        {
            return MAX_POSITION;
        }
        if (rateExceeded(eventTimeNs, limits.maxOrdersPerSecond()))
        {
            return ORDER_RATE;
        }
        return NONE;
    }

    private static boolean isStale(final long eventTimeNs, final long lastMarketDataTimeNs, final long staleDataNs)
    {
        final long age = eventTimeNs - lastMarketDataTimeNs;
        final boolean overflow = ((eventTimeNs ^ lastMarketDataTimeNs) & (eventTimeNs ^ age)) < 0;
        return overflow || age > staleDataNs;
    }

    /**
     * {@code price * quantity * 10^(exponent + 6) > limitMicros}, exactly; quantity > 0, limitMicros >= 0.
     */
    private static boolean notionalExceeds(
        final long price, final long quantity, final int priceExponent, final long limitMicros)
    {
        final long high = Math.multiplyHigh(price, quantity);
        final long low = price * quantity;
        if (high < 0 || (high == 0 && low == 0))
        {
            // A notional of zero or less is never above a limit of zero or more.
            return false;
        }

        final int scale = priceExponent + RiskLimits.NOTIONAL_SCALE;
        if (scale >= 0)
        {
            if (high != 0 || low < 0 || scale > PriceScale.MAX_EXPONENT)
            {
                // N >= 2^63 or 10^scale >= 10^19: already above any long limit, and scaling only grows it.
                return true;
            }
            final long power = PriceScale.powerOfTen(scale);
            return Math.multiplyHigh(low, power) != 0 || Long.compareUnsigned(low * power, limitMicros) > 0;
        }

        final long power = PriceScale.powerOfTen(-scale);
        final long limitHigh = Math.multiplyHigh(limitMicros, power);
        final long limitLow = limitMicros * power;
        return high > limitHigh || (high == limitHigh && Long.compareUnsigned(low, limitLow) > 0);
    }

    /**
     * {@code |2 * price - sum| * 10000 > collarBps * sum}; price and sum / 2 in (0, MAX_PRICE].
     */
    private static boolean outsideCollar(final long price, final long sum, final int collarBps)
    {
        final long distance = Math.abs(2 * price - sum);
        final long distanceHigh = Math.multiplyHigh(distance, BPS_PER_UNIT);
        final long distanceLow = distance * BPS_PER_UNIT;
        final long bandHigh = Math.multiplyHigh(sum, collarBps);
        final long bandLow = sum * collarBps;
        return distanceHigh > bandHigh || (distanceHigh == bandHigh && Long.compareUnsigned(distanceLow, bandLow) > 0);
    }

    /**
     * {@code |position + signedQuantity| > maxPosition}, unless the order only brings the position toward zero
     * without crossing it: a position left beyond the limit (the limit lowered, a fill larger than ordered) can
     * then be worked down at the strategy's size. A sum that overflows a long is beyond any limit.
     */
    private static boolean positionExceeds(final long position, final long signedQuantity, final long maxPosition)
    {
        final long after = position + signedQuantity;
        final boolean overflow = ((position ^ after) & (signedQuantity ^ after)) < 0;
        if (overflow)
        {
            return true;
        }
        // after > max || after < -max, since |Long.MIN_VALUE| is not a long.
        final boolean beyond = after > maxPosition || after < -maxPosition;
        final boolean reducing = position > 0 ? after >= 0 && after < position : after <= 0 && after > position;
        return beyond && !reducing;
    }

    /**
     * At least {@code maxOrdersPerSecond} sends in (eventTimeNs - 1 s, eventTimeNs]: the N-th most recent send is
     * less than 1 s old. The ring always holds the last rateCapacity >= N sends.
     */
    private boolean rateExceeded(final long eventTimeNs, final int maxOrdersPerSecond)
    {
        if (sentCount < maxOrdersPerSecond)
        {
            return false;
        }
        if (maxOrdersPerSecond == 0)
        {
            return true;
        }
        final long nthMostRecent = sendTimes[(int)((sentCount - maxOrdersPerSecond) & sendMask)];
        return eventTimeNs - nthMostRecent < RATE_WINDOW_NS;
    }
}
