package io.lockstep.engine;

import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportDecoder;
import io.lockstep.sbe.oe.MessageHeaderDecoder;
import io.lockstep.sbe.oe.OrderRejectDecoder;
import io.lockstep.sbe.oe.Side;
import org.agrona.DirectBuffer;

/**
 * The one reading of an order-entry input as the engine takes it: an execution report, whether it is a fill the
 * position must follow and whether its order is done; or a venue's reject of an order. The business step and the
 * research reports read them alike, so that they count the same. Allocation-free.
 */
public final class ExecutionReports
{
    /** Shorter than a message header: malformed. */
    public static final int MALFORMED = 0;
    /** Another order-entry message, or a report too short for its block: nothing to apply. */
    public static final int NOT_A_REPORT = 1;
    /** A report that is not a fill (NEW, CANCELLED, EXPIRED...). */
    public static final int REPORT = 2;
    /** A fill or partial fill whose side is BUY or SELL and whose quantity is above zero. */
    public static final int FILL = 3;
    /** A fill with a bad side or quantity, or an instrument id the engine cannot key (2^31 or more): malformed. */
    public static final int MALFORMED_FILL = 4;
    /** An OrderReject: the venue refused the order {@link #clOrdId()}, which is done unfilled. */
    public static final int REJECT = 5;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final OrderRejectDecoder reject = new OrderRejectDecoder();
    private long clOrdId;

    /**
     * @return one of the kinds above; for {@link #REPORT}, {@link #FILL} and {@link #MALFORMED_FILL} the report
     * is then read through {@link #report()}; for those and {@link #REJECT}, the order through {@link #clOrdId()}.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return MALFORMED;
        }
        header.wrap(buffer, offset);
        final int body = length - MessageHeaderDecoder.ENCODED_LENGTH;
        if (header.schemaId() == OrderRejectDecoder.SCHEMA_ID &&
            header.templateId() == OrderRejectDecoder.TEMPLATE_ID && body >= OrderRejectDecoder.BLOCK_LENGTH)
        {
            clOrdId = reject.wrapAndApplyHeader(buffer, offset, header).clOrdId();
            return REJECT;
        }
        if (header.schemaId() != ExecutionReportDecoder.SCHEMA_ID ||
            header.templateId() != ExecutionReportDecoder.TEMPLATE_ID || body < ExecutionReportDecoder.BLOCK_LENGTH)
        {
            return NOT_A_REPORT;
        }
        report.wrapAndApplyHeader(buffer, offset, header);
        clOrdId = report.clOrdId();
        final short execType = report.execTypeRaw();
        if (execType != ExecType.FILL.value() && execType != ExecType.PARTIAL_FILL.value())
        {
            return REPORT;
        }
        final short side = report.sideRaw();
        return report.lastQuantity() <= 0 || (side != Side.BUY.value() && side != Side.SELL.value()) ||
            report.instrumentId() > Integer.MAX_VALUE ? MALFORMED_FILL : FILL;
    }

    /** @return the report last read. */
    public ExecutionReportDecoder report()
    {
        return report;
    }

    /** @return the order the report or reject last read is about. */
    public long clOrdId()
    {
        return clOrdId;
    }

    /**
     * @return the order of the report last read has nothing left at the venue: a report other than NEW with no
     * quantity left (a fill of the rest, a cancel, an expiry).
     */
    public boolean orderDone()
    {
        return report.execTypeRaw() != ExecType.NEW.value() && report.leavesQuantity() <= 0;
    }

    /** @return the signed quantity of the fill last read: positive bought, negative sold. */
    public long signedQuantity()
    {
        return report.sideRaw() == Side.BUY.value() ? report.lastQuantity() : -report.lastQuantity();
    }
}
