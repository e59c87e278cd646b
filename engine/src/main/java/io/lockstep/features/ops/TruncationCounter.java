package io.lockstep.features.ops;

/**
 * Events the duration windows of one instrument's features dropped before their time, because a burst brought
 * more events within one duration than a window holds. Single-threaded, like the windows that count.
 */
public final class TruncationCounter
{
    private long count;

    void increment()
    {
        count++;
    }

    public long count()
    {
        return count;
    }
}
