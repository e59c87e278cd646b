package io.lockstep.perf;

import io.lockstep.engine.FeedPublisher;
import org.agrona.MutableDirectBuffer;

/**
 * The load of one run: the feed until the end of the measurement, then exhausted. The publisher asks for a message
 * only once the one before it is out, so it stops with every message scheduled before the end sent (one it was
 * back-pressured on included) and none scheduled after.
 */
final class BoundedSource implements FeedPublisher.MessageSource
{
    private final FeedPublisher.MessageSource source;
    private final long endNs;
    private volatile boolean exhausted;

    BoundedSource(final FeedPublisher.MessageSource source, final long endNs)
    {
        this.source = source;
        this.endNs = endNs;
    }

    public int next(final MutableDirectBuffer buffer, final int offset, final long sendTimeNs)
    {
        if (sendTimeNs >= endNs)
        {
            exhausted = true;
            return 0;
        }
        return source.next(buffer, offset, sendTimeNs);
    }

    /** Every message scheduled before the end has been published, and the publisher's count is final. */
    boolean exhausted()
    {
        return exhausted;
    }
}
