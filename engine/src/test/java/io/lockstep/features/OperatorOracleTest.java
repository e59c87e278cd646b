package io.lockstep.features;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.BiFunction;

import static io.lockstep.features.FeatureHarness.assertClose;
import static io.lockstep.features.FeatureHarness.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operator against {@link Oracle}'s straightforward recomputation over the window, on real series: DAX and
 * SMI daily closes (count windows) and USD/CHF 30-minute quotes with their real, gappy times (duration windows).
 */
class OperatorOracleTest
{
    private static final SampleSeries EU = SampleSeries.euStockMarkets();
    private static final SampleSeries FX = SampleSeries.usdChf(6_000);
    private static final long DAY = 86_400_000_000_000L;

    /** Window of event i: the last n events. */
    private static double[] lastN(final double[] series, final int i, final int n)
    {
        return Arrays.copyOfRange(series, Math.max(0, i - n + 1), i + 1);
    }

    /** Window of event i: events within the duration before it, (t - d, t]. */
    private static double[] within(final SampleSeries s, final double[] series, final int i, final long d)
    {
        int from = i;
        while (from > 0 && s.timesNs[from - 1] > s.timesNs[i] - d)
        {
            from--;
        }
        return Arrays.copyOfRange(series, from, i + 1);
    }

    /**
     * The magnitude a statistic's rounding is relative to: 1 for dimensionless ones (skew, kurtosis, correlation,
     * r-squared, z-score, positions), the data's largest magnitude for those in its units, its square for
     * variances, times n for sums.
     */
    private static double scale(final String expression, final double[] window)
    {
        final double magnitude = Arrays.stream(window).map(Math::abs).filter((v) -> !Double.isNaN(v)).max().orElse(1);
        if (expression.startsWith("Var") || expression.startsWith("Cov"))
        {
            return magnitude * magnitude;
        }
        if (expression.startsWith("Sum"))
        {
            return magnitude * window.length;
        }
        if (expression.startsWith("Skew") || expression.startsWith("Kurt") || expression.startsWith("Corr") ||
            expression.startsWith("Rsquare") || expression.startsWith("ZScore") || expression.startsWith("Idx") ||
            expression.startsWith("Count"))
        {
            return 1;
        }
        return magnitude;
    }

    private static void checkCount(final String expression, final int n, final Function<double[], Double> oracle)
    {
        final double[] actual = run("f = " + expression, EU.timesNs, EU.x, EU.y)[0];
        for (int i = 0; i < EU.size(); i++)
        {
            final double[] window = lastN(EU.x, i, n);
            final double expected = i >= n - 1 ? oracle.apply(window) : Double.NaN;
            assertClose(expected, actual[i], scale(expression, window), expression + " at event " + i);
        }
    }

    private static void checkPair(
        final String expression, final int n, final BiFunction<double[], double[], Double> oracle)
    {
        final double[] actual = run("f = " + expression, EU.timesNs, EU.x, EU.y)[0];
        for (int i = 0; i < EU.size(); i++)
        {
            final double[] x = lastN(EU.x, i, n);
            final double[] y = lastN(EU.y, i, n);
            final double expected = i >= n - 1 ? oracle.apply(x, y) : Double.NaN;
            final double scale = expression.startsWith("Cov") ? Oracle.max(x) * Oracle.max(y) : 1;
            assertClose(expected, actual[i], scale, expression + " at event " + i);
        }
    }

    private static void checkDuration(final String expression, final long d, final Function<double[], Double> oracle)
    {
        final double[] actual = run("f = " + expression, FX.timesNs, FX.x, FX.y)[0];
        for (int i = 0; i < FX.size(); i++)
        {
            final boolean covered = FX.timesNs[i] - FX.timesNs[0] >= d;
            final double[] window = within(FX, FX.x, i, d);
            final double expected = covered ? oracle.apply(window) : Double.NaN;
            assertClose(expected, actual[i], scale(expression, window), expression + " at event " + i);
        }
    }

    @Test
    void rollingMomentsOverCounts()
    {
        for (final int n : new int[] { 5, 20, 250 })
        {
            checkCount("Sum(last_price, " + n + ")", n, Oracle::sum);
            checkCount("Mean(last_price, " + n + ")", n, Oracle::mean);
            checkCount("Var(last_price, " + n + ")", n, Oracle::var);
            checkCount("Std(last_price, " + n + ")", n, Oracle::std);
            checkCount("Skew(last_price, " + n + ")", n, Oracle::skew);
            checkCount("Kurt(last_price, " + n + ")", n, Oracle::kurt);
            checkCount("ZScore(last_price, " + n + ")", n, (w) -> (w[w.length - 1] - Oracle.mean(w)) / Oracle.std(w));
        }
    }

