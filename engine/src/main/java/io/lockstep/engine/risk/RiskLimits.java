package io.lockstep.engine.risk;

/**
 * The pre-trade limits a {@link RiskGate} enforces. Mutable: set at start-up through the fluent setters (which
 * throw on a bad value, since that is configuration) and changed while running only through the sequenced
 * RiskLimitChange control input via {@link #apply(int, long)} (which never throws and never allocates).
 * <p>
 * Defaults are deliberately small, so an engine started without risk configuration trades little rather than a
 * lot:
 * <ul>
 * <li>max order quantity {@value #DEFAULT_MAX_ORDER_QUANTITY} units;</li>
 * <li>max notional {@value #DEFAULT_MAX_NOTIONAL} currency units per order;</li>
 * <li>price collar {@value #DEFAULT_PRICE_COLLAR_BPS} bps (5 %) around the mid;</li>
 * <li>max absolute position {@value #DEFAULT_MAX_POSITION} units after the order;</li>
 * <li>{@value #DEFAULT_MAX_ORDERS_PER_SECOND} orders in any 1 s of event time;</li>
 * <li>market data older than {@value #DEFAULT_STALE_DATA_NS} ns (1 s) is stale;</li>
 * <li>an order with no final report {@value #DEFAULT_ORDER_TIMEOUT_NS} ns (10 s) of event time after its send is no
 * longer counted open (set at start only).</li>
 * </ul>
 * The notional limit is held as a whole number of micro-units of currency ({@value #NOTIONAL_SCALE} decimals,
 * rounded to nearest by {@link Math#round(double)} when set), so the gate can compare notionals exactly in
 * integers; that caps it at {@link #MAX_NOTIONAL_LIMIT} (about 9.2 trillion).
 * <p>
 * The order-rate window is kept in a ring of the last {@link #rateCapacity()} send times, allocated by the gate
 * once; the orders-per-second limit can never exceed that capacity.
 */
public final class RiskLimits
{
    /** Control codes of RiskLimitChange.riskLimit (control.xml, enum RiskLimit). */
    public static final int MAX_ORDER_QUANTITY = 1;
    public static final int MAX_NOTIONAL = 2;
    public static final int PRICE_COLLAR_BPS = 3;
    public static final int MAX_POSITION = 4;
    public static final int MAX_ORDERS_PER_SECOND = 5;
    public static final int STALE_DATA_NS = 6;

    public static final long DEFAULT_MAX_ORDER_QUANTITY = 1_000;
    public static final double DEFAULT_MAX_NOTIONAL = 100_000.0;
    public static final int DEFAULT_PRICE_COLLAR_BPS = 500;
    public static final long DEFAULT_MAX_POSITION = 10_000;
    public static final int DEFAULT_MAX_ORDERS_PER_SECOND = 50;
    public static final long DEFAULT_STALE_DATA_NS = 1_000_000_000L;
    public static final long DEFAULT_ORDER_TIMEOUT_NS = 10_000_000_000L;
    public static final int DEFAULT_RATE_CAPACITY = 4096;

    /** Decimals of the fixed-point notional limit: micro-units of currency. */
    public static final int NOTIONAL_SCALE = 6;
    public static final long NOTIONAL_UNITS_PER_CURRENCY = 1_000_000L;
    /** The largest notional limit in whole currency units. */
    public static final long MAX_NOTIONAL_LIMIT = Long.MAX_VALUE / NOTIONAL_UNITS_PER_CURRENCY;
    /**
     * The widest price collar a config or an admin command sets: 100 times the mid either way, beyond which a collar
     * admits any price. {@link #apply} takes wider ones still, as journals of earlier builds hold them.
     */
    public static final int MAX_PRICE_COLLAR_BPS = 1_000_000;

    private final int rateCapacity;

    private long maxOrderQuantity = DEFAULT_MAX_ORDER_QUANTITY;
    private long maxNotionalMicros = Math.round(DEFAULT_MAX_NOTIONAL * NOTIONAL_UNITS_PER_CURRENCY);
    private int priceCollarBps = DEFAULT_PRICE_COLLAR_BPS;
    private long maxPosition = DEFAULT_MAX_POSITION;
    private int maxOrdersPerSecond = DEFAULT_MAX_ORDERS_PER_SECOND;
    private long staleDataNs = DEFAULT_STALE_DATA_NS;
    private long orderTimeoutNs = DEFAULT_ORDER_TIMEOUT_NS;

    /**
     * Defaults, with room for up to {@value #DEFAULT_RATE_CAPACITY} orders per second.
     */
    public RiskLimits()
    {
        this(DEFAULT_RATE_CAPACITY);
    }

    /**
     * @param rateCapacity the highest orders-per-second limit that may ever be set (the size of the gate's
     *                     ring of send times); at least {@value #DEFAULT_MAX_ORDERS_PER_SECOND}.
     */
    public RiskLimits(final int rateCapacity)
    {
        if (rateCapacity < DEFAULT_MAX_ORDERS_PER_SECOND || rateCapacity > 1 << 24)
        {
            throw new IllegalArgumentException("rate capacity must be in [" + DEFAULT_MAX_ORDERS_PER_SECOND + ", " +
                (1 << 24) + "]: " + rateCapacity);
        }
        this.rateCapacity = rateCapacity;
    }

