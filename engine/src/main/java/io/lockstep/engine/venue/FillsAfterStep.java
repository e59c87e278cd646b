package io.lockstep.engine.venue;

import io.lockstep.book.OrderBooks;
import io.lockstep.engine.OrderSink;

/**
 * An order sink that fills, as the paper venue fills ({@link PaperFills}), the order a step sent once that input's
 * step is over, against the book the step decided on: the backtest and the engine's warm-up run a step this way. A
 * step decides at most one order an input. Single-threaded.
 */
public final class FillsAfterStep implements OrderSink
{
    private final PaperFills fills;
    private boolean orderPending;
    private long clOrdId;
    private int instrumentId;
    private byte side;
    private long price;
    private long quantity;

    /**
     * @param reports receives each execution report, to apply as the next input.
     */
    public FillsAfterStep(final PaperFills.ReportSink reports)
    {
        fills = new PaperFills(reports);
    }

    public boolean send(
        final long clOrdId,
        final int instrumentId,
        final byte side,
        final long price,
        final long quantity,
        final long decisionSequence,
        final long eventTimeNs)
    {
        this.clOrdId = clOrdId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.price = price;
        this.quantity = quantity;
        orderPending = true;
        return true;
    }

    /**
     * After an input's step: fill the order it sent, if it sent one, against the step's books as they stand.
     *
     * @param transactTimeNs stamped on the reports.
     */
    public void fill(final OrderBooks books, final long transactTimeNs)
    {
        if (orderPending)
        {
            orderPending = false;
            fills.execute(books.book(instrumentId), clOrdId, instrumentId, side, price, quantity, transactTimeNs);
        }
    }
}
