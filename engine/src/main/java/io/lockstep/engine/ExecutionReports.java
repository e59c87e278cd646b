package io.lockstep.engine;

import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportDecoder;
import io.lockstep.sbe.oe.MessageHeaderDecoder;
import io.lockstep.sbe.oe.OrderRejectDecoder;
import io.lockstep.sbe.oe.Side;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The one reading of an order-entry input as the engine takes it: an execution report, whether it is a fill the
 * position must follow and whether its order is done; or a venue's reject of an order. The business step and the
 * research reports read them alike, in journal order, so that they count the same. Allocation-free.
 * <p>
 * A venue may send a fill twice (a resend after its reconnect, say); counted twice, it would move the position by
 * a fill that never happened, and the position limit would then let real exposure past it. So each order's
 * cumulative quantity counted so far is kept, for the last {@link #ORDERS_REMEMBERED} orders reported on, and a
 * fill counts what its {@code cumulativeQuantity} adds to that: a report that adds nothing (resent, or an earlier
 * one arriving late) is a {@link #DUPLICATE_FILL}, and one after a lost report counts the lost one's quantity too,
 * since the venue's cumulative quantity is what the order has filled. An order not among those remembered counts
 * as new: its fill counts its whole cumulative quantity, which for a very late report of an old order is more
 * than it adds (the position then errs toward more exposure, never less).
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
    /** A fill whose cumulative quantity adds nothing to what its order's earlier fills counted: a resent report. */
    public static final int DUPLICATE_FILL = 6;
    /** Orders whose cumulative filled quantity is kept: far beyond any order rate times a resend's reach. */
    public static final int ORDERS_REMEMBERED = 1 << 12;
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final OrderRejectDecoder reject = new OrderRejectDecoder();
    /** clOrdId to the cumulative quantity its fills counted. */
    private final Long2LongHashMap counted = new Long2LongHashMap(ORDERS_REMEMBERED * 2, 0.65f, UNKNOWN);
    /** The orders in {@link #counted}, by when first reported on: the oldest is forgotten next. */
    private final long[] remembered = new long[ORDERS_REMEMBERED];
    private long ordersReportedOn;
    private long clOrdId;
    private long fillQuantity;

    /**
     * @return one of the kinds above; for {@link #REPORT}, {@link #FILL}, {@link #DUPLICATE_FILL} and
     * {@link #MALFORMED_FILL} the report is then read through {@link #report()}; for those and {@link #REJECT}, the
     * order through {@link #clOrdId()}; for {@link #FILL}, what it adds through {@link #fillQuantity()}.
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
        final long last = report.lastQuantity();
        final long cumulative = report.cumulativeQuantity();
        if (last <= 0 || cumulative < last || (side != Side.BUY.value() && side != Side.SELL.value()) ||
            report.instrumentId() > Integer.MAX_VALUE)
        {
            return MALFORMED_FILL; // a fill beyond its order's cumulative fill is no consistent report either
        }
        final long before = counted.get(clOrdId);
        if (before == UNKNOWN)
        {
            remember(clOrdId);
        }
        else if (cumulative <= before)
        {
            return DUPLICATE_FILL;
        }
        fillQuantity = before == UNKNOWN ? cumulative : cumulative - before;
        counted.put(clOrdId, cumulative);
        return FILL;
    }

    /** A new order reported on takes the slot of the oldest remembered, which is forgotten. */
    private void remember(final long clOrdId)
    {
        final int slot = (int)(ordersReportedOn++ & (ORDERS_REMEMBERED - 1));
        if (ordersReportedOn > ORDERS_REMEMBERED)
        {
            counted.remove(remembered[slot]);
        }
        remembered[slot] = clOrdId;
    }

    /** @return what the fill last read adds to its order's filled quantity (its lastQuantity, in order). */
    public long fillQuantity()
    {
        return fillQuantity;
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

    /** @return the signed {@link #fillQuantity()} of the fill last read: positive bought, negative sold. */
    public long signedQuantity()
    {
        return report.sideRaw() == Side.BUY.value() ? fillQuantity : -fillQuantity;
    }
}
