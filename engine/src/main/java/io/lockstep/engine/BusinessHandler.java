package io.lockstep.engine;

import com.lmax.disruptor.EventHandler;
import io.lockstep.journal.JournalWriter;
import net.openhft.affinity.Affinity;
import net.openhft.affinity.AffinityLock;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The business thread: for each input in ring order, journal it (the exact bytes consumed), apply it to the
 * engine step, then, for a sample of inputs, record how long it took from its receive stamp
 * ({@link StepLatency}). Pins itself when it starts, checks where it really runs and says so. Once a journal has
 * failed it applies nothing more: each input after is counted as dropped ({@link EngineCounters#INPUTS_DROPPED}),
 * and only the failure itself goes to the ring's exception handler, once.
 */
public final class BusinessHandler implements EventHandler<RingEvent>
{
    /** What to do when pinning was asked for and did not happen. */
    public enum PinningPolicy
    {
        WARN, REFUSE
    }

    private final JournalWriter journal;
    private final EngineStep step;
    private final int cpu;
    private final PinningPolicy pinningPolicy;
    private final Consumer<String> log;
    private final StepLatency latency;
    private final EngineCounters counters;
    /** The deepest the ring was at a batch's start since the monitor last took it. */
    private final AtomicLong ringBacklogPeak = new AtomicLong();
    private boolean journalFailed;
    private volatile String pinning = "not started";
    private volatile boolean pinningRefused;
    private AffinityLock lock;

    /**
     * @param cpu     the CPU to pin to, or -1 not to pin.
     * @param latency where each step's latency goes.
     */
    public BusinessHandler(
        final JournalWriter journal,
        final EngineStep step,
        final int cpu,
        final PinningPolicy pinningPolicy,
        final Consumer<String> log,
        final StepLatency latency,
        final EngineCounters counters)
    {
        this.counters = counters;
        this.journal = journal;
        this.step = step;
        this.cpu = cpu;
        this.pinningPolicy = pinningPolicy;
        this.log = log;
        this.latency = latency;
    }

    public void onStart()
    {
        if (cpu < 0)
        {
            pinning = "not pinned (cpu = -1), running on CPU " + Affinity.getCpu();
            log.accept("business thread: " + pinning);
            return;
        }
        lock = AffinityLock.acquireLock(cpu);
        final int running = Affinity.getCpu();
        final boolean pinned = lock.isAllocated() && lock.cpuId() == cpu && running == cpu;
        // Before pinning is published: the engine reads the verdict as soon as it sees pinning set.
        pinningRefused = !pinned && pinningPolicy == PinningPolicy.REFUSE;
        pinning = pinned ? "pinned to CPU " + cpu : "NOT pinned: asked for CPU " + cpu + ", lock " +
            (lock.isAllocated() ? "on CPU " + lock.cpuId() : "not granted") + ", running on CPU " + running +
            (Affinity.isJNAAvailable() ? "" : " (JNA unavailable)");
        log.accept("business thread: " + pinning);
    }

    public void onShutdown()
    {
        if (lock != null)
        {
            lock.release();
        }
    }

    /**
     * Keeps the deepest backlog for the monitor, which checks once a second and would miss a burst that came and
     * went in between. A plain read and, only when deeper, a release store: nothing contended per batch.
     */
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        if (queueDepth > ringBacklogPeak.getPlain())
        {
            ringBacklogPeak.setRelease(queueDepth);
        }
    }

    /**
     * For the monitor thread: the deepest backlog any batch started with since the last call, then forget it. A
     * depth recorded while this runs may count towards the next call instead; none is lost.
     */
    public long takeRingBacklogPeak()
    {
        return ringBacklogPeak.getAndSet(0);
    }

    public void onEvent(final RingEvent event, final long ringSequence, final boolean endOfBatch)
    {
        if (journalFailed)
        {
            counters.increment(EngineCounters.INPUTS_DROPPED);
            return;
        }
        try
        {
            journal.append(event.sequence, event.receiveTimeNs, event.sourceId, event.protocol, event.buffer, 0,
                event.length);
        }
        catch (final RuntimeException | InternalError ex)
        {
            journalFailed = true;
            throw new JournalFailure("input", ex);
        }
        try
        {
            step.apply(event.sequence, event.receiveTimeNs, event.protocol, event.buffer, 0, event.length);
        }
        catch (final JournalFailure ex)
        {
            journalFailed = true;
            throw ex;
        }
        if (StepLatency.isSampled(event.sequence))
        {
            latency.record(event.receivedAtNanoTime, System.nanoTime());
        }
    }

    /** @return what pinning achieved, for the start line and status. */
    public String pinning()
    {
        return pinning;
    }

    /** @return true when pinning failed and the policy is to refuse to run. */
    public boolean pinningRefused()
    {
        return pinningRefused;
    }
}
