package io.lockstep.features.ops;

/**
 * Power sums of one series over a rolling window, for Sum, Mean, Var, Std, Skew and Kurt.
 * <p>
 * Numerics: the sums are of {@code x - shift} (shift = the window mean at the last rebase), kept with
 * Neumaier compensation on add and on evict, so central moments come from small, well-conditioned numbers.
 * The sums are recomputed exactly from the window, with the shift rebased to the current mean, every
 * {@code max(64, window capacity)} evictions (so rounding cannot accumulate over long runs) and whenever the mean
 * has drifted more than 8 standard deviations from the shift (so cancellation stays small; a constant window
 * then has exactly zero deviations). All of it is deterministic.
 * NaN and infinite values occupy their place in the window but are left out of the sums and of {@link #count()}
 * (an infinity has no finite moments, and would poison compensated sums until the next rebase).
 */
public final class RollingMoments implements Windowed
{
    private static final int MIN_REBASE_INTERVAL = 64;

    /**
     * Rebase when (mean - shift)^2 exceeds this many variances: 8 standard deviations, where cancellation costs
     * at most about 8^4 ulps in the fourth moment, far inside 1e-9.
     */
    static final double DRIFT_LIMIT = 64;

    private final EventWindow window;
    private final int powers;
    private final CompensatedSum s1 = new CompensatedSum();
    private final CompensatedSum s2 = new CompensatedSum();
    private final CompensatedSum s3 = new CompensatedSum();
    private final CompensatedSum s4 = new CompensatedSum();
    private double shift = Double.NaN;
    private int count;
    private int evictionsSinceRebase;

    /**
     * @param powers highest power summed (1 to 4).
     */
    public RollingMoments(final EventWindow window, final int powers)
    {
        this.window = window;
        this.powers = powers;
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
            evictionsSinceRebase++;
        }
        if (Double.isFinite(x))
        {
            if (shift != shift)
            {
                shift = x;
            }
            accumulate(x - shift, 1);
            count++;
        }
        if (evictionsSinceRebase >= Math.max(MIN_REBASE_INTERVAL, window.capacity()) || hasDrifted())
        {
            rebase();
        }
    }

    /** Only central moments suffer from a far shift; a plain compensated sum does not care. */
    private boolean hasDrifted()
    {
        if (powers < 2 || count < 2)
        {
            return false;
        }
        final double a = s1.value();
        return a * a > DRIFT_LIMIT * count * m2();
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
        evictionsSinceRebase = 0;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < window.size(); i++)
        {
            final double v = window.value(i);
            if (Double.isFinite(v))
            {
                sum += v;
                n++;
            }
        }
        s1.reset();
        s2.reset();
        s3.reset();
        s4.reset();
        if (n > 0)
        {
            shift = sum / n;
        }
        for (int i = 0; i < window.size(); i++)
        {
            final double v = window.value(i);
            if (Double.isFinite(v))
            {
                accumulate(v - shift, 1);
            }
        }
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
