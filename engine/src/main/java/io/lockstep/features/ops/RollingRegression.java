package io.lockstep.features.ops;

/**
 * Least squares of a series against its position in a rolling window (1 = oldest .. n = newest), for Slope,
 * Rsquare, Resi and WMA. Keeps shifted, compensated sums of y, y*y and T = sum of position * y; when the
 * window slides every position drops by one, so evicting the oldest y takes T down by the window's sum.
 * Rebased exactly every {@code max(64, capacity)} evictions. A NaN anywhere in the window makes the
 * statistics NaN until it leaves. Recomputed and rebased as {@link RollingMoments} is ({@link RebaseSchedule}:
 * periodically, and when the mean drifts more than 8 standard deviations from the shift; and when the window has
 * just come to hold one value only, rebased to that value).
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
            schedule.evicted();
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
            equalRun = y == lastValue ? equalRun + 1 : 1;
            lastValue = y;
        }
        else
        {
            nans++;
            equalRun = 0;
        }
        schedule.updated();
        if (schedule.periodicDue(window.capacity()) || schedule.mayCheckDrift(window.size()) && hasDrifted() ||
            equalRun >= window.size() && (shift != y || sy.value() != 0 || syy.value() != 0 || t.value() != 0))
        {
            rebase();
        }
    }

    /**
     * The mean more than 8 standard deviations from the shift: rebase before cancellation grows. Or a sum that
     * overflowed, as in {@link RollingMoments}.
     */
    private boolean hasDrifted()
    {
        final int n = window.size();
        if (nans > 0 || n < 2)
        {
            return false;
        }
        if (sy.overflowed() || syy.overflowed() || t.overflowed())
        {
            return true;
        }
        final double a = sy.value();
        return a * a > RebaseSchedule.DRIFT_LIMIT * syy();
    }

    private void rebase()
    {
        if (nans > 0)
        {
            schedule.rebased(false);
            return;
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < window.size(); i++)
        {
            final double v = window.value(i);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        shift = RollingMoments.centre(sum, window.size(), min, max);
        sy.reset();
        syy.reset();
        t.reset();
        for (int i = 0; i < window.size(); i++)
        {
            final double d = window.value(i) - shift;
            sy.add(d);
            syy.add(d * d);
            t.add((i + 1) * d);
        }
        schedule.rebased(hasDrifted());
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
