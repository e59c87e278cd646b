package io.lockstep.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way the zero-allocation tests measure: the calling thread's allocation counter over repeated windows
 * of the same work, after the test's own warm-up, until {@code zeroWindows} windows in a row allocate no byte.
 * <p>
 * Why not "every window": the JIT may still materialise a few scalar-replaced objects when it deoptimises or
 * recompiles, which on a loaded machine can happen late. Why it still proves the point: code that allocates per
 * operation (at least 16 bytes each time) never produces a single zero window, and neither does code that
 * allocates once per window's worth of operations.
 */
public final class AllocationWindows
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationWindows()
    {
    }

    /**
     * Run {@code window} until its last {@code zeroWindows} runs allocated nothing, or {@code maxWindows} times.
     *
     * @return the bytes each run allocated, in order: check it with {@link #endsWithZeros(List, int)}.
     */
    public static List<Long> measure(final Runnable window, final int zeroWindows, final int maxWindows)
    {
        final List<Long> windows = new ArrayList<>(maxWindows);
        while (windows.size() < maxWindows && !endsWithZeros(windows, zeroWindows))
        {
            final long before = allocatedBytes();
            window.run();
            final long bytes = allocatedBytes() - before;
            windows.add(bytes - measurementOverhead());
        }
        return windows;
    }

    /** @return whether the last {@code zeroWindows} windows allocated nothing. */
    public static boolean endsWithZeros(final List<Long> windows, final int zeroWindows)
    {
        final int size = windows.size();
        if (size < zeroWindows)
        {
            return false;
        }
        for (int i = size - zeroWindows; i < size; i++)
        {
            if (windows.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** @return bytes the calling thread has allocated since it started. */
    public static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** What reading the counter itself costs, subtracted from each window (0 on the JVMs we run). */
    private static long measurementOverhead()
    {
        final long start = allocatedBytes();
        return allocatedBytes() - start;
    }
}
