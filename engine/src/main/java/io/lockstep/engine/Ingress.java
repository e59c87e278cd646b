package io.lockstep.engine;

import com.lmax.disruptor.RingBuffer;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.itch.MoldUdp64Handler;
import io.lockstep.feed.itch.UdpPayloadHandler;
import io.lockstep.feed.net.MoldUdp64GapFiller;
import io.lockstep.feed.net.UdpReceiver;
import io.lockstep.sbe.control.FeedPositionEncoder;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Ingress: polls the Aeron subscriptions (market data, execution reports, control), and a MoldUDP64 feed when one
 * is configured, stamps each message's receive time, gives it the next sequence and copies its bytes into a ring
 * slot. When the ring is full a message is left in Aeron (controlled poll, ABORT) and counted, so back-pressure
 * reaches the publisher instead of data being dropped. A message larger than a slot is rejected and counted, never
 * truncated.
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
    private final MoldUdp64Source moldUdp64;
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
            publish(sourceId, protocol, clock.nanoTime(), buffer, offset, length);
            return Action.CONTINUE;
        }
    }

    /**
     * A MoldUDP64 feed over UDP, unicast or a multicast group joined on one interface, as exchanges publish it:
     * each message (ITCH 5.0) becomes an input of its own, journaled as the exchange sent
     * it (protocol ITCH50) and stamped with its packet's receive time. A packet goes into the ring whole or waits,
     * in a buffer of its own, until the ring has room for all its messages; the socket's buffer holds what arrives
     * meanwhile, and what the kernel drops then shows as a sequence gap. With a re-request server configured, a gap
     * is filled before the decoder sees it ({@link MoldUdp64GapFiller}); the gaps that stay (no server, no answer)
     * and the messages missing from them are counted for operations ({@code sequence_gap} alert). Unless
     * {@code feed.moldudp64.halt.on.gap} is off, such a gap also engages the kill switch, through a KillSwitch input
     * journaled before the first message after it: the books may be wrong from there on (an order added in the gap
     * is missing, one deleted in it stays), so the engine stops trading on them until an operator releases it.
     */
    private final class MoldUdp64Source implements UdpPayloadHandler, MoldUdp64Handler
    {
        private static final int MAX_DATAGRAM = 65_536;

        private final UdpReceiver receiver;
        private final MoldUdp64Decoder decoder = new MoldUdp64Decoder(this);
        private final UnsafeBuffer waiting = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_DATAGRAM));
        private final MoldUdp64GapFiller gapFiller;
        private final UdpPayloadHandler deliver = this::deliver;
        private int waitingLength = -1;
        private long waitingTimestampNs;
        private long requestsPublished;
        private long gapsFilledPublished;
        private final UnsafeBuffer packetSession = new UnsafeBuffer(new byte[MoldUdp64Decoder.SESSION_LENGTH]);
        /** The session and next sequence of the feed's next journaled message, as far as the journal says. */
        private final UnsafeBuffer journaledSession = new UnsafeBuffer(new byte[MoldUdp64Decoder.SESSION_LENGTH]);
        private long journaledNext;
        private final UnsafeBuffer position = new UnsafeBuffer(new byte[64]);
        private final MessageHeaderEncoder positionHeader = new MessageHeaderEncoder();
        private final FeedPositionEncoder positionEncoder = new FeedPositionEncoder();
        private final boolean haltOnGap;
        private final UnsafeBuffer halt = new UnsafeBuffer(new byte[512]);
        private final MessageHeaderEncoder haltHeader = new MessageHeaderEncoder();
        /** The receive time of the packet being decoded, for the inputs it brings before its messages. */
        private long packetTimestampNs;

        MoldUdp64Source(final EngineSettings settings)
        {
            haltOnGap = settings.moldUdp64HaltOnGap;
            // The longest halt there can be (20-digit sequences, a session of bytes that are not ASCII) must fit a
            // slot, or a gap could not halt at all.
            final int longestHalt = haltOnGap ? encodeHalt(
                "\uFFFD".repeat(MoldUdp64Decoder.SESSION_LENGTH), -1L, 0L) : 0;
            if (longestHalt > slotLength)
            {
                throw new IllegalStateException("ring.slot.length " + slotLength + " cannot hold the kill switch a " +
                    "MoldUDP64 feed gap journals (up to " + longestHalt + " bytes): raise it, or set " +
                    "feed.moldudp64.halt.on.gap = false");
            }
            try
            {
                receiver = new UdpReceiver(settings.moldUdp64Bind, settings.moldUdp64Group,
                    settings.moldUdp64Interface, this, clock);
            }
            catch (final UncheckedIOException ex)
            {
                throw new IllegalStateException("feed.moldudp64.bind: " + ex.getMessage(), ex);
            }
            gapFiller = settings.moldUdp64Rerequest == null ? null : new MoldUdp64GapFiller(decoder, receiver,
                settings.moldUdp64Rerequest, settings.moldUdp64RerequestTimeoutNs);
        }

        int poll()
        {
            if (waitingLength >= 0)
            {
                final int length = waitingLength;
                waitingLength = -1;
                deliver(waiting, 0, length, waitingTimestampNs);
                return waitingLength >= 0 ? 0 : 1;
            }
            int packets = 0;
            if (gapFiller != null)
            {
                if (stopRequested)
                {
                    gapFiller.giveUp();
                }
                final long now = System.nanoTime();
                while (packets < FRAGMENT_LIMIT && waitingLength < 0 && gapFiller.releaseOne(deliver, now))
                {
                    packets++;
                }
                publishGapFilling();
            }
            while (packets < FRAGMENT_LIMIT && waitingLength < 0 && (gapFiller == null || gapFiller.makeRoom()) &&
                receiver.poll(1) > 0)
            {
                packets++;
            }
            return packets;
        }

        /** Only a change is written: the counters share cache lines with the business thread's. */
        private void publishGapFilling()
        {
            if (gapFiller.requestsSent() != requestsPublished || gapFiller.gapsFilled() != gapsFilledPublished)
            {
                requestsPublished = gapFiller.requestsSent();
                gapsFilledPublished = gapFiller.gapsFilled();
                counters.set(EngineCounters.INGRESS_FEED_REREQUESTS, requestsPublished);
                counters.set(EngineCounters.INGRESS_FEED_GAPS_FILLED, gapsFilledPublished);
            }
        }

        /** A packet as received: held while a gap before it is being filled, else on to the decoder. */
        public void onUdpPayload(final DirectBuffer buffer, final int offset, final int length, final long timestampNs)
        {
            if (gapFiller == null || !gapFiller.hold(buffer, offset, length, timestampNs, System.nanoTime()))
            {
                deliver(buffer, offset, length, timestampNs);
            }
        }

        /** Into the ring whole, or kept waiting until the ring has room for every message of the packet. */
        private void deliver(final DirectBuffer buffer, final int offset, final int length, final long timestampNs)
        {
            final int messages = messageCount(buffer, offset, length);
            // Two slots more than its messages: the packet may need a halt and its feed position journaled first
            // (after an oversized message is left out, the next position takes that message's slot).
            if (messages + 2 > ring.getBufferSize())
            {
                // It could never fit: rejected, so its messages show as a gap at the next packet.
                counters.increment(EngineCounters.INGRESS_OVERSIZED);
                return;
            }
            // A heartbeat too: one that reveals a gap brings a halt, and ingress never waits on a full ring.
            if (!ring.hasAvailableCapacity(messages + 2))
            {
                counters.increment(EngineCounters.INGRESS_BACK_PRESSURE);
                if (buffer != waiting)
                {
                    waiting.putBytes(0, buffer, offset, length);
                }
                waitingLength = length;
                waitingTimestampNs = timestampNs;
                return;
            }
            if (length >= MoldUdp64Decoder.HEADER_LENGTH)
            {
                packetSession.putBytes(0, buffer, offset + MoldUdp64Decoder.SESSION_OFFSET,
                    MoldUdp64Decoder.SESSION_LENGTH);
            }
            packetTimestampNs = timestampNs;
            if (decoder.decode(buffer, offset, length, timestampNs) >= MoldUdp64Decoder.TOO_SHORT)
            {
                counters.increment(EngineCounters.INGRESS_FEED_REJECTS);
            }
        }

        public void onMessage(
            final DirectBuffer buffer, final int offset, final int length, final long sequence, final long timestampNs)
        {
            if (length > slotLength)
            {
                counters.increment(EngineCounters.INGRESS_OVERSIZED);
                return;
            }
            // Sequence 0: a packet without sequence numbers (an anonymised capture); position 0 says "unknown".
            if (sequence != journaledNext || !samePacketSession())
            {
                journalPosition(sequence, timestampNs);
            }
            publish(EngineSources.MARKET_DATA, ProtocolTag.ITCH50, timestampNs, buffer, offset, length);
            journaledNext = sequence == 0 ? 0 : sequence + 1;
        }

        /** Carry on the session where the journal left it: see {@link Ingress#resumeMoldUdp64}. */
        void resume(final DirectBuffer session, final long nextSequence)
        {
            decoder.resume(session, 0, nextSequence);
            journaledSession.putBytes(0, session, 0, MoldUdp64Decoder.SESSION_LENGTH);
            journaledNext = nextSequence;
        }

        private boolean samePacketSession()
        {
            return packetSession.getLong(0) == journaledSession.getLong(0) &&
                packetSession.getShort(8) == journaledSession.getShort(8);
        }

        /** The feed's position, journaled before the message that does not follow the last one journaled. */
        private void journalPosition(final long sequence, final long timestampNs)
        {
            journaledSession.putBytes(0, packetSession, 0, MoldUdp64Decoder.SESSION_LENGTH);
            positionEncoder.wrapAndApplyHeader(position, 0, positionHeader)
                .putSession(journaledSession.byteArray(), 0)
                .nextSequence(sequence);
            publish(EngineSources.MARKET_DATA, ProtocolTag.SBE_CONTROL, timestampNs, position, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + positionEncoder.encodedLength());
        }

        public void onGap(
            final DirectBuffer session, final int sessionOffset, final long expectedSequence,
            final long receivedSequence)
        {
            counters.increment(EngineCounters.INGRESS_FEED_GAPS);
            counters.add(EngineCounters.INGRESS_FEED_MISSING, receivedSequence - expectedSequence);
            if (haltOnGap)
            {
                final int length = encodeHalt(session.getStringWithoutLengthAscii(sessionOffset,
                    MoldUdp64Decoder.SESSION_LENGTH).strip(), expectedSequence, receivedSequence);
                publish(EngineSources.MARKET_DATA, ProtocolTag.SBE_CONTROL, packetTimestampNs, halt, 0, length);
            }
        }

        /** A KillSwitch input, engaged, saying which messages never arrived; no admin waits for its answer. */
        private int encodeHalt(final String session, final long expectedSequence, final long receivedSequence)
        {
            final String reason = "feed gap: messages " + Long.toUnsignedString(expectedSequence) + " to " +
                Long.toUnsignedString(receivedSequence - 1) + " of MoldUDP64 session " + session +
                " never arrived, so the books may be wrong; release the kill switch to trade on them";
            return AdminClient.killSwitch(true, "ingress", reason).encode(ModelRoster.NO_COMMAND_ID, halt, haltHeader);
        }

        /** @return true while a packet waits for the ring, or for a gap before it to be filled. */
        boolean waiting()
        {
            return waitingLength >= 0 || (gapFiller != null && gapFiller.holding());
        }

        /** @return the messages the packet says it holds; 0 for a heartbeat, an end of session or a runt. */
        private int messageCount(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length < MoldUdp64Decoder.HEADER_LENGTH)
            {
                return 0;
            }
            final int count = buffer.getShort(offset + MoldUdp64Decoder.COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            return count == MoldUdp64Decoder.END_OF_SESSION_COUNT ? 0 : count;
        }
    }

    /**
     * @param firstSequence the journal's next sequence: ring sequence 0 gets it.
     * @param settings      the ring slot length, and the MoldUDP64 feed if one is configured.
     */
    public Ingress(
        final RingBuffer<RingEvent> ring,
        final EpochNanoClock clock,
        final EngineCounters counters,
        final long firstSequence,
        final EngineSettings settings,
        final Subscription marketData,
        final Subscription executionReports,
        final Subscription control)
    {
        this.ring = ring;
        this.clock = clock;
        this.counters = counters;
        this.firstSequence = firstSequence;
        this.slotLength = settings.slotLength;
        this.sources = new Source[] {
            new Source(marketData, EngineSources.MARKET_DATA, ProtocolTag.SBE_MARKET_DATA),
            new Source(executionReports, EngineSources.EXECUTION_REPORTS, ProtocolTag.SBE_ORDER_ENTRY),
            new Source(control, EngineSources.CONTROL, ProtocolTag.SBE_CONTROL) };
        this.moldUdp64 = settings.moldUdp64Bind == null ? null : new MoldUdp64Source(settings);
    }

    /** Copy one message into the next ring slot; the caller has checked that there is one and that it fits. */
    private void publish(
        final int sourceId,
        final ProtocolTag protocol,
        final long receiveTimeNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final long ringSequence = ring.next();
        final RingEvent event = ring.get(ringSequence);
        event.sequence = firstSequence + ringSequence;
        event.receiveTimeNs = receiveTimeNs;
        if (StepLatency.isSampled(event.sequence))
        {
            event.receivedAtNanoTime = System.nanoTime();
        }
        event.sourceId = sourceId;
        event.protocol = protocol;
        event.length = length;
        event.buffer.putBytes(0, buffer, offset, length);
        ring.publish(ringSequence);
    }

    /**
     * Carry the MoldUDP64 feed on where a restarted engine's journal left it (the last FeedPosition and the
     * messages after it, from {@link Recovery}): its next packet shows what was sent while the engine was down as
     * a gap, filled from the re-request server when one is configured, else counted and alerted. Call before the
     * ingress thread starts; without a MoldUDP64 feed it does nothing.
     */
    public void resumeMoldUdp64(final DirectBuffer session, final long nextSequence)
    {
        if (moldUdp64 != null)
        {
            moldUdp64.resume(session, nextSequence);
        }
    }

    /** @return where the MoldUDP64 feed is received (its port when configured as 0), or null without one. */
    public InetSocketAddress moldUdp64Address()
    {
        return moldUdp64 == null ? null : moldUdp64.receiver.localAddress();
    }

    public int doWork()
    {
        int work = 0;
        for (final Source source : sources)
        {
            work += source.subscription.controlledPoll(source.assembler, FRAGMENT_LIMIT);
        }
        if (moldUdp64 != null)
        {
            work += moldUdp64.poll();
        }
        if (stopRequested && !drained)
        {
            // Stopping: keep taking what had arrived until the streams have been quiet for a while.
            final long now = System.nanoTime();
            if (work > 0 || lastWorkNs == 0)
            {
                lastWorkNs = now;
            }
            else if (now - lastWorkNs > QUIET_BEFORE_STOP_NS && (moldUdp64 == null || !moldUdp64.waiting()))
            {
                // A feed packet waiting for ring room goes in first: the business thread is still draining.
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

    public void onClose()
    {
        if (moldUdp64 != null)
        {
            CloseHelper.quietClose(moldUdp64.receiver);
        }
    }

    public String roleName()
    {
        return "lockstep-ingress";
    }
}
