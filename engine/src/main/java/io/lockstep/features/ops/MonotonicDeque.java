package io.lockstep.features.ops;

/**
 * Rolling extreme of a window in O(1) amortised per event: a deque of (event index, value) whose values are
 * monotonic, so the front is the window's maximum (or minimum). Among equal values the earliest is kept in
 * front. NaN values are never entered. Grows with its window.
 */
public final class MonotonicDeque implements Windowed
{
    private final EventWindow window;
    private final boolean max;
    private long[] indices;
    private double[] values;
    private int mask;
    private int head;
    private int size;
    private int count;

    /**
     * @param max keep the maximum in front, else the minimum.
     */
    public MonotonicDeque(final EventWindow window, final boolean max)
    {
        this.window = window;
        this.max = max;
        indices = new long[window.capacity()];
        values = new double[window.capacity()];
        mask = window.capacity() - 1;
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
                count--;
            }
        }
        final long oldestIndex = window.seen() - window.size();
        while (size > 0 && indices[head] < oldestIndex)
        {
            head = (head + 1) & mask;
            size--;
        }
        if (x == x)
        {
            count++;
            // Ordered as Double.compare orders them, -0.0 below 0.0, as the quantiles and Math.max order them.
            while (size > 0 && (max ? Double.compare(values[back()], x) < 0 : Double.compare(values[back()], x) > 0))
            {
                size--;
            }
            if (size == indices.length)
            {
                grow();
            }
            final int slot = (head + size++) & mask;
            indices[slot] = window.seen() - 1;
            values[slot] = x;
        }
    }

    private int back()
    {
        return (head + size - 1) & mask;
    }

    private void grow()
    {
        final int capacity = Math.max(indices.length * 2, window.capacity());
        final long[] newIndices = new long[capacity];
        final double[] newValues = new double[capacity];
        for (int i = 0; i < size; i++)
        {
            newIndices[i] = indices[(head + i) & mask];
            newValues[i] = values[(head + i) & mask];
        }
        indices = newIndices;
        values = newValues;
        mask = capacity - 1;
        head = 0;
    }

    public EventWindow window()
    {
        return window;
    }

    /** Non-NaN values in the window. */
    public int count()
    {
        return count;
    }

    public boolean isEmpty()
    {
        return size == 0;
    }

    public double extreme()
    {
        return values[head];
    }

    /** 1-based position of the extreme in the window, counted from the oldest event. */
    public int position()
    {
        return (int)(indices[head] - (window.seen() - window.size())) + 1;
    }
}
