package io.lockstep.perf;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The floor: the same load through a bare Aeron hop with no engine logic. Receive a message, copy it, publish it
 * to the measurement endpoint; nothing else. What the engine adds is its latency over this.
 */
final class Echo implements Agent
{
    private final Subscription in;
    private final Publication out;
    private final UnsafeBuffer copy = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onMessage);
    /** Read by the run while it waits for the last messages to arrive. */
    private volatile long echoed;
    private long backPressured;

    Echo(final Subscription in, final Publication out)
    {
        this.in = in;
        this.out = out;
    }

    public int doWork()
    {
        final long backPressuredBefore = backPressured;
        final int fragments = in.controlledPoll(assembler, 64);
        // Back-pressured, retry at once as the echo always has rather than idle, but through the runner's loop.
        return backPressured != backPressuredBefore ? Math.max(1, fragments) : fragments;
    }

    /**
     * Back-pressured, the message is left unconsumed and offered again at the next poll, so the duty cycle returns
     * and the echo can be stopped while nothing reads its output any more (spinning here, it could not).
     */
    private ControlledFragmentHandler.Action onMessage(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        copy.putBytes(0, buffer, offset, length);
        if (out.offer(copy, 0, length) < 0)
        {
            backPressured++;
            return ControlledFragmentHandler.Action.ABORT;
        }
        echoed++;
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    long echoed()
    {
        return echoed;
    }

    public String roleName()
    {
        return "lockstep-perf-echo";
    }
}
