package io.lockstep.perf;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

import java.nio.ByteOrder;

/**
 * The measurement point: receives what the system under test sends (the engine's orders, or the echoed market
 * data) and records arrival time minus the scheduled send time carried in the message, for messages scheduled
 * inside the measurement window only (so warm-up is left out, and a stalled sender cannot hide latency: the
 * schedule, not the actual send, is the start).
 */
final class LatencyEndpoint implements Agent
{
    private final Subscription subscription;
    private final EpochNanoClock clock;
    private final int sendTimeOffset;
    private final Histogram histogram = new Histogram(60_000_000_000L, 3);
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
    private volatile long windowStartNs = Long.MAX_VALUE;
    private volatile long windowEndNs = Long.MAX_VALUE;
    private volatile long arrived;
    private long measured;

    /**
     * @param sendTimeOffset where each message carries its scheduled send time (int64, little-endian).
     */
    LatencyEndpoint(final Subscription subscription, final EpochNanoClock clock, final int sendTimeOffset)
    {
        this.subscription = subscription;
        this.clock = clock;
        this.sendTimeOffset = sendTimeOffset;
    }

    /** Measure messages scheduled in [startNs, endNs). */
    void window(final long startNs, final long endNs)
    {
        windowEndNs = endNs;
        windowStartNs = startNs;
    }

    public int doWork()
    {
        return subscription.poll(assembler, 64);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long now = clock.nanoTime();
        arrived++;
        if (length < sendTimeOffset + 8)
        {
            return;
        }
        final long scheduled = buffer.getLong(offset + sendTimeOffset, ByteOrder.LITTLE_ENDIAN);
        if (scheduled >= windowStartNs && scheduled < windowEndNs)
        {
            histogram.recordValue(Math.min(Math.max(0, now - scheduled), histogram.getHighestTrackableValue()));
            measured++;
        }
    }

    /** Read after the endpoint's thread has stopped. */
    Histogram histogram()
    {
        return histogram;
    }

    boolean connected()
    {
        return subscription.isConnected();
    }

    /** Every message received, in the window or not. */
    long arrived()
    {
        return arrived;
    }

    long measured()
    {
        return measured;
    }

    public String roleName()
    {
        return "lockstep-perf-endpoint";
    }
}
