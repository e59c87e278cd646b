package io.lockstep.features.ops;

/**
 * When the shifted sums of {@link RollingMoments}, {@link RollingRegression} and {@link RollingPair} are recomputed
 * from their window (a rebase, which visits every value in it):
 * <ul>
 * <li>every {@code max(64, capacity)} evictions, so rounding cannot accumulate over long runs;</li>
 * <li>when the mean has drifted more than 8 standard deviations from the shift ({@link #DRIFT_LIMIT}), at most once
 * per size / 64 updates, so a series whose oldest values dominate the rest (a decay, a falling staircase) costs at
 * most 64 values per event, not the whole window on every event its old values leave;</li>
 * <li>at once, whatever the pace, when it has drifted more than 32 standard deviations ({@link #URGENT_LIMIT}),
 * where the cancellation would begin to show in the fourth moment. A level shift of many deviations needs it at
 * the very event the window turns over: the old values have just left, the new ones sit far from the shift, and the
 * variance cancels to nothing (a 1,000-event window shifted by 10^12 standard deviations read a variance of 0, or
 * of 1,000 times the true one, for the 13 events a paced check waited). Except while the last rebase did not cure
 * the drift (sums that overflow, on the highest power summed: squares of values near 1e154, fourth powers of values
 * near 1e77): then only at the pace, until the value farthest from that rebase's centre leaves, when the next
 * rebase may cure them.</li>
 * </ul>
 * <p>
 * The owners also rebase once a value whose deviation dwarfed the window's spread has been summed and left
 * ({@link #leftoverDue}): prints of +1e10 and -1e10 among unit noise move no mean, yet left Kurt at -12.9 against
 * -0.009 for 1,383 events. And each rebases a window that has just gone flat, to its value. All of it is
 * deterministic.
 */
public final class RebaseSchedule
{
    /**
     * Rebase when (mean - shift)^2 exceeds this many variances: 8 standard deviations, where cancellation costs
     * at most about 8^4 ulps in the fourth moment, far inside 1e-9.
     */
    static final double DRIFT_LIMIT = 64;
    /** Rebase at once beyond 32 standard deviations: 32^4 ulps, about 1e-10 of the fourth moment. */
    static final double URGENT_LIMIT = 1024;
    /**
     * Rebase once a value summed since the last rebase has a squared deviation beyond this many variances of what
     * the window holds: 65,536 standard deviations. A compensated sum keeps about eps^2 of each term it held for a
     * window's worth of adds, so the fourth powers keep (eps 2^32)^2, about 2e-13, of the window's.
     */
    static final double LEFTOVER_LIMIT = 0x1p32;
    private static final int MIN_INTERVAL = 64;

    private int evictions;
    private int updates;
    private boolean uncured;
    private long rebases;

    /**
     * @param farthest whether the value evicted was the farthest from the centre at the last rebase: if that
     *                 rebase could not cure the drift (its powers overflowed the sums), the next one may, so the
     *                 next drift check may rebase at once, whatever the pace.
     */
    void evicted(final boolean farthest)
    {
        evictions++;
        uncured &= !farthest;
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

    /**
     * @param squaredDrift (n (mean - shift))^2, from the sum of deviations from the shift.
     * @param spread       n times the sum of squared deviations from the mean.
     * @return (mean - shift)^2 / variance when beyond {@link #DRIFT_LIMIT} (infinite for a spread of 0), else 0:
     * the division is left to the updates that may rebase.
     */
    static double drift(final double squaredDrift, final double spread)
    {
        return squaredDrift > DRIFT_LIMIT * spread ? squaredDrift / spread : 0;
    }

    /**
     * @param drift {@link #drift}, of the owner's worst series; infinite for a sum that overflowed.
     * @param size  the values in the window.
     * @return whether the drift calls for a rebase now.
     */
    boolean driftDue(final double drift, final int size)
    {
        return drift > DRIFT_LIMIT &&
            ((long)updates * MIN_INTERVAL >= size || !uncured && drift > URGENT_LIMIT);
    }

    /** @return the largest squared deviation, with this one: what {@link #leftoverDue} takes as its peak. */
    static double peak(final double peak, final double deviation)
    {
        // Not Math.max: its NaN and -0 rules cost instructions on every update, and a square is neither.
        final double square = deviation * deviation;
        return square > peak ? square : peak;
    }

    /**
     * @param peak   the largest squared deviation from the shift summed since the last rebase.
     * @param spread n times the sum of squared deviations from the mean, over the window's n numbers.
     * @return whether a value that dwarfed the window's spread has left rounding to clear; not while a rebase
     * cures nothing, when the drift check's pace decides.
     */
    boolean leftoverDue(final double peak, final double spread, final int n)
    {
        return !uncured && peak * n * n > LEFTOVER_LIMIT * spread;
    }

    /** @param drift the owner's drift right after the rebase: beyond the limit, the rebase cured nothing. */
    void rebased(final double drift)
    {
        evictions = 0;
        updates = 0;
        uncured = drift > DRIFT_LIMIT;
        rebases++;
    }

    long rebases()
    {
        return rebases;
    }
}