    @Test
    void orderStatisticsOverCounts()
    {
        for (final int n : new int[] { 1, 7, 60 })
        {
            checkCount("Min(last_price, " + n + ")", n, Oracle::min);
            checkCount("Max(last_price, " + n + ")", n, Oracle::max);
            checkCount("Med(last_price, " + n + ")", n, (w) -> Oracle.quantile(w, 0.5));
            checkCount("Quantile(last_price, " + n + ", 0.1)", n, (w) -> Oracle.quantile(w, 0.1));
            checkCount("Quantile(last_price, " + n + ", 0.9)", n, (w) -> Oracle.quantile(w, 0.9));
            checkCount("IdxMax(last_price, " + n + ")", n, (w) -> Oracle.idxExtreme(w, true));
            checkCount("IdxMin(last_price, " + n + ")", n, (w) -> Oracle.idxExtreme(w, false));
        }
    }

    @Test
    void regressionOverCounts()
    {
        for (final int n : new int[] { 3, 20, 120 })
        {
            checkCount("Slope(last_price, " + n + ")", n, Oracle::slope);
            checkCount("Rsquare(last_price, " + n + ")", n, Oracle::rsquare);
            checkCount("Resi(last_price, " + n + ")", n, Oracle::resi);
            checkCount("WMA(last_price, " + n + ")", n, Oracle::wma);
        }
    }

    @Test
    void pairsOverCounts()
    {
        for (final int n : new int[] { 2, 30, 200 })
        {
            checkPair("Cov(last_price, last_size, " + n + ")", n, Oracle::cov);
            checkPair("Corr(last_price, last_size, " + n + ")", n, Oracle::corr);
        }
    }

    @Test
    void countEmitsFromTheFirstEvent()
    {
        final double[] actual = run("f = Count(last_price, 10)", EU.timesNs, EU.x, EU.y)[0];
        for (int i = 0; i < EU.size(); i++)
        {
            assertClose(Math.min(i + 1, 10), actual[i], "Count at " + i);
        }
        final double[] daily = run("f = Count(last_price, 24h)", FX.timesNs, FX.x, FX.y)[0];
        for (int i = 0; i < FX.size(); i++)
        {
            assertClose(within(FX, FX.x, i, DAY).length, daily[i], "Count(24h) at " + i);
        }
    }

    @Test
    void durationWindowsOverRealGappyTimes()
    {
        checkDuration("Sum(last_price, 24h)", DAY, Oracle::sum);
        checkDuration("Mean(last_price, 24h)", DAY, Oracle::mean);
        checkDuration("Std(last_price, 6h)", 6 * DAY / 24, Oracle::std);
        checkDuration("Skew(last_price, 24h)", DAY, Oracle::skew);
        checkDuration("Kurt(last_price, 24h)", DAY, Oracle::kurt);
        checkDuration("Max(last_price, 90m)", 90 * 60_000_000_000L, Oracle::max);
        checkDuration("Min(last_price, 24h)", DAY, Oracle::min);
        checkDuration("Quantile(last_price, 24h, 0.25)", DAY, (w) -> Oracle.quantile(w, 0.25));
        checkDuration("Slope(last_price, 12h)", DAY / 2, Oracle::slope);
    }

    /**
     * A duration window of at most {@code maxEvents} events keeps the newest of those within the duration, and
     * gives NaN while an event it dropped before its time would still be inside the duration.
     *
     * @param warmsUp NaN until the duration has been covered once (all but Count).
     */
    private static void checkBoundedDuration(
        final String expression,
        final long d,
        final int maxEvents,
        final boolean warmsUp,
        final Function<double[], Double> oracle)
    {
        final double[] actual = run("f = " + expression, FX.timesNs, FX.x, FX.y)[0];
        long newestDroppedEarlyNs = Long.MIN_VALUE;
        int truncated = 0;
        for (int i = 0; i < FX.size(); i++)
        {
            final double[] window = within(FX, FX.x, i, d);
            if (window.length > maxEvents)
            {
                newestDroppedEarlyNs = FX.timesNs[i - maxEvents];
            }
            final boolean whole = newestDroppedEarlyNs <= FX.timesNs[i] - d;
            truncated += whole ? 0 : 1;
            final boolean covered = !warmsUp || FX.timesNs[i] - FX.timesNs[0] >= d;
            final double expected = covered && whole ? oracle.apply(window) : Double.NaN;
            assertClose(expected, actual[i], scale(expression, window), expression + " at event " + i);
        }
        // The sample must exercise both states: truncated on busy days, whole again after a weekend.
        assertTrue(truncated > FX.size() / 10 && truncated < FX.size() * 9 / 10, expression + ": " + truncated);
    }

