package io.lockstep.features;

import io.lockstep.features.ops.EventWindow;
import io.lockstep.features.ops.RollingMoments;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Windows that hold one value repeated (a last trade price between trades) and windows that hold an infinity:
 * the moments of a flat window are exact (so its deviations sum to exactly zero, and the drift check that used to
 * rebase it on every event, at the window's length per event, stays quiet), NaNs among its values or not, and so
 * are those of a window a few ulps wide; quantiles order infinities as numbers.
 */
class FlatAndInfiniteWindowTest
{
    /** 1,000 varying prices, then 2,000 of one price held: the window goes flat at a value its mean misses. */
    private static double[] heldAfterMoving(final double held)
    {
        final double[] x = new double[3_000];
        for (int i = 0; i < x.length; i++)
        {
            x[i] = i < 1_000 ? 100 + (i * 7919 % 200) / 100.0 : held;
        }
        return x;
    }

    private static long[] times(final int n)
    {
        final long[] times = new long[n];
        for (int i = 0; i < n; i++)
        {
            times[i] = 1_000_000L * (i + 1);
        }
        return times;
    }

    @Test
    void aFlatWindowHasExactlyItsValueAsMeanZeroVarianceAndNoZScore()
    {
        for (final double held : new double[] { 100.01, 0.01, 0.1, 101.37, 1.0863 })
        {
            final double[] x = heldAfterMoving(held);
            final double[][] out = FeatureHarness.run("m = Mean(last_price, 1000)\ns = Std(last_price, 1000)\n" +
                "z = ZScore(last_price, 1000)\n", times(x.length), x, new double[x.length]);
            final int last = x.length - 1;
            assertEquals(held, out[0][last], "the mean of " + held + " held: the value itself");
            assertEquals(0.0, out[1][last], "its deviation");
            assertTrue(Double.isNaN(out[2][last]), "z of a flat window is 0/0, not an infinity: " + out[2][last]);
        }
    }

    @Test
    void aFlatWindowIsNotRebasedOnEveryEvent()
    {
        final double[] x = heldAfterMoving(100.01);
        final RollingMoments moments = new RollingMoments(EventWindow.ofCount(1_000, false), 2);
        for (int i = 0; i < x.length; i++)
        {
            moments.update(1_000_000L * (i + 1), x[i]);
        }
        // The periodic rebase comes every 1,000 evictions; a drift check that a rebase cannot cure used to add one
        // on every event of the flat stretch, each visiting all 1,000 values.
        assertTrue(moments.rebases() <= 10, moments.rebases() + " rebases");
        assertEquals(0.0, moments.m2());
    }

    @Test
    void zScoresOfWindowsGoneFlatAreNaNNeverInfinite()
    {
        for (int seed = 1; seed <= 200; seed++)
        {
            final Random random = new Random(seed);
            final double[] x = new double[60];
            for (int i = 0; i < x.length; i++)
            {
                x[i] = i < 20 ? 0.01 + 0.01 * random.nextInt(3) : 0.01;
            }
            final double[][] out = FeatureHarness.run("z = ZScore(last_price, 20)\nm = Mean(last_price, 20)\n",
                times(x.length), x, new double[x.length]);
            assertTrue(Double.isNaN(out[0][x.length - 1]), "seed " + seed + ": " + out[0][x.length - 1]);
            assertEquals(0.01, out[1][x.length - 1], "seed " + seed);
        }
    }

    /**
     * A window whose numbers are all zero, with NaNs among them, after prices near 1e11: flat all the same, so its
     * mean and deviation are exactly zero. Its NaNs used to defeat the flat rebase, and Mean read up to 3.8e-6.
     */
    @Test
    void aWindowOfOneValueAndNaNsIsFlat()
    {
        for (int seed = 1; seed <= 40; seed++)
        {
            final Random random = new Random(seed);
            final int window = 20 + random.nextInt(100);
            final int nanEvery = 2 + random.nextInt(9);
            final double level = Math.pow(10, 3 + random.nextInt(10));
            final int moving = window + random.nextInt(3 * window);
            final double[] x = new double[moving + 3 * window];
            for (int i = 0; i < x.length; i++)
            {
                x[i] = i < moving ? level * (1 + 0.1 * random.nextGaussian()) : i % nanEvery == 0 ? Double.NaN : 0;
            }
            final double[][] out = FeatureHarness.run("m = Mean(last_price, " + window + ", min_periods=2)\n" +
                "s = Std(last_price, " + window + ", min_periods=2)\n", times(x.length), x, new double[x.length]);
            for (int i = moving + window; i < x.length; i++)
            {
                final String where = "seed " + seed + ", window " + window + ", event " + i;
                assertEquals(0.0, out[0][i], where);
                assertEquals(0.0, out[1][i], where);
            }
        }
    }

    /**
     * Values a few ulps apart, 0.1 + k ulp: a rebase centred on their naively summed mean landed hundreds of their
     * standard deviations away, never cured the drift, and Kurt was off by 2.2e-7. Centred on the compensated mean,
     * every event agrees with the two-pass oracle.
     */
    @Test
    void aWindowAFewUlpsWideKeepsItsMoments()
    {
        final Random random = new Random(3);
        final double[] x = new double[5_000];
        for (int i = 0; i < x.length; i++)
        {
            x[i] = 0.1 + random.nextInt(4) * Math.ulp(0.1);
        }
        final double[][] out = FeatureHarness.run("v = Var(last_price, 1000)\ns = Skew(last_price, 1000)\n" +
            "k = Kurt(last_price, 1000)\n", times(x.length), x, new double[x.length]);
        for (int i = 999; i < x.length; i++)
        {
            final double[] w = java.util.Arrays.copyOfRange(x, i - 999, i + 1);
            FeatureHarness.assertClose(Oracle.var(w), out[0][i], "Var at event " + i);
            FeatureHarness.assertClose(Oracle.skew(w), out[1][i], "Skew at event " + i);
            FeatureHarness.assertClose(Oracle.kurt(w), out[2][i], "Kurt at event " + i);
        }
    }

    /** Flat at c, rebased there, then outliers come and go: the sums of their squares must not linger. */
    @Test
    void aWindowFlatAgainAtItsShiftHasNoLeftoverDeviation()
    {
        final double c = 100.01;
        final double[] x = new double[90];
        for (int i = 0; i < x.length; i++)
        {
            x[i] = i >= 30 && i < 36 ? c + new double[] { 5, -3, 100, 0.37, -42.5, 7 }[i - 30] : c;
        }
        final double[][] out = FeatureHarness.run("s = Std(last_price, 20)\nz = ZScore(last_price, 20)\n" +
            "k = Kurt(last_price, 20)\n", times(x.length), x, new double[x.length]);
        for (int i = 56; i < x.length; i++)
        {
            assertEquals(0.0, out[0][i], "event " + i);
            assertTrue(Double.isNaN(out[1][i]), "event " + i + ": " + out[1][i]);
            assertTrue(Double.isNaN(out[2][i]), "event " + i + ": " + out[2][i]);
        }
    }

    /**
     * A finite value whose square overflows (1e155) leaves the sums infinite, then NaN once it has left: they are
     * recomputed at the event it leaves, not at the drift check's pace nor at the next periodic rebase (128
     * evictions later). Mean sums squares too, for its drift, and must not read 0 meanwhile.
     */
    @Test
    void sumsAValueOverflowedComeBackAtTheEventItLeaves()
    {
        for (final int window : new int[] { 100, 1_000 })
        {
            final double[] x = heldAfterMoving(100.01);
            final double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++)
            {
                y[i] = 1 + i % 7;
            }
            final String graph = ("s = Std(last_price, W)\nk = Kurt(last_price, W)\n" +
                "c = Corr(last_price, last_size, W)\nb = Slope(last_price, W)\nm = Mean(last_price, W)\n")
                .replace("W", Integer.toString(window));
            final double[][] plain = FeatureHarness.run(graph, times(x.length), x, y);
            x[500] = 1e155;
            final double[][] spiked = FeatureHarness.run(graph, times(x.length), x, y);
            for (int k = 0; k < plain.length; k++)
            {
                for (int i = 500 + window; i < 600 + window; i++)
                {
                    FeatureHarness.assertClose(plain[k][i], spiked[k][i],
                        "output " + k + ", window " + window + ", at event " + i);
                }
            }
        }
    }

    /** The pair and regression sums are rebased as the moments are, when a series goes flat. */
    @Test
    void correlationsAndSlopesOfASeriesGoneFlatAreExact()
    {
        for (int seed = 1; seed <= 100; seed++)
        {
            final Random random = new Random(seed);
            final double[] x = new double[80];
            final double[] y = new double[80];
            for (int i = 0; i < x.length; i++)
            {
                x[i] = i < 30 ? 0.01 + 0.01 * random.nextInt(3) : 0.01;
                y[i] = 1 + random.nextInt(5);
            }
            final double[][] out = FeatureHarness.run("c = Corr(last_price, last_size, 20)\n" +
                "s = Slope(last_price, 20)\nr = Rsquare(last_price, 20)\n", times(x.length), x, y);
            final int last = x.length - 1;
            assertTrue(Double.isNaN(out[0][last]), "seed " + seed + ": corr " + out[0][last]);
            assertEquals(0.0, out[1][last], "seed " + seed + ": slope");
            assertTrue(Double.isNaN(out[2][last]), "seed " + seed + ": r squared " + out[2][last]);
        }
    }

    @Test
    void maxAndMinOrderSignedZerosAsTheQuantilesDo()
    {
        final double[] x = { -0.0, 0.0, 0.0, -0.0 };
        final double[][] out = FeatureHarness.run("hi = Max(last_price, 2)\nlo = Min(last_price, 2)\n" +
            "top = Quantile(last_price, 2, 1)\n", times(x.length), x, new double[x.length]);
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(out[0][1]), "max of -0.0, 0.0");
        assertEquals(Double.doubleToRawLongBits(out[2][1]), Double.doubleToRawLongBits(out[0][1]));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(out[1][3]), "min of 0.0, -0.0");
    }

    @Test
    void quantilesOrderInfinitiesAsNumbers()
    {
        final double inf = Double.POSITIVE_INFINITY;
        final double[] x = { Double.NEGATIVE_INFINITY, 1, 2, 1, 2, inf };
        final double[][] out = FeatureHarness.run("lo = Quantile(last_price, 3, 0)\nmed = Med(last_price, 3)\n",
            times(x.length), x, new double[x.length]);
        assertEquals(Double.NEGATIVE_INFINITY, out[0][2], "the lowest of -Inf, 1, 2");
        assertEquals(1.0, out[1][2]);
        assertEquals(2.0, out[1][5], "the median of 1, 2, Inf");
    }
}
