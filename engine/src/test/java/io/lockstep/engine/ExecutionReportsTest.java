package io.lockstep.engine;

import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportEncoder;
import io.lockstep.sbe.oe.MessageHeaderEncoder;
import io.lockstep.sbe.oe.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * How much each fill adds to the position: what its cumulative quantity adds to what the order's earlier fills
 * counted, so that a resent or late fill adds nothing and one after a lost report adds the lost one's too.
 */
class ExecutionReportsTest
{
    private final ExecutionReports reports = new ExecutionReports();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    private int fill(final long clOrdId, final Side side, final long last, final long cumulative, final long leaves)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).clOrdId(clOrdId).venueOrderId(clOrdId)
            .execId(clOrdId).instrumentId(1).execType(leaves == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL)
            .side(side).lastPrice(100).lastQuantity(last).cumulativeQuantity(cumulative).leavesQuantity(leaves)
            .transactTimeNs(0).encodedLength();
        return reports.read(buffer, 0, length);
    }

    @Test
    void eachFillAddsWhatItsCumulativeQuantityAdds()
    {
        assertEquals(ExecutionReports.FILL, fill(7, Side.SELL, 30, 30, 70));
        assertEquals(-30, reports.signedQuantity());
        assertEquals(ExecutionReports.DUPLICATE_FILL, fill(7, Side.SELL, 30, 30, 70), "resent");
        assertEquals(ExecutionReports.FILL, fill(7, Side.SELL, 10, 100, 0), "after a lost report of 60");
        assertEquals(70, reports.fillQuantity(), "the order has filled 100: 70 more than counted");
        assertTrue(reports.orderDone());
        assertEquals(ExecutionReports.DUPLICATE_FILL, fill(7, Side.SELL, 60, 90, 10), "the lost one, late");
        assertEquals(ExecutionReports.FILL, fill(9, Side.BUY, 20, 50, 50), "first seen after a lost first report");
        assertEquals(50, reports.fillQuantity());
        assertEquals(ExecutionReports.MALFORMED_FILL, fill(8, Side.BUY, 50, 49, 0), "more than the order's fills");
        assertEquals(ExecutionReports.MALFORMED_FILL, fill(8, Side.BUY, 0, 0, 0));
    }

    @Test
    void anOrderIsRememberedForTheLastOrdersReportedOnOnly()
    {
        assertEquals(ExecutionReports.FILL, fill(1, Side.BUY, 100, 100, 0));
        for (long clOrdId = 2; clOrdId <= ExecutionReports.ORDERS_REMEMBERED; clOrdId++)
        {
            assertEquals(ExecutionReports.FILL, fill(clOrdId, Side.BUY, 1, 1, 0));
        }
        assertEquals(ExecutionReports.DUPLICATE_FILL, fill(1, Side.BUY, 100, 100, 0), "still remembered");
        assertEquals(ExecutionReports.FILL, fill(ExecutionReports.ORDERS_REMEMBERED + 1, Side.BUY, 1, 1, 0));
        assertEquals(ExecutionReports.FILL, fill(1, Side.BUY, 100, 100, 0), "forgotten: counted as new");
        assertEquals(100, reports.fillQuantity());
    }
}