    @Test
    void durationWindowsBoundedByMaxEvents()
    {
        // 30-minute quotes: 48 events in a full day, 40 at most in the window.
        checkBoundedDuration("Mean(last_price, 24h, max_events=40)", DAY, 40, true, Oracle::mean);
        checkBoundedDuration("Std(last_price, 24h, max_events=40)", DAY, 40, true, Oracle::std);
        checkBoundedDuration("Max(last_price, 24h, max_events=40)", DAY, 40, true, Oracle::max);
        checkBoundedDuration("Quantile(last_price, 24h, 0.25, max_events=40)", DAY, 40, true,
            (w) -> Oracle.quantile(w, 0.25));
        checkBoundedDuration("Slope(last_price, 24h, max_events=40)", DAY, 40, true, Oracle::slope);
        checkBoundedDuration("Count(last_price, 24h, max_events=40)", DAY, 40, false, (w) -> (double)w.length);
        checkBoundedDuration("Mean(last_price, 24h, max_events=40, min_periods=1)", DAY, 40, false, Oracle::mean);
    }

    @Test
    void aBurstAtOneInstantTruncatesUntilItsEventsWouldHaveLeft()
    {
        final long ms = 1_000_000L;
        final long[] times = { 0, 0, 0, 0, 0, 0, 500 * ms, 1_000 * ms };
        final double[] x = { 1, 2, 3, 4, 5, 6, 7, 8 };
        final double[][] out = run("m = Mean(last_price, 1s, max_events=4, min_periods=1)\n" +
            "n = Count(last_price, 1s, max_events=4)", times, x, x);
        final double nan = Double.NaN;
        // The fifth event at t = 0 pushes the first out early; at 1 s every event of t = 0 has left anyway.
        assertArrayEquals(new double[] { 1, 1.5, 2, 2.5, nan, nan, nan, 7.5 }, out[0]);
        assertArrayEquals(new double[] { 1, 2, 3, 4, nan, nan, nan, 2 }, out[1]);
    }

    @Test
    void timesGoingBackKeepTheWindowTruncatedUntilTheNewestEarlyDropWouldHaveLeft()
    {
        final long ms = 1_000_000L;
        // The event of 105 ms is pushed out early at 103 ms; at 114 ms it would still be inside (104, 114].
        final long[] times = { 100 * ms, 105 * ms, 103 * ms, 104 * ms, 114 * ms, 116 * ms, 126 * ms };
        final double[] x = { 1, 2, 3, 4, 5, 6, 7 };
        final double[] out = run("m = Mean(last_price, 10ms, max_events=1, min_periods=1)", times, x, x)[0];
        final double nan = Double.NaN;
        assertArrayEquals(new double[] { 1, nan, nan, nan, nan, nan, 7 }, out);
    }

    /**
     * A window's clock never goes back: an event stamped before the newest (a late print) is taken at the newest
     * time, so a window once covered stays covered, and the late event leaves with those of the newest time.
     */
    @Test
    void anEventStampedBeforeTheNewestIsTakenAtTheNewestTime()
    {
        final long ms = 1_000_000L;
        final long[] times = { 0, 1_000 * ms, 500 * ms, 1_200 * ms, 1_999 * ms, 2_000 * ms };
        final double[] x = { 1, 2, 3, 4, 5, 6 };
        final double[][] out = run("m = Mean(last_price, 1s)\nn = Count(last_price, 1s)", times, x, x);
        final double nan = Double.NaN;
        // At 500 ms the window had been covered at 1 s: its mean is of 2 and 3, not NaN for a window not yet
        // covered; the event of 500 ms then leaves at 2 s with the one of 1 s, not at 1.5 s.
        assertArrayEquals(new double[] { nan, 2, 2.5, 3, 3.5, 5 }, out[0]);
        assertArrayEquals(new double[] { 1, 1, 2, 3, 4, 3 }, out[1]);
    }

