package io.lockstep.perf;

import io.lockstep.engine.FeedPublisher;
import org.agrona.concurrent.Agent;

/** The load generator, stopping once its next scheduled message falls after the end of the measurement. */
final class BoundedAgent implements Agent
{
    private final FeedPublisher publisher;
    private final long endNs;

    BoundedAgent(final FeedPublisher publisher, final long endNs)
    {
        this.publisher = publisher;
        this.endNs = endNs;
    }

    public int doWork()
    {
        return publisher.nextSendNs() < endNs ? publisher.doWork() : 0;
    }

    public String roleName()
    {
        return publisher.roleName();
    }
}
