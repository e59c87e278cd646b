package io.lockstep.engine;

import io.lockstep.book.OrderBook;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.engine.spi.Strategy;

/**
 * The default strategy: a predicted return above {@code threshold} buys, below {@code -threshold} sells, with an
 * IOC limit order at the touch (the best ask to buy, the best bid to sell) for a fixed size. No prediction or an
 * empty touch: no order.
 */
public final class ThresholdStrategy implements Strategy
{
    private final double threshold;
    private final long size;

    public ThresholdStrategy(final double threshold, final long size)
    {
        this.threshold = threshold;
        this.size = size;
    }

    public boolean decide(
        final int instrumentId, final OrderBook book, final double prediction, final long position,
        final OrderIntent intent)
    {
        if (prediction > threshold && book.askLevels() > 0)
        {
            intent.set(OrderIntent.BUY, book.bestAskPrice(), size);
            return true;
        }
        if (prediction < -threshold && book.bidLevels() > 0)
        {
            intent.set(OrderIntent.SELL, book.bestBidPrice(), size);
            return true;
        }
        return false;
    }
}
