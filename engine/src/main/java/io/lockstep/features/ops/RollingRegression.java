package io.lockstep.features.ops;

/**
 * Least squares of a series against its position in a rolling window (1 = oldest .. n = newest), for Slope,
 * Rsquare, Resi and WMA. Keeps shifted, compensated sums of y, y*y and T = sum of position * y; when the
 * window slides every position drops by one, so evicting the oldest y takes T down by the window's sum.
 * Rebased exactly every {@code max(64, capacity)} evictions. A NaN anywhere in the window makes the
 * statistics NaN until it leaves. Recomputed and rebased as {@link RollingMoments} is ({@link RebaseSchedule}:
 * periodically, and when the mean drifts far from the shift, to the {@link Centre}; and when the window has just
 * come to hold one value only, to that value).
 */
public final class RollingRegression implements Windowed
{
    private final EventWindow window;
    private final CompensatedSum sy = new CompensatedSum();
    private final CompensatedSum syy = new CompensatedSum();
    private final CompensatedSum t = new CompensatedSum();
    private double shift = Double.NaN;
    private int nans;
    private final RebaseSchedule schedule = new RebaseSchedule();
    private final Centre centre = new Centre();
    /** The value farthest from the centre at the last rebase, which {@link RebaseSchedule} watches leave. */
    private double farthest = Double.NaN;
    /**
     * The largest squared deviation summed since the last rebase ({@link RebaseSchedule#leftoverDue}). While a
     * value is in the window, every eviction takes T down by sy, rounded at that value's scale: once it has left,
     * T keeps that rounding (a print of 1e12 among prices of deviation 1 left Rsquare 1e-5 off).
     */
    private double peak;
    /** The last number, and how many in a row have equalled it. */
    private double lastValue = Double.NaN;
    private int equalRun;

    public RollingRegression(final EventWindow window)
    {
        this.window = window;
    }

    public void update(final long timeNs, final double y)
    {
        window.push(timeNs, y, 0);
        while (window.expired(timeNs))
        {
            final double old = window.oldest();
            window.dropOldest();
            t.add(-sy.value());
            if (Double.isFinite(old))
            {
                final double d = old - shift;
                sy.add(-d);
                syy.add(-d * d);
            }
            else
            {
                nans--;
            }
            schedule.evicted(old == farthest);
        }
        if (Double.isFinite(y))
        {
            if (shift != shift)
            {
                shift = y;
            }
            final double d = y - shift;
            sy.add(d);
            syy.add(d * d);
            t.add(window.size() * d);
            peak = RebaseSchedule.peak(peak, d);
            equalRun = y == lastValue ? equalRun + 1 : 1;
            lastValue = y;
        }
        else
        {
            nans++;
            equalRun = 0;
        }
        schedule.updated();
        if (schedule.periodicDue(window.capacity()) || sumsDue() ||
            equalRun >= window.size() && (shift != y || sy.value() != 0 || syy.value() != 0 || t.value() != 0))
        {
            rebase();
        }
    }

    /**
     * @return whether the drift, or the rounding a value that has left keeps in the sums, calls for a rebase now:
     * {@link #drift()} and the spread in one pass, since this runs on every update. Neither while a NaN makes the
     * statistics NaN.
     */
    private boolean sumsDue()
    {
        final int n = window.size();
        if (nans > 0 || n < 2)
        {
            return false;
        }
        if (overflowed())
        {
            return schedule.driftDue(Double.POSITIVE_INFINITY, n);
        }
        final double a = sy.value();
        final double spread = syy();
        return schedule.driftDue(RebaseSchedule.drift(a * a, spread), n) || schedule.leftoverDue(peak, spread, n);
    }

    private boolean overflowed()
    {
        return sy.overflowed() || syy.overflowed() || t.overflowed();
    }

    /**
     * @return (mean - shift)^2 / variance, as {@link RebaseSchedule} measures drift; infinite once a sum overflowed,
     * as in {@link RollingMoments}. None while a NaN makes the statistics NaN.
     */
    private double drift()
    {
        if (nans > 0 || window.size() < 2)
        {
            return 0;
        }
        if (overflowed())
        {
            return Double.POSITIVE_INFINITY;
        }
        final double a = sy.value();
        return RebaseSchedule.drift(a * a, syy());
    }

    private void rebase()
    {
        if (nans > 0)
        {
            schedule.rebased(0);
            return;
        }
        centre.reset();
        for (int i = 0; i < window.size(); i++)
        {
            centre.add(window.value(i));
        }
        shift = centre.value();
        farthest = centre.farthest();
        sy.reset();
        syy.reset();
        t.reset();
        peak = 0;
        for (int i = 0; i < window.size(); i++)
        {
            final double d = window.value(i) - shift;
            sy.add(d);
            syy.add(d * d);
            t.add((i + 1) * d);
            peak = RebaseSchedule.peak(peak, d);
        }
        schedule.rebased(drift());
    }


    public EventWindow window()
    {
        return window;
    }

    public boolean hasNaN()
    {
        return nans > 0;
    }

    public int n()
    {
        return window.size();
    }

    /** n * sum(i*y) - sum(i) * sum(y): the slope's numerator, shift-free. */
    public double sxy()
    {
        final double n = window.size();
        return n * t.value() - n * (n + 1) / 2 * sy.value();
    }

    /** n * sum(i^2) - sum(i)^2 = n^2 (n^2 - 1) / 12. */
    public double sxx()
    {
        final double n = window.size();
        return n * n * (n * n - 1) / 12;
    }

    /** n * sum(y^2) - sum(y)^2, shift-free. */
    public double syy()
    {
        final double a = sy.value();
        return Math.max(0, window.size() * syy.value() - a * a);
    }

    /** Mean of y. */
    public double meanY()
    {
        return shift + sy.value() / window.size();
    }

    /** sum(i * y) / sum(i): the linearly weighted mean, newest weighted n. */
    public double weightedMean()
    {
        final double n = window.size();
        return shift + t.value() / (n * (n + 1) / 2);
    }
}
