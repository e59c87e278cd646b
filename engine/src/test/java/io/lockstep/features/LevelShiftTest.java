package io.lockstep.features;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static io.lockstep.features.FeatureHarness.assertClose;

/**
 * A series that jumps by 10^8 of its standard deviations and stays there. While the window holds both levels its
 * moments are large and well conditioned. At the event the last value of the old level leaves, what remains varies
 * 10^16 times less than the sums it is computed from, and those sums must be rebased at that very event. With the
 * drift check paced to once per size / 64 events, the variance here was off by 8.5e-6 at that event and wrong for
 * 13 events (and at 10^12 deviations read 0, or 1,000 times the true value). The oracle's corrected two-pass
 * moments are exact enough for 1e-9 at this level; plain two-pass third moments were not.
 */
class LevelShiftTest
{
    private static final int WINDOW = 1_000;
    private static final int EVENTS = 6_000;
    private static final int SHIFT_AT = 2_500;
    private static final double LEVEL = 1e8;

    @Test
    void momentsRegressionAndCorrelationHoldAtEveryEventAcrossALevelShift()
    {
        final Random random = new Random(11);
        final double[] x = new double[EVENTS];
        final double[] y = new double[EVENTS];
        final long[] times = new long[EVENTS];
        for (int i = 0; i < EVENTS; i++)
        {
            final double level = i >= SHIFT_AT ? LEVEL : 0;
            x[i] = level + random.nextGaussian();
            y[i] = level + 0.5 * (x[i] - level) + random.nextGaussian();
            times[i] = 1_000_000L * (i + 1);
        }
        final String[] expressions = { "Var(last_price, 1000)", "Std(last_price, 1000)", "Skew(last_price, 1000)",
            "Kurt(last_price, 1000)", "Slope(last_price, 1000)", "Corr(last_price, last_size, 1000)" };
        final StringBuilder graph = new StringBuilder();
        for (int k = 0; k < expressions.length; k++)
        {
            graph.append("f").append(k).append(" = ").append(expressions[k]).append('\n');
        }
        final double[][] out = FeatureHarness.run(graph.toString(), times, x, y);
        final List<Function<double[], Double>> oracles =
            List.of(Oracle::var, Oracle::std, Oracle::skew, Oracle::kurt, Oracle::slope);
        final int corr = oracles.size();
        for (int i = WINDOW - 1; i < EVENTS; i++)
        {
            final double[] wx = Arrays.copyOfRange(x, i - WINDOW + 1, i + 1);
            final double[] wy = Arrays.copyOfRange(y, i - WINDOW + 1, i + 1);
            for (int k = 0; k < oracles.size(); k++)
            {
                assertClose(oracles.get(k).apply(wx), out[k][i], expressions[k] + " at event " + i);
            }
            assertClose(Oracle.corr(wx, wy), out[corr][i], expressions[corr] + " at event " + i);
        }
    }
}
