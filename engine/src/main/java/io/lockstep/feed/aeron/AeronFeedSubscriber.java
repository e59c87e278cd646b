package io.lockstep.feed.aeron;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Lockstep SBE market data over Aeron: polls a subscription and hands each whole message (fragments reassembled),
 * stamped with its receive time, to a handler, which journals and decodes it. Allocation-free after warm-up.
 */
public final class AeronFeedSubscriber
{
    /** Receives each message; the buffer is valid only during the call. */
    @FunctionalInterface
    public interface MessageHandler
    {
        void onMessage(DirectBuffer buffer, int offset, int length, long receiveTimeNs);
    }

    private final Subscription subscription;
    private final EpochNanoClock clock;
    private final MessageHandler handler;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private long messages;

    public AeronFeedSubscriber(
        final Subscription subscription, final EpochNanoClock clock, final MessageHandler handler)
    {
        this.subscription = subscription;
        this.clock = clock;
        this.handler = handler;
    }

    /**
     * @return fragments read, 0 when nothing had arrived (for the idle strategy).
     */
    public int poll(final int fragmentLimit)
    {
        return subscription.poll(assembler, fragmentLimit);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        messages++;
        handler.onMessage(buffer, offset, length, clock.nanoTime());
    }

    public long messages()
    {
        return messages;
    }

    public Subscription subscription()
    {
        return subscription;
    }
}
