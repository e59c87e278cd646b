package io.lockstep.engine;

import io.aeron.Publication;
import io.lockstep.feed.SyntheticMarketData;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Publishes Lockstep SBE market data over Aeron at a constant rate: a seeded synthetic order flow, or a recorded
 * feed played once. Each message is stamped with its scheduled send time as its event time, and sending never
 * skips a scheduled message: when the publisher falls behind it catches up, so latency measured from that time
 * cannot hide a stall.
 */
public final class FeedPublisher implements Agent
{
    private static final int BURST_LIMIT = 256;

    private final Publication publication;
    /** When each message is due: the scheduled send time of the next message, given the previous one's. */
    @FunctionalInterface
    public interface Schedule
    {
        long next(long previousScheduledNs);
    }

    /** Writes the next message stamped with a send time; returns its length, 0 when the feed is exhausted. */
    @FunctionalInterface
    public interface MessageSource
    {
        int next(org.agrona.MutableDirectBuffer buffer, int offset, long sendTimeNs);
    }

    private final MessageSource source;
    private final EpochNanoClock clock;
    private final Schedule schedule;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private long nextSendNs;
    private int pendingLength;
    /** Read by other threads waiting for what was published to be consumed (single writer: this agent). */
    private volatile long sent;
    private long backPressured;
    private boolean exhausted;
    private volatile boolean stopped;

    /**
     * @param rate messages per second.
     */
    public FeedPublisher(
        final Publication publication, final MessageSource source, final long rate, final EpochNanoClock clock)
    {
        this(publication, source, constantRate(rate), clock);
    }

    public FeedPublisher(
        final Publication publication, final MessageSource source, final Schedule schedule, final EpochNanoClock clock)
    {
        this.publication = publication;
        this.source = source;
        this.schedule = schedule;
        this.clock = clock;
        this.nextSendNs = clock.nanoTime();
    }

    /** One message every 1/rate seconds. */
    public static Schedule constantRate(final long rate)
    {
        final long intervalNs = Math.max(1, 1_000_000_000L / rate);
        return (previous) -> previous + intervalNs;
    }

    /** A seeded synthetic order flow for one instrument. */
    public static MessageSource synthetic(final long seed, final int instrumentId, final long rate)
    {
        final SyntheticMarketData market = new SyntheticMarketData(
            seed, instrumentId, 0, Math.max(1, 1_000_000_000L / rate), 1_000_000);
        return market::nextAt;
    }

    public int doWork()
    {
        int work = 0;
        final long now = clock.nanoTime();
        while (!exhausted && !stopped && work < BURST_LIMIT && (pendingLength > 0 || nextSendNs <= now))
        {
            if (pendingLength == 0)
            {
                pendingLength = source.next(buffer, 0, nextSendNs);
                if (pendingLength == 0)
                {
                    exhausted = true;
                    break;
                }
                nextSendNs = schedule.next(nextSendNs);
            }
            if (publication.offer(buffer, 0, pendingLength) < 0)
            {
                backPressured++;
                break;
            }
            pendingLength = 0;
            sent++;
            work++;
        }
        return work;
    }

    public String roleName()
    {
        return "lockstep-feed-publisher";
    }

    /** @return the scheduled send time of the next message. */
    public long nextSendNs()
    {
        return nextSendNs;
    }

    public long sent()
    {
        return sent;
    }

    /** Send nothing more, from the next duty cycle on: {@link #sent()} then stays as it is. */
    public void stop()
    {
        stopped = true;
    }

    public long backPressured()
    {
        return backPressured;
    }

    /** @return true once a recorded feed has been published whole. */
    public boolean exhausted()
    {
        return exhausted;
    }
}
