package io.lockstep.engine.venue;

import io.lockstep.book.PriceScale;
import io.lockstep.engine.spi.OrderIntent;
import org.agrona.collections.Int2IntHashMap;

import static io.lockstep.engine.spi.OrderIntent.BUY;
import static io.lockstep.engine.spi.OrderIntent.SELL;

/**
 * Positions and cash of the paper venue, per instrument, in exact integer units: position in units, cash in
 * price-mantissa units (cash of 1 is 10^exponent currency, at the instrument's price exponent). A buy of q at p
 * adds q to the position and takes q * p from the cash; a sell the reverse. Fees are not modelled.
 * <p>
 * Overflow is checked: every new value is computed with {@link Math#multiplyExact(long, long)} and
 * {@link Math#addExact(long, long)} before any is stored, so a fill either applies whole or not at all. A fill
 * that would overflow (cash beyond 9.2e18 mantissa units, about 9.2e14 currency at exponent -4) is refused with
 * {@link #OVERFLOW}, counted, and leaves the account unchanged; nothing is thrown past {@link #onFill}.
 * <p>
 * Instruments get slots in preallocated arrays, in the order of their first fill, through an
 * {@link Int2IntHashMap} sized so it never grows: no allocation per fill once every instrument has been seen
 * (the first fill of an instrument allocates nothing either). Single-threaded.
 */
public final class PaperAccount
{

    /** {@link #onFill} results. */
    public static final int APPLIED = 0;
    public static final int INVALID_SIDE = 1;
    public static final int INVALID_QUANTITY = 2;
    public static final int NO_CAPACITY = 3;
    public static final int OVERFLOW = 4;
    public static final int RESULT_COUNT = 5;

    public static final int DEFAULT_MAX_INSTRUMENTS = 1024;

    private static final int NO_SLOT = -1;

    private final Int2IntHashMap slots;
    private final int[] instrumentIds;
    private final long[] positions;
    private final long[] cash;
    private final long[] fills;
    private final long[] tradedQuantity;
    private final long[] errors = new long[RESULT_COUNT];
    private int instruments;

    public PaperAccount()
    {
        this(DEFAULT_MAX_INSTRUMENTS);
    }

    /**
     * @param maxInstruments distinct instruments the account can hold, > 0.
     */
    public PaperAccount(final int maxInstruments)
    {
        if (maxInstruments <= 0 || maxInstruments > 1 << 24)
        {
            throw new IllegalArgumentException("max instruments must be in [1, " + (1 << 24) + "]: " + maxInstruments);
        }
        // Capacity 2 * max at load factor 0.65 resizes only above 1.3 * max entries: never.
        slots = new Int2IntHashMap(2 * maxInstruments, 0.65f, NO_SLOT);
        instrumentIds = new int[maxInstruments];
        positions = new long[maxInstruments];
        cash = new long[maxInstruments];
        fills = new long[maxInstruments];
        tradedQuantity = new long[maxInstruments];
    }

    /**
     * Book one fill.
     *
     * @param instrumentId  any int.
     * @param side          {@link OrderIntent#BUY} or {@link OrderIntent#SELL}.
     * @param priceMantissa fill price at the instrument's exponent (may be negative).
     * @param quantity      units, > 0.
     * @return {@link #APPLIED}, or why the fill was refused and the account left unchanged.
     */
    public int onFill(final int instrumentId, final byte side, final long priceMantissa, final long quantity)
    {
        if (side != BUY && side != SELL)
        {
            return error(INVALID_SIDE);
        }
        if (quantity <= 0)
        {
            return error(INVALID_QUANTITY);
        }

        int slot = slots.get(instrumentId);
        final boolean newSlot = slot == NO_SLOT;
        if (newSlot)
        {
            if (instruments == instrumentIds.length)
            {
                return error(NO_CAPACITY);
            }
            slot = instruments;
        }

        final long signedQuantity = side == BUY ? quantity : -quantity;
        final long newPosition;
        final long newCash;
        final long newTraded;
        try
        {
            newPosition = Math.addExact(positions[slot], signedQuantity);
            newCash = Math.subtractExact(cash[slot], Math.multiplyExact(signedQuantity, priceMantissa));
            newTraded = Math.addExact(tradedQuantity[slot], quantity);
        }
        catch (final ArithmeticException ex)
        {
            // Never in practice: the sums are far beyond any real account. Refuse whole and count.
            return error(OVERFLOW);
        }

        if (newSlot)
        {
            slots.put(instrumentId, slot);
            instrumentIds[slot] = instrumentId;
            instruments++;
        }
        positions[slot] = newPosition;
        cash[slot] = newCash;
        tradedQuantity[slot] = newTraded;
        fills[slot]++;
        return APPLIED;
    }

