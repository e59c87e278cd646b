package io.lockstep.perf;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end of a run waits for its last samples, however late, up to its bound: a sample held up by a stall (a GC, a
 * journal sync) is the slowest of the run, and must not be dropped for arriving after a quiet spell.
 */
class LateSampleTest
{
    private static final long STALL_MS = 700;

    @TempDir
    Path aeronDir;

    @Test
    void waitsForASampleLateAfterAQuietSpellAndMeasuresIt() throws Exception
    {
        final SystemEpochNanoClock clock = new SystemEpochNanoClock();
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            final LatencyEndpoint endpoint = new LatencyEndpoint(aeron.addSubscription("aeron:ipc", 7), clock, 0);
            final Publication publication = aeron.addPublication("aeron:ipc", 7);
            endpoint.window(0, Long.MAX_VALUE);
            final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null,
                endpoint);
            AgentRunner.startOnThread(runner);
            try
            {
                final Thread sender = new Thread(() ->
                {
                    for (int i = 0; i < 10; i++)
                    {
                        send(publication, clock.nanoTime());
                    }
                    final long late = clock.nanoTime();
                    sleep(STALL_MS);
                    send(publication, late);
                });
                sender.start();
                final long startNs = System.nanoTime();
                PerfLab.awaitArrivals(endpoint, () -> true, () -> 11, 5_000_000_000L);
                final long waitedMs = (System.nanoTime() - startNs) / 1_000_000;
                sender.join();
                assertTrue(waitedMs >= STALL_MS && waitedMs < 5_000, "waited " + waitedMs + " ms");
            }
            finally
            {
                runner.close();
            }
            assertEquals(11, endpoint.measured(), "the late sample is measured");
            assertTrue(endpoint.histogram().getMaxValue() >= STALL_MS * 1_000_000, "as the slowest");

            final long startNs = System.nanoTime();
            PerfLab.awaitArrivals(endpoint, () -> true, () -> 12, 200_000_000L);
            final long waitedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(waitedMs >= 200 && waitedMs < 2_000, "a sample that never comes is waited for up to the " +
                "bound, then the run goes on (and counts it missing): " + waitedMs + " ms");
        }
    }

    private static void send(final Publication publication, final long scheduledNs)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocate(8));
        buffer.putLong(0, scheduledNs, ByteOrder.LITTLE_ENDIAN);
        while (publication.offer(buffer, 0, 8) < 0)
        {
            Thread.onSpinWait();
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
