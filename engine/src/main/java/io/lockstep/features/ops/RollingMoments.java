package io.lockstep.features.ops;

/**
 * Power sums of one series over a rolling window, for Sum, Mean, Var, Std, Skew and Kurt.
 * <p>
 * Numerics: the sums are of {@code x - shift} (shift = the window mean at the last rebase), kept with
 * Neumaier compensation on add and on evict, so central moments come from small, well-conditioned numbers, and
 * recomputed from the window, with the shift rebased to the current mean ({@link Centre}), as
 * {@link RebaseSchedule} says: periodically, and whenever the mean has drifted far from the shift (so cancellation
 * stays small). The squares are summed even for Sum and Mean: the drift is measured in standard deviations, and a
 * mean read as shift + s1 / n, 10^12 from a shift that stayed at an old level, would lose its digits. A window
 * whose finite values are all equal (a last trade price between trades, NaNs or not) is rebased to that value
 * itself, not to their computed mean (which can be an ulp off), as soon as it becomes so: its deviations are then
 * exactly zero, its mean is the value, its variance 0, and its z-score 0/0, NaN, never an infinity. Sums that
 * overflowed (squares of values near 1e154) are recomputed at the drift check's pace, and at once when the number
 * farthest from the last rebase's centre leaves, so the moments come back at the event the value leaves. A value
 * that dwarfed the window's spread is cleared from the sums by a rebase once it has left
 * ({@link RebaseSchedule#leftoverDue}). All of it is deterministic.
 * NaN and infinite values occupy their place in the window but are left out of the sums and of {@link #count()}
 * (an infinity has no finite moments, and would poison compensated sums until the next rebase).
 */
public final class RollingMoments implements Windowed
{
    private final EventWindow window;
    private final int powers;
    private final CompensatedSum s1 = new CompensatedSum();
    private final CompensatedSum s2 = new CompensatedSum();
    private final CompensatedSum s3 = new CompensatedSum();
    private final CompensatedSum s4 = new CompensatedSum();
    private double shift = Double.NaN;
    private int count;
    private final RebaseSchedule schedule = new RebaseSchedule();
    private final Centre centre = new Centre();
    /** The number farthest from the centre at the last rebase, which {@link RebaseSchedule} watches leave. */
    private double farthest = Double.NaN;
    /** The largest squared deviation summed since the last rebase ({@link RebaseSchedule#leftoverDue}). */
    private double peak;
    /** The last finite value, and how many finite values in a row have equalled it, NaNs and infinities aside. */
    private double lastValue = Double.NaN;
    private int equalRun;

    /**
     * @param powers highest power the owner reads (1 to 4); at least 2 are summed, for the drift check.
     */
    public RollingMoments(final EventWindow window, final int powers)
    {
        this.window = window;
        this.powers = Math.max(2, powers);
    }

    public void update(final long timeNs, final double x)
    {
        window.push(timeNs, x, 0);
        while (window.expired(timeNs))
        {
            final double old = window.oldest();
            window.dropOldest();
            if (Double.isFinite(old))
            {
                accumulate(old - shift, -1);
                count--;
            }
            schedule.evicted(old == farthest);
        }
        if (Double.isFinite(x))
        {
            if (shift != shift)
            {
                shift = x;
            }
            add(x - shift);
            count++;
            equalRun = x == lastValue ? equalRun + 1 : 1;
            lastValue = x;
        }
        schedule.updated();
        if (schedule.periodicDue(window.capacity()) || sumsDue() || goneFlat())
        {
            rebase();
        }
    }

    /**
     * The window's finite values have just come to be one value only, and its sums still carry the rounding of the
     * values that left: rebased to the value, its deviations become exactly zero (once: then the shift is the
     * value).
     */
    private boolean goneFlat()
    {
        return count > 0 && equalRun >= count &&
            (shift != lastValue || s1.value() != 0 || s2.value() != 0 || s3.value() != 0 || s4.value() != 0);
    }

    /**
     * @return whether the sums' drift, or the rounding a value that has left keeps in them, calls for a rebase
     * now: {@link #drift()} and {@link #spread()} in one pass, since this runs on every update.
     */
    private boolean sumsDue()
    {
        if (overflowed())
        {
            return schedule.driftDue(Double.POSITIVE_INFINITY, window.size());
        }
        final double a = s1.value();
        final double spread = spread();
        return count >= 2 && (schedule.driftDue(RebaseSchedule.drift(a * a, spread), window.size()) ||
            schedule.leftoverDue(peak, spread, count));
    }

    private boolean overflowed()
    {
        return s1.overflowed() || s2.overflowed() || s3.overflowed() || s4.overflowed();
    }

    /**
     * @return (mean - shift)^2 / variance, as {@link RebaseSchedule} measures drift; infinite once a sum
     * overflowed.
     */
    private double drift()
    {
        if (overflowed())
        {
            return Double.POSITIVE_INFINITY;
        }
        if (count < 2)
        {
            return 0;
        }
        final double a = s1.value();
        return RebaseSchedule.drift(a * a, spread());
    }

    /** @return n times the sum of squared deviations from the mean: n^2 times the population variance. */
    private double spread()
    {
        final double a = s1.value();
        return Math.max(0, count * s2.value() - a * a);
    }

    private void add(final double d)
    {
        accumulate(d, 1);
        peak = RebaseSchedule.peak(peak, d);
    }

    private void accumulate(final double d, final double sign)
    {
        s1.add(sign * d);
        if (powers >= 2)
        {
            final double d2 = d * d;
            s2.add(sign * d2);
            if (powers >= 3)
            {
                s3.add(sign * d2 * d);
                if (powers >= 4)
                {
                    s4.add(sign * d2 * d2);
                }
            }
        }
    }

    private void rebase()
    {
        centre.reset();
        for (int i = 0; i < window.size(); i++)
        {
            final double v = window.value(i);
            if (Double.isFinite(v))
            {
                centre.add(v);
            }
        }
        s1.reset();
        s2.reset();
        s3.reset();
        s4.reset();
        peak = 0;
        if (centre.count() > 0)
        {
            shift = centre.value();
            farthest = centre.farthest();
        }
        for (int i = 0; i < window.size(); i++)
        {
            final double v = window.value(i);
            if (Double.isFinite(v))
            {
                add(v - shift);
            }
        }
        schedule.rebased(drift());
    }

    public EventWindow window()
    {
        return window;
    }

    /** @return rebases so far: each visits the whole window. */
    public long rebases()
    {
        return schedule.rebases();
    }

    /** Non-NaN values in the window. */
    public int count()
    {
        return count;
    }

    public double sum()
    {
        return count * shift + s1.value();
    }

    public double mean()
    {
        return shift + s1.value() / count;
    }

    /** Sum of squared deviations from the window mean. */
    public double m2()
    {
        final double a = s1.value();
        return Math.max(0, s2.value() - a * a / count);
    }

    /** Sum of cubed deviations from the window mean. */
    public double m3()
    {
        final double a = s1.value();
        final double n = count;
        return s3.value() - 3 * a * s2.value() / n + 2 * a * a * a / (n * n);
    }

    /** Sum of fourth powers of deviations from the window mean. */
    public double m4()
    {
        final double a = s1.value();
        final double n = count;
        final double a2 = a * a;
        return s4.value() - 4 * a * s3.value() / n + 6 * a2 * s2.value() / (n * n) - 3 * a2 * a2 / (n * n * n);
    }
}
