package io.lockstep.engine;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.TimeUnit;

/**
 * The engine's own latency per input: from ingress receiving it to the end of the business thread's step
 * (ring wait, journal append, decode, book, features, inference, risk, order send, decision record), for one input
 * in {@value #SAMPLE_EVERY} by sequence. Sampled because measuring one costs 85-93 ns on this kind of virtual
 * machine ({@code System.nanoTime()} 42-46 ns, the recorder's atomic 22 ns), against a step of about 1 us. The
 * business thread records, wait-free and without allocating; any other thread reads everything recorded since the
 * start. A measurement only: it never feeds back into a decision, and replay does not record it.
 */
public final class StepLatency
{
    /** A power of two, so the choice is a mask of the input's sequence: the same inputs whatever the timing. */
    public static final int SAMPLE_EVERY = 8;

    /** Longer waits are recorded as this: a minute is already an outage. */
    private static final long HIGHEST_NS = TimeUnit.MINUTES.toNanos(1);

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_NS, 3);
    private final Histogram total = newHistogram();
    private Histogram interval;

    /** @return whether the input with this sequence is measured: ingress stamps it, the business thread records it. */
    public static boolean isSampled(final long sequence)
    {
        return (sequence & (SAMPLE_EVERY - 1)) == 0;
    }

    /**
     * Business thread only.
     *
     * @param receivedAtNanoTime {@link System#nanoTime()} when ingress received the input.
     * @param endNanoTime        {@link System#nanoTime()} at the end of its step.
     */
    public void record(final long receivedAtNanoTime, final long endNanoTime)
    {
        // The monotonic clock never steps back; the clamp only keeps a bad stamp inside the histogram's range.
        recorder.recordValue(Math.min(Math.max(endNanoTime - receivedAtNanoTime, 0), HIGHEST_NS));
    }

    /**
     * @return a histogram of the range {@link #copySinceStart} fills (about 220 KB: make one per reader, not per read).
     */
    public static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_NS, 3);
    }

    /**
     * Copy everything recorded so far into a reader's histogram, allocating nothing once the recorder's interval
     * histogram exists (readers only; the business thread never waits for it).
     *
     * @param into made by {@link #newHistogram()}; its previous content is replaced.
     */
    public synchronized void copySinceStart(final Histogram into)
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        total.copyInto(into);
    }

    /** @return a new copy of everything recorded so far, for a reader that asks rarely (an HTTP scrape). */
    public Histogram sinceStart()
    {
        final Histogram copy = newHistogram();
        copySinceStart(copy);
        return copy;
    }
}
