package io.lockstep.perf;

import io.aeron.Publication;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.control.ModelSwapEncoder;
import io.lockstep.sbe.control.RollbackEncoder;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The swap scenario's admin: during the measurement, every interval a ModelSwap to the loaded artifact, then a
 * Rollback, and so on, on the engine's control stream, where they are sequenced among the market data.
 */
final class ModelSwapper implements Agent
{
    private final Publication control;
    private final byte[] hash;
    private final long endNs;
    private final long intervalNs;
    private final EpochNanoClock clock;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ModelSwapEncoder swap = new ModelSwapEncoder();
    private final RollbackEncoder rollback = new RollbackEncoder();
    private long nextNs;
    private long sent;

    ModelSwapper(
        final Publication control,
        final byte[] hash,
        final long startNs,
        final long endNs,
        final long intervalNs,
        final EpochNanoClock clock)
    {
        this.control = control;
        this.hash = hash.clone();
        this.nextNs = startNs + intervalNs / 2;
        this.endNs = endNs;
        this.intervalNs = intervalNs;
        this.clock = clock;
    }

    public int doWork()
    {
        final long now = clock.nanoTime();
        if (now < nextNs || nextNs >= endNs)
        {
            return 0;
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + ((sent & 1) == 0 ?
            swap.wrapAndApplyHeader(buffer, 0, header).commandId(sent + 1).putArtifactHash(hash, 0, hash.length)
                .issuedBy("perf-lab").encodedLength() :
            rollback.wrapAndApplyHeader(buffer, 0, header).commandId(sent + 1).issuedBy("perf-lab").encodedLength());
        if (control.offer(buffer, 0, length) < 0)
        {
            return 0;
        }
        sent++;
        nextNs += intervalNs;
        return 1;
    }

    public String roleName()
    {
        return "perf-model-swapper";
    }

    /** @return swaps and rollbacks sent. */
    long sent()
    {
        return sent;
    }
}
