package io.lockstep.features;

import java.util.Arrays;

/**
 * Straightforward recomputations of the operators over an explicit window, written from their documented
 * definitions without any incremental trick: two-pass moments, sorting for quantiles, direct least squares.
 * O(window) or worse per value, on purpose.
 */
final class Oracle
{
    private Oracle()
    {
    }

    /** The numbers of a window, NaN left out. */
    static double[] numbers(final double[] window)
    {
        return Arrays.stream(window).filter((v) -> !Double.isNaN(v)).toArray();
    }

    static double sum(final double[] w)
    {
        double s = 0;
        for (final double v : w)
        {
            s += v;
        }
        return s;
    }

    static double mean(final double[] w)
    {
        return sum(w) / w.length;
    }

    /**
     * The corrected two-pass sum (Chan, Golub and LeVeque): the mean of the deviations from the computed mean, that
     * mean's rounding error, is taken out of each deviation before its power. Far from zero (values of 1e8 that vary
     * by 1) the plain two-pass sum's third moment is off in its sixth digit; this one is not.
     */
    static double centralSum(final double[] w, final int power)
    {
        final double m = mean(w);
        double error = 0;
        for (final double v : w)
        {
            error += v - m;
        }
        error /= w.length;
        double s = 0;
        for (final double v : w)
        {
            s += Math.pow(v - m - error, power);
        }
        return s;
    }

    static double var(final double[] w)
    {
        return w.length < 2 ? Double.NaN : centralSum(w, 2) / (w.length - 1);
    }

    static double std(final double[] w)
    {
        return Math.sqrt(var(w));
    }

    static boolean isConstant(final double[] w)
    {
        return min(w) == max(w);
    }

    static double skew(final double[] w)
    {
        final int n = w.length;
        final double m2 = centralSum(w, 2);
        if (n < 3 || isConstant(w))
        {
            return Double.NaN;
        }
        final double g1 = (centralSum(w, 3) / n) / Math.pow(m2 / n, 1.5);
        return g1 * Math.sqrt((double)n * (n - 1)) / (n - 2);
    }

    static double kurt(final double[] w)
    {
        final int n = w.length;
        final double m2 = centralSum(w, 2);
        if (n < 4 || isConstant(w))
        {
            return Double.NaN;
        }
        final double g2 = (centralSum(w, 4) / n) / Math.pow(m2 / n, 2) - 3;
        return ((n + 1.0) * g2 + 6) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
    }

    static double min(final double[] w)
    {
        return Arrays.stream(w).min().orElse(Double.NaN);
    }

    static double max(final double[] w)
    {
        return Arrays.stream(w).max().orElse(Double.NaN);
    }

    /** 1-based position of the first maximum (or minimum) among the window's events, NaN ones included. */
    static double idxExtreme(final double[] window, final boolean max)
    {
        int best = -1;
        for (int i = 0; i < window.length; i++)
        {
            final double v = window[i];
            if (!Double.isNaN(v) && (best < 0 || (max ? v > window[best] : v < window[best])))
            {
                best = i;
            }
        }
        return best < 0 ? Double.NaN : best + 1;
    }

    static double quantile(final double[] w, final double q)
    {
        final double[] sorted = w.clone();
        Arrays.sort(sorted);
        final double h = q * (sorted.length - 1);
        final int lo = (int)Math.floor(h);
        final int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
    }

    /** Ordinary least squares of y on x = 1..n: {slope, intercept}. */
    static double[] fit(final double[] y)
    {
        final int n = y.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += i + 1;
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (i + 1 - mx) * (y[i] - my);
            sxx += (i + 1 - mx) * (i + 1 - mx);
        }
        final double slope = sxy / sxx;
        return new double[] { slope, my - slope * mx };
    }

    static double slope(final double[] y)
    {
        return y.length < 2 ? Double.NaN : fit(y)[0];
    }

    static double rsquare(final double[] y)
    {
        if (y.length < 2 || isConstant(y))
        {
            return Double.NaN;
        }
        final double[] ab = fit(y);
        final double my = mean(y);
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < y.length; i++)
        {
            final double fitted = ab[1] + ab[0] * (i + 1);
            ssRes += (y[i] - fitted) * (y[i] - fitted);
            ssTot += (y[i] - my) * (y[i] - my);
        }
        return ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
    }

    static double resi(final double[] y)
    {
        if (y.length < 2)
        {
            return Double.NaN;
        }
        final double[] ab = fit(y);
        return y[y.length - 1] - (ab[1] + ab[0] * y.length);
    }

    static double wma(final double[] y)
    {
        double weighted = 0;
        double weights = 0;
        for (int i = 0; i < y.length; i++)
        {
            weighted += (i + 1) * y[i];
            weights += i + 1;
        }
        return weighted / weights;
    }

    static double cov(final double[] x, final double[] y)
    {
        final int n = x.length;
        if (n < 2)
        {
            return Double.NaN;
        }
        final double mx = mean(x);
        final double my = mean(y);
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (n - 1);
    }

    static double corr(final double[] x, final double[] y)
    {
        return isConstant(x) || isConstant(y) ? Double.NaN : cov(x, y) / (std(x) * std(y));
    }
}
