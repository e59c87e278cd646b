package io.lockstep.engine;

import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A Disruptor slot: one input as ingress received it, with its sequence, receive times (epoch, journaled; and
 * monotonic, for latency) and source, and its bytes copied into the slot's preallocated buffer.
 */
public final class RingEvent
{
    public final UnsafeBuffer buffer;
    public long sequence;
    public long receiveTimeNs;
    /** {@link System#nanoTime()} when ingress received it, for a {@link StepLatency} sample; never journaled. */
    public long receivedAtNanoTime;
    public int sourceId;
    public ProtocolTag protocol;
    public int length;

    public RingEvent(final int slotLength)
    {
        buffer = new UnsafeBuffer(new byte[slotLength]);
    }
}