    /**
     * @return signed position in units, 0 for an instrument never filled.
     */
    public long position(final int instrumentId)
    {
        final int slot = slots.get(instrumentId);
        return slot == NO_SLOT ? 0 : positions[slot];
    }

    /**
     * @return cash in price-mantissa units, 0 for an instrument never filled.
     */
    public long cash(final int instrumentId)
    {
        final int slot = slots.get(instrumentId);
        return slot == NO_SLOT ? 0 : cash[slot];
    }

    public long fills(final int instrumentId)
    {
        final int slot = slots.get(instrumentId);
        return slot == NO_SLOT ? 0 : fills[slot];
    }

    /**
     * @return units bought plus units sold.
     */
    public long tradedQuantity(final int instrumentId)
    {
        final int slot = slots.get(instrumentId);
        return slot == NO_SLOT ? 0 : tradedQuantity[slot];
    }

    /**
     * Mark-to-market PnL in currency: {@code (cash + position * mark) * 10^exponent}. The bracket is computed
     * exactly in long mantissa units and converted once: divided by the exact double 10^-exponent for a negative
     * exponent (the correctly rounded nearest double to the decimal value), multiplied by 10^exponent otherwise.
     *
     * @param markMantissa  mark price at the instrument's exponent.
     * @param priceExponent in [-18, 18].
     * @return the PnL, 0 for an instrument never filled; NaN for an exponent out of range or if the bracket
     * overflows a long.
     */
    public double pnl(final int instrumentId, final long markMantissa, final int priceExponent)
    {
        final long units;
        try
        {
            units = pnlMantissa(instrumentId, markMantissa);
        }
        catch (final ArithmeticException ex)
        {
            return Double.NaN;
        }
        return toCurrency(units, priceExponent);
    }

    /**
     * @return {@code mantissaUnits * 10^priceExponent} rounded once, as {@link #pnl} converts; NaN for an
     * exponent outside [-18, 18].
     */
    public static double toCurrency(final long mantissaUnits, final int priceExponent)
    {
        if (!PriceScale.isExponent(priceExponent))
        {
            return Double.NaN;
        }
        // Every 10^i up to 10^22 is an exact double: one rounding, in the division or the product.
        return priceExponent < 0 ? mantissaUnits / (double)PriceScale.powerOfTen(-priceExponent) :
            mantissaUnits * (double)PriceScale.powerOfTen(priceExponent);
    }

    /**
     * @return {@code cash + position * mark} exactly, in price-mantissa units; 0 for an instrument never filled.
     * @throws ArithmeticException if it does not fit in a long.
     */
    public long pnlMantissa(final int instrumentId, final long markMantissa)
    {
        final int slot = slots.get(instrumentId);
        if (slot == NO_SLOT)
        {
            return 0;
        }
        return Math.addExact(cash[slot], Math.multiplyExact(positions[slot], markMantissa));
    }

    /**
     * @return instruments with at least one fill.
     */
    public int instrumentCount()
    {
        return instruments;
    }

    /**
     * @param index 0 .. {@link #instrumentCount()} - 1, in order of first fill.
     */
    public int instrumentId(final int index)
    {
        if (index < 0 || index >= instruments)
        {
            throw new IndexOutOfBoundsException("index " + index + " of " + instruments);
        }
        return instrumentIds[index];
    }

    public int maxInstruments()
    {
        return instrumentIds.length;
    }

    /**
     * @return fills refused for this reason ({@link #INVALID_SIDE} .. {@link #OVERFLOW}).
     */
    public long errorCount(final int reason)
    {
        return reason > APPLIED && reason < RESULT_COUNT ? errors[reason] : 0;
    }

    private int error(final int reason)
    {
        errors[reason]++;
        return reason;
    }
}
