package io.lockstep.features.ops;

/**
 * Co-moments of two series over a rolling window, for Corr and Cov: shifted, compensated sums of x, y, x*x,
 * y*y, x*y over the events where both are numbers, recomputed and rebased as {@link RollingMoments} is
 * ({@link RebaseSchedule}: periodically, and when a mean drifts far from its shift, to the {@link Centre}; and when
 * a series has just come to hold one value only, to that value).
 */
public final class RollingPair implements Windowed
{
    private final EventWindow window;
    private final CompensatedSum sx = new CompensatedSum();
    private final CompensatedSum sy = new CompensatedSum();
    private final CompensatedSum sxx = new CompensatedSum();
    private final CompensatedSum syy = new CompensatedSum();
    private final CompensatedSum sxy = new CompensatedSum();
    private double shiftX = Double.NaN;
    private double shiftY = Double.NaN;
    private int count;
    private final RebaseSchedule schedule = new RebaseSchedule();
    private final Centre centreX = new Centre();
    private final Centre centreY = new Centre();
    /** Per series, the number farthest from its centre at the last rebase, which {@link RebaseSchedule} watches. */
    private double farthestX = Double.NaN;
    private double farthestY = Double.NaN;
    /** Per series, the largest squared deviation summed since the last rebase ({@link RebaseSchedule#leftoverDue}). */
    private double peakX;
    private double peakY;
    /** The last pair of numbers, and how many pairs in a row have had that x, and that y. */
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;
    private int equalXRun;
    private int equalYRun;

    public RollingPair(final EventWindow window)
    {
        this.window = window;
    }

    public void update(final long timeNs, final double x, final double y)
    {
        window.push(timeNs, x, y);
        while (window.expired(timeNs))
        {
            final double oldX = window.oldest();
            final double oldY = window.oldest2();
            window.dropOldest();
            if (Double.isFinite(oldX) && Double.isFinite(oldY))
            {
                accumulate(oldX - shiftX, oldY - shiftY, -1);
                count--;
            }
            schedule.evicted(oldX == farthestX || oldY == farthestY);
        }
        if (Double.isFinite(x) && Double.isFinite(y))
        {
            if (shiftX != shiftX)
            {
                shiftX = x;
                shiftY = y;
            }
            add(x - shiftX, y - shiftY);
            count++;
            equalXRun = x == lastX ? equalXRun + 1 : 1;
            equalYRun = y == lastY ? equalYRun + 1 : 1;
            lastX = x;
            lastY = y;
        }
        else
        {
            equalXRun = 0;
            equalYRun = 0;
        }
        schedule.updated();
        if (schedule.periodicDue(window.capacity()) || sumsDue() || goneFlat(x, y))
        {
            rebase();
        }
    }

    /**
     * A series has just come to hold one value only, and the sums still carry the rounding of the values that
     * left: rebased to the value, its deviations become exactly zero, and Corr of it is 0/0, NaN, as it should be.
     */
    private boolean goneFlat(final double x, final double y)
    {
        final boolean leftover = sxy.value() != 0;
        return equalXRun >= window.size() && (shiftX != x || sx.value() != 0 || sxx.value() != 0 || leftover) ||
            equalYRun >= window.size() && (shiftY != y || sy.value() != 0 || syy.value() != 0 || leftover);
    }

    /**
     * @return whether either series' drift, or the rounding a value that has left keeps in the sums, calls for a
     * rebase now: {@link #drift()} and the spreads in one pass, since this runs on every update.
     */
    private boolean sumsDue()
    {
        if (overflowed())
        {
            return schedule.driftDue(Double.POSITIVE_INFINITY, window.size());
        }
        if (count < 2)
        {
            return false;
        }
        final double a = sx.value();
        final double b = sy.value();
        final double spreadX = spreadX();
        final double spreadY = spreadY();
        final double drift = Math.max(RebaseSchedule.drift(a * a, spreadX), RebaseSchedule.drift(b * b, spreadY));
        return schedule.driftDue(drift, window.size()) || schedule.leftoverDue(peakX, spreadX, count) ||
            schedule.leftoverDue(peakY, spreadY, count);
    }

    private boolean overflowed()
    {
        return sx.overflowed() || sy.overflowed() || sxx.overflowed() || syy.overflowed() || sxy.overflowed();
    }

    /**
     * @return (mean - shift)^2 / variance of the series that drifted most, as {@link RebaseSchedule} measures
     * drift; infinite once a sum overflowed, as in {@link RollingMoments}.
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
        final double a = sx.value();
        final double b = sy.value();
        return Math.max(RebaseSchedule.drift(a * a, spreadX()), RebaseSchedule.drift(b * b, spreadY()));
    }

    /** @return n times the sum of squared deviations of x from its mean. */
    private double spreadX()
    {
        final double a = sx.value();
        return Math.max(0, count * sxx.value() - a * a);
    }

    /** @return n times the sum of squared deviations of y from its mean. */
    private double spreadY()
    {
        final double b = sy.value();
        return Math.max(0, count * syy.value() - b * b);
    }

    private void add(final double dx, final double dy)
    {
        accumulate(dx, dy, 1);
        peakX = RebaseSchedule.peak(peakX, dx);
        peakY = RebaseSchedule.peak(peakY, dy);
    }

    private void accumulate(final double dx, final double dy, final double sign)
    {
        sx.add(sign * dx);
        sy.add(sign * dy);
        sxx.add(sign * dx * dx);
        syy.add(sign * dy * dy);
        sxy.add(sign * dx * dy);
    }

    private void rebase()
    {
        centreX.reset();
        centreY.reset();
        for (int i = 0; i < window.size(); i++)
        {
            final double x = window.value(i);
            final double y = window.value2(i);
            if (Double.isFinite(x) && Double.isFinite(y))
            {
                centreX.add(x);
                centreY.add(y);
            }
        }
        sx.reset();
        sy.reset();
        sxx.reset();
        syy.reset();
        sxy.reset();
        peakX = 0;
        peakY = 0;
        if (centreX.count() > 0)
        {
            shiftX = centreX.value();
            shiftY = centreY.value();
            farthestX = centreX.farthest();
            farthestY = centreY.farthest();
        }
        for (int i = 0; i < window.size(); i++)
        {
            final double x = window.value(i);
            final double y = window.value2(i);
            if (Double.isFinite(x) && Double.isFinite(y))
            {
                add(x - shiftX, y - shiftY);
            }
        }
        schedule.rebased(drift());
    }

    public EventWindow window()
    {
        return window;
    }

    public int count()
    {
        return count;
    }

    public double meanX()
    {
        return shiftX + sx.value() / count;
    }

    public double meanY()
    {
        return shiftY + sy.value() / count;
    }

    /** Sum over the window of (x - mean x)(y - mean y). */
    public double cxy()
    {
        return sxy.value() - sx.value() * sy.value() / count;
    }

    public double cxx()
    {
        final double a = sx.value();
        return Math.max(0, sxx.value() - a * a / count);
    }

    public double cyy()
    {
        final double a = sy.value();
        return Math.max(0, syy.value() - a * a / count);
    }
}
