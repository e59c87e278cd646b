package io.lockstep.engine;

import io.lockstep.book.OrderBook;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.engine.spi.Strategy;

/**
 * For latency measurement: an IOC order at the touch on every book event, alternately buying at the ask and
 * selling at the bid so the position stays near flat, whatever the prediction. Every input then has a
 * tick-to-trade sample.
 */
public final class EveryEventStrategy implements Strategy
{
    private final long size;
    private boolean buy;

    public EveryEventStrategy(final long size)
    {
        this.size = size;
    }

    public boolean decide(
        final int instrumentId, final OrderBook book, final double prediction, final long position,
        final OrderIntent intent)
    {
        if (book.bidLevels() == 0 || book.askLevels() == 0)
        {
            return false;
        }
        buy = !buy;
        intent.set(buy ? OrderIntent.BUY : OrderIntent.SELL, buy ? book.bestAskPrice() : book.bestBidPrice(), size);
        return true;
    }
}
