package io.lockstep.engine.venue;

import io.lockstep.book.OrderBook;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportEncoder;
import io.lockstep.sbe.oe.MessageHeaderEncoder;
import io.lockstep.sbe.oe.Side;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One immediate-or-cancel order against a book, answered as the paper venue answers: an execution report for each
 * level filled ({@link PaperMatcher}; PARTIAL_FILL, and FILL for the one that completes the order), then EXPIRED
 * for what could not fill. The paper venue sends the reports over Aeron; the backtest journals them as inputs.
 * Allocation-free, single-threaded.
 */
public final class PaperFills implements FillListener
{
    /** Receives each report, encoded (header and body); the buffer is reused after the call. */
    @FunctionalInterface
    public interface ReportSink
    {
        /**
         * @param type     FILL, PARTIAL_FILL or EXPIRED.
         * @param price    the fill's price mantissa; 0 for EXPIRED.
         * @param quantity units filled; 0 for EXPIRED.
         */
        void onReport(ExecType type, long price, long quantity, DirectBuffer buffer, int offset, int length);
    }

    private final PaperMatcher matcher = new PaperMatcher();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final ReportSink sink;
    private long clOrdId;
    private int instrumentId;
    private byte side;
    private long cumulative;
    private long execId;
    private long transactTimeNs;

    public PaperFills(final ReportSink sink)
    {
        this.sink = sink;
    }

    /**
     * @param book           the instrument's book, or null when there is none yet: nothing fills.
     * @param side           {@link OrderIntent#BUY} or {@link OrderIntent#SELL}.
     * @param transactTimeNs stamped on every report of the order.
     * @return units filled; the rest expired.
     */
    public long execute(
        final OrderBook book,
        final long clOrdId,
        final int instrumentId,
        final byte side,
        final long limitPrice,
        final long quantity,
        final long transactTimeNs)
    {
        this.clOrdId = clOrdId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.transactTimeNs = transactTimeNs;
        cumulative = 0;
        final long filled = book == null ? 0 : matcher.match(book, side, limitPrice, quantity, this);
        if (filled < quantity)
        {
            send(ExecType.EXPIRED, 0, 0, 0);
        }
        return filled;
    }

    public void onFill(final long price, final long quantity, final long remaining)
    {
        cumulative += quantity;
        send(remaining == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL, price, quantity, remaining);
    }

    private void send(final ExecType type, final long price, final long lastQuantity, final long leaves)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + report.wrapAndApplyHeader(buffer, 0, header)
            .clOrdId(clOrdId)
            .venueOrderId(clOrdId)
            .execId(++execId)
            .instrumentId(instrumentId)
            .execType(type)
            .side(side == OrderIntent.BUY ? Side.BUY : Side.SELL)
            .lastPrice(price)
            .lastQuantity(lastQuantity)
            .cumulativeQuantity(cumulative)
            .leavesQuantity(leaves)
            .transactTimeNs(transactTimeNs)
            .encodedLength();
        sink.onReport(type, price, lastQuantity, buffer, 0, length);
    }
}
