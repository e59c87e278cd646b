package io.lockstep.engine;

import io.aeron.Publication;
import io.lockstep.feed.SyntheticMarketData;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Publishes a seeded synthetic order flow (Lockstep SBE market data) over Aeron at a constant rate. Each message
 * is stamped with its scheduled send time as its event time, and sending never skips a scheduled message: when
 * the publisher falls behind it catches up, so latency measured from that time cannot hide a stall.
 */
public final class FeedPublisher implements Agent
{
    private static final int BURST_LIMIT = 256;

    private final Publication publication;
    private final SyntheticMarketData market;
    private final EpochNanoClock clock;
    private final long intervalNs;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private long nextSendNs;
    private int pendingLength;
    private long sent;
    private long backPressured;

    /**
     * @param rate messages per second.
     */
    public FeedPublisher(
        final Publication publication, final long seed, final int instrumentId, final long rate,
        final EpochNanoClock clock)
    {
        this.publication = publication;
        this.clock = clock;
        this.intervalNs = Math.max(1, 1_000_000_000L / rate);
        this.market = new SyntheticMarketData(seed, instrumentId, 0, intervalNs, 1_000_000);
        this.nextSendNs = clock.nanoTime();
    }

    public int doWork()
    {
        int work = 0;
        final long now = clock.nanoTime();
        while (work < BURST_LIMIT && (pendingLength > 0 || nextSendNs <= now))
        {
            if (pendingLength == 0)
            {
                pendingLength = market.nextAt(buffer, 0, nextSendNs);
                nextSendNs += intervalNs;
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

    public long sent()
    {
        return sent;
    }

    public long backPressured()
    {
        return backPressured;
    }
}
