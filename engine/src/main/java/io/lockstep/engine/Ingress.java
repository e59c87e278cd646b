package io.lockstep.engine;

import com.lmax.disruptor.RingBuffer;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Ingress: polls the Aeron subscriptions (market data, execution reports, control), stamps each message's receive
 * time, gives it the next sequence and copies its bytes into a ring slot. When the ring is full a message is left
 * in Aeron (controlled poll, ABORT) and counted, so back-pressure reaches the publisher instead of data being
 * dropped. A message larger than a slot is rejected and counted, never truncated.
 */
public final class Ingress implements Agent
{
    private static final int FRAGMENT_LIMIT = 64;
    private static final long QUIET_BEFORE_STOP_NS = 20_000_000L;

    private final RingBuffer<RingEvent> ring;
    private final EpochNanoClock clock;
    private final EngineCounters counters;
    private final long firstSequence;
    private final int slotLength;
    private final Source[] sources;
    private volatile boolean stopRequested;
    private volatile boolean drained;
    private long lastWorkNs;

    /** One subscription and what its messages are. */
    private final class Source implements ControlledFragmentHandler
    {
        private final Subscription subscription;
        private final int sourceId;
        private final ProtocolTag protocol;
        private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);

        Source(final Subscription subscription, final int sourceId, final ProtocolTag protocol)
        {
            this.subscription = subscription;
            this.sourceId = sourceId;
            this.protocol = protocol;
        }

        public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (length > slotLength)
            {
                counters.increment(EngineCounters.INGRESS_OVERSIZED);
                return Action.CONTINUE;
            }
            if (!ring.hasAvailableCapacity(1))
            {
                counters.increment(EngineCounters.INGRESS_BACK_PRESSURE);
                return Action.ABORT;
            }
            final long ringSequence = ring.next();
            final RingEvent event = ring.get(ringSequence);
            event.sequence = firstSequence + ringSequence;
            event.receiveTimeNs = clock.nanoTime();
            if (StepLatency.isSampled(event.sequence))
            {
                event.receivedAtNanoTime = System.nanoTime();
            }
            event.sourceId = sourceId;
            event.protocol = protocol;
            event.length = length;
            event.buffer.putBytes(0, buffer, offset, length);
            ring.publish(ringSequence);
            return Action.CONTINUE;
        }
    }

    /**
     * @param firstSequence the journal's next sequence: ring sequence 0 gets it.
     */
    public Ingress(
        final RingBuffer<RingEvent> ring,
        final EpochNanoClock clock,
        final EngineCounters counters,
        final long firstSequence,
        final int slotLength,
        final Subscription marketData,
        final Subscription executionReports,
        final Subscription control)
    {
        this.ring = ring;
        this.clock = clock;
        this.counters = counters;
        this.firstSequence = firstSequence;
        this.slotLength = slotLength;
        this.sources = new Source[] {
            new Source(marketData, EngineSources.MARKET_DATA, ProtocolTag.SBE_MARKET_DATA),
            new Source(executionReports, EngineSources.EXECUTION_REPORTS, ProtocolTag.SBE_ORDER_ENTRY),
            new Source(control, EngineSources.CONTROL, ProtocolTag.SBE_CONTROL) };
    }

    public int doWork()
    {
        int work = 0;
        for (final Source source : sources)
        {
            work += source.subscription.controlledPoll(source.assembler, FRAGMENT_LIMIT);
        }
        if (stopRequested && !drained)
        {
            // Stopping: keep taking what had arrived until the streams have been quiet for a while.
            final long now = System.nanoTime();
            if (work > 0 || lastWorkNs == 0)
            {
                lastWorkNs = now;
            }
            else if (now - lastWorkNs > QUIET_BEFORE_STOP_NS)
            {
                drained = true;
            }
        }
        return work;
    }

    /**
     * Ask ingress to take in what has already arrived, then report {@link #drained()}. Ingress stays the ring's
     * only producer: the drain runs on its own thread.
     */
    public void requestStop()
    {
        stopRequested = true;
    }

    /** @return true once, after {@link #requestStop()}, the streams were quiet for a while. */
    public boolean drained()
    {
        return drained;
    }

    public String roleName()
    {
        return "lockstep-ingress";
    }
}
