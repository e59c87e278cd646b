package io.lockstep.features.ops;

/**
 * When the shifted sums of {@link RollingMoments}, {@link RollingRegression} and {@link RollingPair} are recomputed
 * from their window (a rebase, which visits every value in it):
 * <ul>
 * <li>every {@code max(64, capacity)} evictions, so rounding cannot accumulate over long runs;</li>
 * <li>when the mean has drifted more than 8 standard deviations from the shift ({@link #DRIFT_LIMIT}), checked on
 * every update while the last rebase cured the drift. A level shift of many deviations needs this at the very
 * event the window turns over: the old values have just left, the new ones sit far from the shift, and the
 * variance cancels to nothing (a 1,000-event window shifted by 10^12 standard deviations read a variance of 0, or
 * of 1,000 times the true one, for the 13 events a check every size / 64 updates waited);</li>
 * <li>while a rebase does not cure the drift (sums that overflow, on squares of values near 1e155), at most once per
 * size / 64 updates: a check that keeps asking then costs at most 64 values per event, not the whole window.</li>
 * </ul>
 * The owner also rebases a window that has just gone flat, to its value. All of it is deterministic.
 */
public final class RebaseSchedule
{
    /**
     * Rebase when (mean - shift)^2 exceeds this many variances: 8 standard deviations, where cancellation costs
     * at most about 8^4 ulps in the fourth moment, far inside 1e-9.
     */
    static final double DRIFT_LIMIT = 64;
    private static final int MIN_INTERVAL = 64;

    private int evictions;
    private int updates;
    private boolean uncured;
    private long rebases;

    void evicted()
    {
        evictions++;
    }

    void updated()
    {
        updates++;
    }

    /** @return whether the periodic rebase is due, for a window of this capacity. */
    boolean periodicDue(final int capacity)
    {
        return evictions >= Math.max(MIN_INTERVAL, capacity);
    }

    /** @return whether the owner should check for drift now, its window holding {@code size} values. */
    boolean mayCheckDrift(final int size)
    {
        return !uncured || (long)updates * MIN_INTERVAL >= size;
    }

    /**
     * @param stillDrifted the drift check right after the rebase: whether the rebase cured nothing, so the next
     *                     checks are paced.
     */
    void rebased(final boolean stillDrifted)
    {
        evictions = 0;
        updates = 0;
        uncured = stillDrifted;
        rebases++;
    }

    long rebases()
    {
        return rebases;
    }
}
