package io.lockstep.perf;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
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
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
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
        return in.poll(assembler, 64);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        copy.putBytes(0, buffer, offset, length);
        while (out.offer(copy, 0, length) < 0)
        {
            backPressured++;
        }
        echoed++;
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
