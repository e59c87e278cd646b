package io.lockstep.engine.spi;

import io.lockstep.book.OrderBook;

/**
 * Turns a prediction into an order intent. Called on the business thread; must not allocate or read a clock.
 */
public interface Strategy
{
    /**
     * @param book       the instrument's book after the event.
     * @param prediction the champion model's prediction, NaN when there is none.
     * @param position   the engine's position in the instrument, from execution reports.
     * @param intent     filled in when an order is wanted.
     * @return true when {@code intent} holds an order to send (before risk checks).
     */
    boolean decide(int instrumentId, OrderBook book, double prediction, long position, OrderIntent intent);
}
