package io.lockstep.features.ops;

/**
 * The events inside a rolling window, oldest first: a ring of event times and one or two values per event.
 * A window is a count of events or an event-time duration: an event stays while its time is after
 * {@code now - duration}. Count windows never grow. Duration windows double their ring when an event burst
 * outgrows it (an allocation that stops once the burst size has been seen: part of warm-up), up to a bound of
 * {@code maxEvents}: memory stays bounded whatever the feed does. A burst of more events than that within one
 * duration drops the oldest before its time; the window is then {@link #isTruncated(long) truncated} (its
 * operators give NaN) until that event would have left it anyway, and the drop is counted.
 * <p>
 * A duration window's clock never goes back: an event whose time is before the newest one's (a feed merging
 * sources, a late print) is taken at the newest time. Events then leave in the order they came, so eviction from
 * the oldest is exact, and no event stays behind a newer one after its time; an event late by more than the
 * duration counts for one duration from its arrival, which is when the engine saw it.
 */
public final class EventWindow
{
    /** Events a duration window holds at most when its feature does not say ({@code max_events=N}). */
    public static final int DEFAULT_MAX_EVENTS = 1_000_000;

    private static final int INITIAL_DURATION_CAPACITY = 1024;

    private final long count;
    private final long durationNs;
    private final int maxEvents;
    private final TruncationCounter truncations;
    private long[] times;
    private double[] values;
    private double[] values2;
    private int mask;
    private int head;
    private int size;
    private long seen;
    private long firstTimeNs;
    private long newestTimeNs = Long.MIN_VALUE;
    private long newestDroppedEarlyNs = Long.MIN_VALUE;
    private long droppedEarly;

    /**
     * A count window.
     *
     * @param count events in the window.
     * @param pairs keep a second value per event.
     */
    public static EventWindow ofCount(final long count, final boolean pairs)
    {
        return new EventWindow(count, 0, 0, pairs, null);
    }

    /**
     * A duration window.
     *
     * @param durationNs  event-time length of the window.
     * @param maxEvents   events it holds at most.
     * @param pairs       keep a second value per event.
     * @param truncations counts the events dropped before their time, shared by the windows of one
     *                    {@code FeatureState}.
     */
    public static EventWindow ofDuration(
        final long durationNs, final int maxEvents, final boolean pairs, final TruncationCounter truncations)
    {
        return new EventWindow(0, durationNs, maxEvents, pairs, truncations);
    }

    private EventWindow(
        final long count,
        final long durationNs,
        final int maxEvents,
        final boolean pairs,
        final TruncationCounter truncations)
    {
        if ((count > 0) == (durationNs > 0) || (durationNs > 0 && (maxEvents < 1 || truncations == null)))
        {
            throw new IllegalArgumentException("exactly one of count and duration, a duration with a bound and a " +
                "counter: " + count + ", " + durationNs + ", " + maxEvents);
        }
        this.count = count;
        this.durationNs = durationNs;
        this.maxEvents = maxEvents;
        this.truncations = truncations;
        // The ring holds the newest event before the oldest leaves: one more than the window.
        final int capacity = count > 0 ? powerOfTwoAtLeast((int)count + 1) :
            Math.min(INITIAL_DURATION_CAPACITY, powerOfTwoAtLeast(maxEvents + 1));
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
        newestTimeNs = Math.max(newestTimeNs, timeNs);
        final int index = (head + size++) & mask;
        times[index] = newestTimeNs;
        values[index] = value;
        if (values2 != null)
        {
            values2[index] = value2;
        }
    }

    /** Must the oldest event leave the window ending at {@code nowNs}: out of it, or one event too many? */
    public boolean expired(final long nowNs)
    {
        return size > 0 && (count > 0 ? size > count : size > maxEvents || times[head] <= clock(nowNs) - durationNs);
    }

    /** @return the window's time at {@code nowNs}, which is never before the newest event's. */
    private long clock(final long nowNs)
    {
        return Math.max(nowNs, newestTimeNs);
    }

    public void dropOldest()
    {
        if (count == 0 && times[head] > newestTimeNs - durationNs)
        {
            newestDroppedEarlyNs = times[head];
            droppedEarly++;
            truncations.increment();
        }
        head = (head + 1) & mask;
        size--;
    }

    /**
     * @return whether an event was dropped before its time (more than {@code maxEvents} within one duration)
     * and would still be inside the window ending at {@code nowNs}: its statistics miss events.
     */
    public boolean isTruncated(final long nowNs)
    {
        return newestDroppedEarlyNs > clock(nowNs) - durationNs;
    }

    /** @return events this window dropped before their time. */
    public long droppedEarly()
    {
        return droppedEarly;
    }

    /** Has the window been covered once: {@code count} events, or {@code duration} since the first event. */
    public boolean isFull(final long nowNs)
    {
        return count > 0 ? size == count : seen > 0 && clock(nowNs) - firstTimeNs >= durationNs;
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
