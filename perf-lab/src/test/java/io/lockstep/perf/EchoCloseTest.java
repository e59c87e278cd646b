package io.lockstep.perf;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the drain bound passes with the floor behind, the run stops the endpoint, then the echo. The echo must stop
 * even though nothing reads what it publishes any more, or the run never ends.
 */
class EchoCloseTest
{
    @TempDir
    Path dir;

    @Test
    void echoStopsWhenItsOutputIsNoLongerRead() throws Exception
    {
        // Small terms so that a few hundred messages fill the output's window; the default ipc window (32 MB)
        // behaves the same once the endpoint lags by ~350,000 messages.
        final String in = "aeron:ipc?term-length=65536";
        final String out = "aeron:ipc?term-length=65536";
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("aeron").toString()).threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription stoppedEndpoint = aeron.addSubscription(out, 2);
            Publication load = aeron.addPublication(in, 1))
        {
            final Echo echo = new Echo(aeron.addSubscription(in, 1), aeron.addPublication(out, 2));
            final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null,
                echo);
            AgentRunner.startOnThread(runner);
            while (!load.isConnected() || !stoppedEndpoint.isConnected())
            {
                Thread.sleep(1);
            }
            final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
            int offered = 0;
            final long deadline = System.nanoTime() + 1_000_000_000L;
            while (offered < 2_000 && System.nanoTime() < deadline)
            {
                if (load.offer(message, 0, message.capacity()) > 0)
                {
                    offered++;
                }
            }
            Thread.sleep(200);
            assertTrue(echo.echoed() < offered, offered + " offered, " + echo.echoed() +
                " echoed: the echo is held up by its output");

            final Thread closer = new Thread(() -> CloseHelper.close(runner));
            closer.setDaemon(true);
            closer.start();
            closer.join(10_000);
            assertFalse(closer.isAlive(), "closing the echo did not return within 10 s");
        }
    }
}
