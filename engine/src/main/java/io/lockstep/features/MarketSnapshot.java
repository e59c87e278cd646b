package io.lockstep.features;

import java.util.Arrays;

/**
 * What the feature graph sees of one instrument at one event: the top {@link #LEVELS} book levels, the last
 * trade, and whether this event was a trade. Filled by the pipeline from the order book before each update;
 * prices are in currency units (mantissa x 10^exponent), sizes in units. Missing levels are NaN.
 */
public final class MarketSnapshot
{
    public static final int LEVELS = 10;

    public final double[] bidPrice = new double[LEVELS];
    public final double[] bidSize = new double[LEVELS];
    public final double[] askPrice = new double[LEVELS];
    public final double[] askSize = new double[LEVELS];
    public long eventTimeNs;
    public double lastTradePrice = Double.NaN;
    public double lastTradeSize = Double.NaN;
    /** +1 buyer-initiated, -1 seller-initiated, 0 unknown or no trade yet. */
    public int lastTradeSide;
    /** This event is a trade; {@link #lastTradePrice} and {@link #lastTradeSize} are its print. */
    public boolean isTrade;

    public MarketSnapshot()
    {
        clearBook();
    }

    /** Mark every level missing. */
    public void clearBook()
    {
        Arrays.fill(bidPrice, Double.NaN);
        Arrays.fill(bidSize, Double.NaN);
        Arrays.fill(askPrice, Double.NaN);
        Arrays.fill(askSize, Double.NaN);
    }

    /** Record a trade print as this event. */
    public void trade(final double price, final double size, final int side)
    {
        isTrade = true;
        lastTradePrice = price;
        lastTradeSize = size;
        lastTradeSide = side;
    }
}
