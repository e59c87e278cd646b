package io.lockstep.features.ops;

import java.util.Arrays;

/**
 * The window's numbers kept sorted, for Quantile and Med: O(log n) search and O(n) shift per event, which is
 * cheap for the windows features use (up to a few thousand events). NaN values are left out.
 */
public final class SortedWindow implements Windowed
{
    private final EventWindow window;
    private double[] sorted;
    private int size;

    public SortedWindow(final EventWindow window)
    {
        this.window = window;
        this.sorted = new double[window.capacity()];
    }

    public void update(final long timeNs, final double x)
    {
        window.push(timeNs, x, 0);
        while (window.expired(timeNs))
        {
            final double old = window.oldest();
            window.dropOldest();
            if (old == old)
            {
                final int at = Arrays.binarySearch(sorted, 0, size, old);
                System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
                size--;
            }
        }
        if (x == x)
        {
            if (size == sorted.length)
            {
                sorted = Arrays.copyOf(sorted, Math.max(size * 2, window.capacity()));
            }
            int at = Arrays.binarySearch(sorted, 0, size, x);
            if (at < 0)
            {
                at = -at - 1;
            }
            System.arraycopy(sorted, at, sorted, at + 1, size - at);
            sorted[at] = x;
            size++;
        }
    }

    public EventWindow window()
    {
        return window;
    }

    public int count()
    {
        return size;
    }

    /**
     * Linear interpolation between closest ranks (numpy's and pandas' default): position q * (n - 1).
     */
    public double quantile(final double q)
    {
        final double position = q * (size - 1);
        final int lower = (int)position;
        final double fraction = position - lower;
        if (lower + 1 >= size)
        {
            return sorted[lower];
        }
        return sorted[lower] + (sorted[lower + 1] - sorted[lower]) * fraction;
    }
}
