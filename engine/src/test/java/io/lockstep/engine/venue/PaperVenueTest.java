package io.lockstep.engine.venue;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.lockstep.engine.AeronOrderSink;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportDecoder;
import io.lockstep.sbe.oe.MessageHeaderDecoder;
import io.lockstep.testing.EmbeddedMediaDriver;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper venue over a real embedded media driver: reports the execution stream cannot take (no engine
 * subscribed yet) wait, in order, and no later order is taken meanwhile; once the stream connects, every order is
 * answered in full and in order, and each fill the venue booked reached the stream.
 */
class PaperVenueTest
{
    private static final String IPC = "aeron:ipc";
    private static final int ORDERS = 3;

    @TempDir
    Path temp;

    @Test
    void reportsTheStreamDoesNotTakeWaitInOrderAndNoOrderIsTakenMeanwhile()
    {
        try (MediaDriver driver = EmbeddedMediaDriver.launch(temp.resolve("aeron"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Publication marketData = aeron.addPublication(IPC, 1);
            Subscription venueMarketData = aeron.addSubscription(IPC, 1);
            Publication orders = aeron.addPublication(IPC, 2);
            Subscription venueOrders = aeron.addSubscription(IPC, 2);
            Publication executions = aeron.addPublication(IPC, 3))
        {
            final PaperVenue venue = new PaperVenue(venueMarketData, venueOrders, executions,
                new SystemEpochNanoClock());
            await(() -> marketData.isConnected() && orders.isConnected(), "the venue's subscriptions");

            final SyntheticMarketData market = new SyntheticMarketData(5, 1, 0, 1_000, 1_000_000);
            final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
            for (int i = 0; i < 500; i++)
            {
                final int length = market.next(buffer, 0);
                while (marketData.offer(buffer, 0, length) < 0)
                {
                    venue.doWork();
                }
            }
            await(() -> venue.doWork() == 0 && venueMarketData.imageAtIndex(0).position() == marketData.position(),
                "the venue's books");

            final AeronOrderSink sink = new AeronOrderSink(orders);
            for (int clOrdId = 1; clOrdId <= ORDERS; clOrdId++)
            {
                assertTrue(sink.send(clOrdId, 1, OrderIntent.BUY, Long.MAX_VALUE / 4, 300, clOrdId, 0));
            }
            await(() -> venue.doWork() >= 0 && venue.ordersReceived() == 1, "the first order");
            for (int i = 0; i < 1_000; i++)
            {
                venue.doWork();
            }
            assertEquals(1, venue.ordersReceived(), "no order is taken while an earlier one's reports wait");
            assertTrue(venue.pendingReportBytes() > 0);

            final List<long[]> reports = new ArrayList<>();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final ExecutionReportDecoder report = new ExecutionReportDecoder();
            try (Subscription engine = aeron.addSubscription(IPC, 3))
            {
                await(() ->
                {
                    venue.doWork();
                    engine.poll((bytes, offset, length, aeronHeader) ->
                    {
                        report.wrapAndApplyHeader(bytes, offset, header.wrap(bytes, offset));
                        reports.add(new long[] { report.clOrdId(), report.execTypeRaw(), report.leavesQuantity() });
                    }, 16);
                    return !reports.isEmpty() && reports.get(reports.size() - 1)[0] == ORDERS &&
                        reports.get(reports.size() - 1)[2] == 0;
                }, "every order's reports");
            }

            assertEquals(ORDERS, venue.ordersReceived());
            assertEquals(0, venue.pendingReportBytes());
            assertEquals(1, reports.get(0)[0]);
            long fills = 0;
            for (int i = 0; i < reports.size(); i++)
            {
                final long[] previous = reports.get(Math.max(0, i - 1));
                final long[] received = reports.get(i);
                if (received[0] != previous[0])
                {
                    assertEquals(0, previous[2], "order " + previous[0] + " answered in full before the next");
                    assertEquals(previous[0] + 1, received[0], "answers in order");
                }
                fills += received[1] == ExecType.EXPIRED.value() ? 0 : 1;
            }
            assertTrue(venue.fills() > 0, "the orders crossed the book");
            assertEquals(venue.fills(), fills, "every fill the venue booked was reported");
        }
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.onSpinWait();
        }
    }
}
