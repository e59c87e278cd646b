package io.lockstep.engine;

import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportDecoder;
import io.lockstep.sbe.oe.MessageHeaderDecoder;
import io.lockstep.sbe.oe.Side;
import org.agrona.DirectBuffer;

/**
 * The one reading of an order-entry input as the engine takes it: an execution report, and whether it is a fill
 * the position must follow. The business step and the research reports read fills alike, so that they count the
 * same. Allocation-free.
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
    /** A fill with a bad side or quantity: malformed. */
    public static final int MALFORMED_FILL = 4;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();

    /**
     * @return one of the kinds above; for {@link #REPORT}, {@link #FILL} and {@link #MALFORMED_FILL} the report
     * is then read through {@link #report()}.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return MALFORMED;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != ExecutionReportDecoder.SCHEMA_ID ||
            header.templateId() != ExecutionReportDecoder.TEMPLATE_ID ||
            length < MessageHeaderDecoder.ENCODED_LENGTH + ExecutionReportDecoder.BLOCK_LENGTH)
        {
            return NOT_A_REPORT;
        }
        report.wrapAndApplyHeader(buffer, offset, header);
        final short execType = report.execTypeRaw();
        if (execType != ExecType.FILL.value() && execType != ExecType.PARTIAL_FILL.value())
        {
            return REPORT;
        }
        final short side = report.sideRaw();
        return report.lastQuantity() <= 0 || (side != Side.BUY.value() && side != Side.SELL.value()) ?
            MALFORMED_FILL : FILL;
    }

    /** @return the report last read. */
    public ExecutionReportDecoder report()
    {
        return report;
    }

    /** @return the signed quantity of the fill last read: positive bought, negative sold. */
    public long signedQuantity()
    {
        return report.sideRaw() == Side.BUY.value() ? report.lastQuantity() : -report.lastQuantity();
    }
}
