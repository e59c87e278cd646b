package io.lockstep.features.ops;

/**
 * The events inside a rolling window, oldest first: a ring of event times and one or two values per event.
 * A window is a count of events or an event-time duration: an event stays while its time is after
 * {@code now - duration}. Count windows never grow; duration windows double their ring when an event burst
 * outgrows it (an allocation that stops once the burst size has been seen: part of warm-up).
 */
public final class EventWindow
{
    private static final int INITIAL_DURATION_CAPACITY = 1024;

    private final long count;
    private final long durationNs;
    private long[] times;
    private double[] values;
    private double[] values2;
    private int mask;
    private int head;
    private int size;
    private long seen;
    private long firstTimeNs;

    /**
     * @param count      events in the window, or 0 for a duration window.
     * @param durationNs event-time length of the window, or 0 for a count window.
     * @param pairs      keep a second value per event.
     */
    public EventWindow(final long count, final long durationNs, final boolean pairs)
    {
        if ((count > 0) == (durationNs > 0))
        {
            throw new IllegalArgumentException("exactly one of count and duration: " + count + ", " + durationNs);
        }
        this.count = count;
        this.durationNs = durationNs;
        final int capacity = count > 0 ? powerOfTwoAtLeast((int)count + 1) : INITIAL_DURATION_CAPACITY;
        times = new long[capacity];
        values = new double[capacity];
        values2 = pairs ? new double[capacity] : null;
        mask = capacity - 1;
    }

    /** Ring capacities are powers of two so that wrapping is a mask, not a division. */
    static int powerOfTwoAtLeast(final int value)
    {
        return Integer.highestOneBit(Math.max(1, value) * 2 - 1);
    }

    /** Append the newest event; {@link #expired(long)} then says what to drop. */
    public void push(final long timeNs, final double value, final double value2)
    {
        if (size == times.length)
        {
            grow();
        }
        if (seen++ == 0)
        {
            firstTimeNs = timeNs;
        }
        final int index = (head + size++) & mask;
        times[index] = timeNs;
        values[index] = value;
        if (values2 != null)
        {
            values2[index] = value2;
        }
    }

    /** Is the oldest event outside the window ending at {@code nowNs}? */
    public boolean expired(final long nowNs)
    {
        return size > 0 && (count > 0 ? size > count : times[head] <= nowNs - durationNs);
    }

    public void dropOldest()
    {
        head = (head + 1) & mask;
        size--;
    }

    /** Has the window been covered once: {@code count} events, or {@code duration} since the first event. */
    public boolean isFull(final long nowNs)
    {
        return count > 0 ? size == count : seen > 0 && nowNs - firstTimeNs >= durationNs;
    }

    public boolean isCountWindow()
    {
        return count > 0;
    }

    public int size()
    {
        return size;
    }

    public int capacity()
    {
        return times.length;
    }

    /** @return value of the i-th event from the oldest (0 = oldest). */
    public double value(final int i)
    {
        return values[(head + i) & mask];
    }

    public double value2(final int i)
    {
        return values2[(head + i) & mask];
    }

    public double oldest()
    {
        return values[head];
    }

    public double oldest2()
    {
        return values2[head];
    }

    public double newest()
    {
        return value(size - 1);
    }

    /** @return events pushed since creation: the newest event's absolute index is {@code seen() - 1}. */
    public long seen()
    {
        return seen;
    }

    private void grow()
    {
        final int capacity = times.length * 2;
        final long[] newTimes = new long[capacity];
        final double[] newValues = new double[capacity];
        final double[] newValues2 = values2 != null ? new double[capacity] : null;
        for (int i = 0; i < size; i++)
        {
            final int from = (head + i) & mask;
            newTimes[i] = times[from];
            newValues[i] = values[from];
            if (newValues2 != null)
            {
                newValues2[i] = values2[from];
            }
        }
        times = newTimes;
        values = newValues;
        values2 = newValues2;
        mask = capacity - 1;
        head = 0;
    }
}