    @Test
    void durationWindowTruncationsAreCounted()
    {
        final FeatureState state = new FeatureState(FeatureCompiler.compile("bounded.features",
            "a = Mean(last_price, 24h, max_events=40)\nb = Max(last_price, 24h, max_events=40)\n" +
            "c = Mean(last_price, 24h)"));
        final MarketSnapshot snapshot = new MarketSnapshot();
        long expected = 0;
        for (int i = 0; i < FX.size(); i++)
        {
            snapshot.eventTimeNs = FX.timesNs[i];
            snapshot.lastTradePrice = FX.x[i];
            FeatureEvaluator.update(state, snapshot);
            // Each event past the 40th within a day pushes one out early, from each bounded window (a and b).
            expected += within(FX, FX.x, i, DAY).length > 40 ? 2 : 0;
            assertEquals(expected, state.windowTruncations(), "at event " + i);
        }
        assertTrue(expected > 0);
        // By feature: each bounded window its half, the unbounded one none.
        assertEquals(expected / 2, state.windowTruncations(0));
        assertEquals(expected / 2, state.windowTruncations(1));
        assertEquals(0, state.windowTruncations(2));
    }

    @Test
    void minPeriodsStartsEarly()
    {
        final double[] actual = run("f = Mean(last_price, 20, min_periods=5)", EU.timesNs, EU.x, EU.y)[0];
        for (int i = 0; i < EU.size(); i++)
        {
            final double expected = i >= 4 ? Oracle.mean(lastN(EU.x, i, 20)) : Double.NaN;
            assertClose(expected, actual[i], "Mean min_periods=5 at " + i);
        }
    }

    @Test
    void nanValuesAreSkippedByRollingStatistics()
    {
        final double[] x = EU.x.clone();
        for (int i = 3; i < x.length; i += 7)
        {
            x[i] = Double.NaN;
        }
        final double[][] actual = run(String.join("\n",
            "sum = Sum(last_price, 20, min_periods=10)",
            "std = Std(last_price, 20, min_periods=10)",
            "max = Max(last_price, 20, min_periods=10)",
            "med = Med(last_price, 20, min_periods=10)",
            "full = Mean(last_price, 20)",
            "count = Count(last_price, 20)"), EU.timesNs, x, EU.y);
        for (int i = 0; i < x.length; i++)
        {
            final double[] numbers = Oracle.numbers(lastN(x, i, 20));
            final boolean enough = numbers.length >= 10;
            assertClose(enough ? Oracle.sum(numbers) : Double.NaN, actual[0][i], "Sum with NaN at " + i);
            assertClose(enough ? Oracle.std(numbers) : Double.NaN, actual[1][i], "Std with NaN at " + i);
            assertClose(enough ? Oracle.max(numbers) : Double.NaN, actual[2][i], "Max with NaN at " + i);
            assertClose(enough ? Oracle.quantile(numbers, 0.5) : Double.NaN, actual[3][i], "Med with NaN at " + i);
            assertClose(Double.NaN, actual[4][i], "default warm-up needs 20 numbers, a NaN is always in the window");
            assertClose(numbers.length, actual[5][i], "Count with NaN at " + i);
        }
    }

    @Test
    void infinitiesAreSkippedAndLeaveNoTrace()
    {
        final double[] x = EU.x.clone();
        x[100] = Double.POSITIVE_INFINITY;
        x[400] = Double.NEGATIVE_INFINITY;
        final double[][] actual = run(String.join("\n",
            "sum = Sum(last_price, 20, min_periods=10)",
            "std = Std(last_price, 20, min_periods=10)",
            "slope = Slope(last_price, 20)"), EU.timesNs, x, EU.y);
        for (int i = 0; i < x.length; i++)
        {
            final double[] window = lastN(x, i, 20);
            final double[] finite = java.util.Arrays.stream(window).filter(Double::isFinite).toArray();
            final boolean enough = finite.length >= 10;
            assertClose(enough ? Oracle.sum(finite) : Double.NaN, actual[0][i], Oracle.max(finite) * 20,
                "Sum with an infinity at " + i);
            assertClose(enough ? Oracle.std(finite) : Double.NaN, actual[1][i], Oracle.max(finite),
                "Std with an infinity at " + i);
            final boolean clean = i >= 19 && finite.length == window.length;
            assertClose(clean ? Oracle.slope(window) : Double.NaN, actual[2][i], Oracle.max(finite),
                "Slope with an infinity at " + i);
        }
    }