    /**
     * Apply a RiskLimitChange control input. Allocation-free; never throws.
     *
     * @param riskLimitCode one of {@link #MAX_ORDER_QUANTITY} .. {@link #STALE_DATA_NS} (control.xml RiskLimit).
     * @param value         the new limit; for {@link #MAX_NOTIONAL} in whole currency units.
     * @return false, changing nothing, for an unknown code or a value out of that limit's range (negative,
     * or above {@link #MAX_NOTIONAL_LIMIT}, {@link Integer#MAX_VALUE} bps or {@link #rateCapacity()}).
     */
    public boolean apply(final int riskLimitCode, final long value)
    {
        if (value < 0)
        {
            return false;
        }
        switch (riskLimitCode)
        {
            case MAX_ORDER_QUANTITY:
                maxOrderQuantity = value;
                return true;

            case MAX_NOTIONAL:
                if (value > MAX_NOTIONAL_LIMIT)
                {
                    return false;
                }
                maxNotionalMicros = value * NOTIONAL_UNITS_PER_CURRENCY;
                return true;

            case PRICE_COLLAR_BPS:
                if (value > Integer.MAX_VALUE)
                {
                    return false;
                }
                priceCollarBps = (int)value;
                return true;

            case MAX_POSITION:
                maxPosition = value;
                return true;

            case MAX_ORDERS_PER_SECOND:
                if (value > rateCapacity)
                {
                    return false;
                }
                maxOrdersPerSecond = (int)value;
                return true;

            case STALE_DATA_NS:
                staleDataNs = value;
                return true;

            default:
                return false;
        }
    }

    // ---- setters for start-up configuration: throw on a bad value ----

    /**
     * @param units largest order quantity, >= 0 (0 blocks every order).
     */
    public RiskLimits maxOrderQuantity(final long units)
    {
        check(apply(MAX_ORDER_QUANTITY, units), "max order quantity", units);
        return this;
    }

    /**
     * @param currency largest notional of one order, in [0, {@link #MAX_NOTIONAL_LIMIT}]; rounded to the nearest
     *                 micro-unit.
     */
    public RiskLimits maxNotional(final double currency)
    {
        if (!(currency >= 0.0 && currency <= MAX_NOTIONAL_LIMIT))
        {
            throw new IllegalArgumentException("max notional must be in [0, " + MAX_NOTIONAL_LIMIT + "]: " + currency);
        }
        maxNotionalMicros = Math.round(currency * NOTIONAL_UNITS_PER_CURRENCY);
        return this;
    }

    /**
     * @param bps largest distance of the order price from the mid in basis points of the mid, >= 0.
     */
    public RiskLimits priceCollarBps(final int bps)
    {
        check(apply(PRICE_COLLAR_BPS, bps), "price collar bps", bps);
        return this;
    }

    /**
     * @param units largest absolute position after the order, >= 0.
     */
    public RiskLimits maxPosition(final long units)
    {
        check(apply(MAX_POSITION, units), "max position", units);
        return this;
    }

    /**
     * @param orders orders allowed in any 1 s of event time, in [0, {@link #rateCapacity()}].
     */
    public RiskLimits maxOrdersPerSecond(final int orders)
    {
        check(apply(MAX_ORDERS_PER_SECOND, orders), "max orders per second", orders);
        return this;
    }

    /**
     * @param ns largest age of the last market data at the order's event time, >= 0.
     */
    public RiskLimits staleDataNs(final long ns)
    {
        check(apply(STALE_DATA_NS, ns), "stale data ns", ns);
        return this;
    }

    /**
     * @param ns event time after its send at which an order that got no final report stops counting as open
     *           (its send failed, or the venue never answered), so that it does not hold the position limit's
     *           headroom for ever; 0 keeps such orders open until {@code OpenOrders.CAPACITY} more are sent.
     */
    public RiskLimits orderTimeoutNs(final long ns)
    {
        if (ns < 0)
        {
            throw new IllegalArgumentException("order timeout ns out of range: " + ns);
        }
        orderTimeoutNs = ns;
        return this;
    }

    // ---- getters ----

    public long maxOrderQuantity()
    {
        return maxOrderQuantity;
    }

    /**
     * @return the notional limit in currency units (micro-units / 10^6).
     */
    public double maxNotional()
    {
        return maxNotionalMicros / (double)NOTIONAL_UNITS_PER_CURRENCY;
    }

    /**
     * @return the notional limit exactly, in micro-units of currency.
     */
    public long maxNotionalMicros()
    {
        return maxNotionalMicros;
    }

    public int priceCollarBps()
    {
        return priceCollarBps;
    }

    public long maxPosition()
    {
        return maxPosition;
    }

    public int maxOrdersPerSecond()
    {
        return maxOrdersPerSecond;
    }

    public long staleDataNs()
    {
        return staleDataNs;
    }

    public long orderTimeoutNs()
    {
        return orderTimeoutNs;
    }

    /**
     * @return the highest orders-per-second limit that can be set.
     */
    public int rateCapacity()
    {
        return rateCapacity;
    }

    public String toString()
    {
        return "RiskLimits{maxOrderQuantity=" + maxOrderQuantity +
            ", maxNotional=" + maxNotional() +
            ", priceCollarBps=" + priceCollarBps +
            ", maxPosition=" + maxPosition +
            ", maxOrdersPerSecond=" + maxOrdersPerSecond +
            ", staleDataNs=" + staleDataNs +
            ", orderTimeoutNs=" + orderTimeoutNs +
            '}';
    }

    private static void check(final boolean applied, final String name, final long value)
    {
        if (!applied)
        {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }
}
