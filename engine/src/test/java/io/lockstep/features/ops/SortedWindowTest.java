package io.lockstep.features.ops;

import io.lockstep.testing.AllocationWindows;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocked sorted window against the plainest oracle: the window's non-NaN numbers in a list, sorted for every
 * query. Windows from one block to many, values with many repeats, signed zeros, infinities and NaN, and runs that
 * rise or fall (each event lands in the last or the first block, the blocks' worst case for splits and merges).
 */
class SortedWindowTest
{
    private static final double[] QUANTILES = { 0, 0.1, 0.25, 0.5, 0.9, 0.99, 1 };

    @Test
    void randomValuesInWindowsOfOneToManyBlocks()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (final int count : new int[] { 1, 2, 7, SortedWindow.BLOCK_CAPACITY - 1, SortedWindow.BLOCK_CAPACITY,
            SortedWindow.BLOCK_CAPACITY + 1, 5_000, 12_000 })
        {
            checkAgainstOracle(count, 3 * count + 2_000, (i) -> random.nextGaussian());
        }
    }

    @Test
    void repeatsSignedZerosInfinitiesAndNaN()
    {
        final double[] values = { 0.0, -0.0, 1, 1, 1, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NaN, 2.5 };
        final SplittableRandom random = new SplittableRandom(7);
        checkAgainstOracle(3_000, 12_000, (i) -> values[random.nextInt(values.length)]);
    }

    @Test
    void risingFallingAndZigzagRuns()
    {
        checkAgainstOracle(4_000, 12_000, (i) -> i);
        checkAgainstOracle(4_000, 12_000, (i) -> -i);
        checkAgainstOracle(4_000, 12_000, (i) -> (i / 3_000) % 2 == 0 ? i : -i);
        // A level that drifts: new numbers fall between old ones all over the window.
        final SplittableRandom random = new SplittableRandom(3);
        checkAgainstOracle(6_000, 20_000, (i) -> i * 0.01 + random.nextDouble() * 50);
    }

    @Test
    void aDurationWindowThatGrowsAndEmpties()
    {
        final SortedWindow window = new SortedWindow(
            EventWindow.ofDuration(1_000, 1 << 20, false, new TruncationCounter()));
        final ArrayDeque<long[]> held = new ArrayDeque<>();
        final SplittableRandom random = new SplittableRandom(11);
        long time = 0;
        for (int i = 0; i < 20_000; i++)
        {
            // Bursts of many events at nearly one time, then gaps longer than the window that empty it.
            time += i % 10_000 == 0 ? 5_000 : random.nextInt(3) == 0 ? 1 : 0;
            final double x = random.nextInt(500);
            window.update(time, x);
            held.addLast(new long[] { time, Double.doubleToRawLongBits(x) });
            while (held.peekFirst()[0] <= time - 1_000)
            {
                held.removeFirst();
            }
            if (i % 13 == 0 || held.size() < 50)
            {
                final List<Double> oracle = new ArrayList<>();
                held.forEach((event) -> oracle.add(Double.longBitsToDouble(event[1])));
                assertQuantiles(oracle, window, i);
            }
        }
    }

    @Test
    void blocksThinnedOnPurposeStayAtLeastHalfFullInPairs()
    {
        // Built so that the removals leave blocks of one number between blocks of 256, if pairs of neighbours could
        // hold half a block or less: the blocks made with the window would not be enough (an exception), and the rank
        // walk would be twice as long.
        final int groups = 20;
        final SortedWindow window = new SortedWindow(EventWindow.ofCount(adversaryEvents(groups), false));
        final List<Double> held = new ArrayList<>();
        adversary(window, groups, held);
        assertQuantiles(held, window, -1);
        assertTrue(window.blockCount() <= 2 * window.count() / 513 + 1,
            window.blockCount() + " blocks for " + window.count() + " numbers");
    }

    @Test
    void allocatesNothingWhateverTheOrderOfTheNumbers()
    {
        // A fresh window per measured run, so that blocks made late (the most ever held counted in blocks rather
        // than in numbers) would show in every run, not only in the first.
        final int groups = 20;
        final int events = adversaryEvents(groups);
        final SortedWindow[] windows = new SortedWindow[12];
        for (int i = 0; i < windows.length; i++)
        {
            windows[i] = new SortedWindow(EventWindow.ofCount(events, false));
        }
        final SplittableRandom random = new SplittableRandom(5);
        final int[] next = { 0 };
        final List<Long> allocated = AllocationWindows.measure(() ->
        {
            final SortedWindow window = windows[next[0]++];
            long time = 0;
            for (int i = 0; i < events; i++)
            {
                window.update(time++, random.nextGaussian());
            }
            for (int i = 0; i < events; i++)
            {
                window.update(time++, time * 1e-3);
            }
            for (int i = 0; i < events; i++)
            {
                window.update(time++, i % 2_000);
            }
            adversary(window, groups, null);
        }, 3, windows.length);
        assertTrue(AllocationWindows.endsWithZeros(allocated, 3), "bytes allocated per window: " + allocated);
    }

    private static int adversaryEvents(final int groups)
    {
        return groups * 512 + (groups - 1) * 1_000 + groups;
    }

    /**
     * Numbers in groups, then NaN events that push the first ones out of a count window of
     * {@link #adversaryEvents(int)}.
     *
     * @param held given the numbers the window then holds, unless null.
     */
    private static void adversary(final SortedWindow window, final int groups, final List<Double> held)
    {
        long time = 1_000_000_000;
        for (int i = 0; i < groups; i++)
        {
            for (int j = 0; j < 512; j++)
            {
                window.update(time++, 2 * i);
            }
        }
        for (int i = 0; i < groups - 1; i++)
        {
            for (int j = 0; j < 744; j++)
            {
                window.update(time++, 2 * i + 1);
            }
        }
        for (int i = 0; i < groups - 1; i++)
        {
            for (int j = 0; j < 256; j++)
            {
                window.update(time++, 2 * i + 1);
                if (held != null)
                {
                    held.add(2.0 * i + 1);
                }
            }
        }
        for (int i = 0; i < groups; i++)
        {
            window.update(time++, 2 * i);
            if (held != null)
            {
                held.add(2.0 * i);
            }
        }
        for (int i = 0; i < groups * 512 + (groups - 1) * 744; i++)
        {
            window.update(time++, Double.NaN);
        }
    }

    private interface Values
    {
        double at(long i);
    }

    private static void checkAgainstOracle(final int count, final int events, final Values values)
    {
        final SortedWindow window = new SortedWindow(EventWindow.ofCount(count, false));
        final ArrayDeque<Double> held = new ArrayDeque<>();
        for (int i = 0; i < events; i++)
        {
            final double x = values.at(i);
            window.update(i, x);
            held.addLast(x);
            if (held.size() > count)
            {
                held.removeFirst();
            }
            // A third of the events on small windows, a sample on large ones: the oracle sorts for each check.
            if (count <= 1_100 && i % 3 == 0 || i % 251 == 0 || i == events - 1)
            {
                assertQuantiles(new ArrayList<>(held), window, i);
            }
        }
    }

    private static void assertQuantiles(final List<Double> held, final SortedWindow window, final int event)
    {
        final List<Double> sorted = new ArrayList<>();
        for (final double x : held)
        {
            if (x == x)
            {
                sorted.add(x);
            }
        }
        Collections.sort(sorted);
        assertEquals(sorted.size(), window.count(), "count after event " + event);
        if (sorted.isEmpty())
        {
            return;
        }
        for (final double q : QUANTILES)
        {
            final double position = q * (sorted.size() - 1);
            final int lower = (int)position;
            final double below = sorted.get(lower);
            final double above = lower + 1 >= sorted.size() ? below : sorted.get(lower + 1);
            // Linear interpolation, except at a rank or between equal numbers (infinities included): the number.
            final double expected = position == lower || below == above ? below :
                below + (above - below) * (position - lower);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(window.quantile(q)),
                "quantile " + q + " of " + sorted.size() + " numbers after event " + event + ": expected " +
                expected + ", got " + window.quantile(q));
        }
    }
}