    @Test
    void lagsAndReturns()
    {
        final double[][] actual = run(String.join("\n",
            "ref = Ref(last_price, 3)",
            "delta = Delta(last_price, 3)",
            "ret = Ret(last_price, 1)",
            "logret = LogRet(last_price, 5)",
            "rvar = RVar(last_price, 10)"), EU.timesNs, EU.x, EU.y);
        for (int i = 0; i < EU.size(); i++)
        {
            final double[] x = EU.x;
            assertClose(i >= 3 ? x[i - 3] : Double.NaN, actual[0][i], "Ref at " + i);
            assertClose(i >= 3 ? x[i] - x[i - 3] : Double.NaN, actual[1][i], "Delta at " + i);
            assertClose(i >= 1 ? x[i] / x[i - 1] - 1 : Double.NaN, actual[2][i], "Ret at " + i);
            assertClose(i >= 5 ? Math.log(x[i] / x[i - 5]) : Double.NaN, actual[3][i], "LogRet at " + i);
            double rvar = 0;
            for (int j = i - 9; j <= i && i >= 10; j++)
            {
                rvar += Math.pow(Math.log(x[j] / x[j - 1]), 2);
            }
            assertClose(i >= 10 ? rvar : Double.NaN, actual[4][i], "RVar at " + i);
        }
    }

    @Test
    void exponentialAndWilderAverages()
    {
        final int span = 12;
        final double[][] actual = run(String.join("\n",
            "ema = EMA(last_price, span=12)",
            "ema1 = EMA(last_price, span=12, min_periods=1)",
            "taema = TAEMA(last_price, 12)",
            "rsi = RSI(last_price, 14)"), EU.timesNs, EU.x, EU.y);
        final double alpha = 2.0 / (span + 1);
        double taema = Double.NaN;
        double avgGain = 0;
        double avgLoss = 0;
        for (int i = 0; i < EU.size(); i++)
        {
            double weighted = 0;
            double weights = 0;
            for (int j = 0; j <= i; j++)
            {
                final double w = Math.pow(1 - alpha, i - j);
                weighted += w * EU.x[j];
                weights += w;
            }
            assertClose(i >= span - 1 ? weighted / weights : Double.NaN, actual[0][i], "EMA at " + i);
            assertClose(weighted / weights, actual[1][i], "EMA min_periods=1 at " + i);

            if (i == span - 1)
            {
                taema = Oracle.mean(lastN(EU.x, i, span));
            }
            else if (i >= span)
            {
                taema = alpha * EU.x[i] + (1 - alpha) * taema;
            }
            assertClose(taema, actual[2][i], "TAEMA at " + i);

            final int period = 14;
            if (i >= 1)
            {
                final double change = EU.x[i] - EU.x[i - 1];
                final double gain = Math.max(change, 0);
                final double loss = Math.max(-change, 0);
                if (i <= period)
                {
                    avgGain += gain / period;
                    avgLoss += loss / period;
                }
                else
                {
                    avgGain = (avgGain * (period - 1) + gain) / period;
                    avgLoss = (avgLoss * (period - 1) + loss) / period;
                }
            }
            final double rsi = 100 - 100 / (1 + avgGain / avgLoss);
            assertClose(i >= period ? rsi : Double.NaN, actual[3][i], "RSI at " + i);
        }
    }

    @Test
    void elementwiseArithmeticAndLogic()
    {
        final double[][] actual = run(String.join("\n",
            "add = last_price + last_size",
            "sub = last_price - last_size",
            "mul = last_price * last_size",
            "div = last_price / last_size",
            "neg = -last_price",
            "abs = Abs(last_size - last_price)",
            "log = Log(last_price)",
            "sign = Sign(Delta(last_price, 1))",
            "greater = Greater(last_price, last_size)",
            "less = Less(last_price, last_size)",
            "cond = If(last_price > last_size, 1, -1)",
            "lt = last_price < last_size",
            "ge = last_price >= last_size",
            "eq = Eq(last_price, last_price)",
            "ne = last_price != last_size",
            "le = Le(last_price, 2000)"), EU.timesNs, EU.x, EU.y);
        for (int i = 0; i < EU.size(); i++)
        {
            final double x = EU.x[i];
            final double y = EU.y[i];
            final double[] expected = {
                x + y, x - y, x * y, x / y, -x, Math.abs(y - x), Math.log(x),
                i == 0 ? Double.NaN : Math.signum(x - EU.x[i - 1]), Math.max(x, y), Math.min(x, y), x > y ? 1 : -1,
                x < y ? 1 : 0, x >= y ? 1 : 0, 1, x != y ? 1 : 0, x <= 2000 ? 1 : 0 };
            for (int k = 0; k < expected.length; k++)
            {
                assertClose(expected[k], actual[k][i], "output " + k + " at " + i);
            }
        }
    }
}
