package io.lockstep.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a feature graph over two plain series fed in as {@code last_price} (x) and {@code last_size} (y).
 */
final class FeatureHarness
{
    static final double TOLERANCE = 1e-9;

    private FeatureHarness()
    {
    }

    /** @return outputs[k][i]: output k after event i. */
    static double[][] run(final String graph, final long[] times, final double[] x, final double[] y)
    {
        final FeaturePlan plan = FeatureCompiler.compile("test.features", graph);
        final FeatureState state = new FeatureState(plan);
        final MarketSnapshot snapshot = new MarketSnapshot();
        final double[][] out = new double[state.outputCount()][x.length];
        for (int i = 0; i < x.length; i++)
        {
            snapshot.eventTimeNs = times[i];
            snapshot.lastTradePrice = x[i];
            snapshot.lastTradeSize = y[i];
            FeatureEvaluator.update(state, snapshot);
            for (int k = 0; k < out.length; k++)
            {
                out[k][i] = state.output(k);
            }
        }
        return out;
    }

    /** Agreement to {@link #TOLERANCE} relative (absolute below 1); NaN only where NaN is expected. */
    static void assertClose(final double expected, final double actual, final String where)
    {
        assertClose(expected, actual, 1, where);
    }

    /**
     * Agreement to {@link #TOLERANCE} relative to the larger of the expected value and the statistic's natural
     * scale: a statistic that is exactly 0 (the variance of a constant window, the skew of a symmetric one) can
     * only be compared with an absolute bound, and the rounding of its inputs sets that bound.
     */
    static void assertClose(final double expected, final double actual, final double scale, final String where)
    {
        if (Double.isNaN(expected) || Double.isNaN(actual))
        {
            if (Double.isNaN(expected) != Double.isNaN(actual))
            {
                fail(where + ": expected " + expected + " but was " + actual);
            }
            return;
        }
        if (Double.isInfinite(expected))
        {
            assertEquals(expected, actual, where);
            return;
        }
        final double error = Math.abs(actual - expected);
        if (error > TOLERANCE * Math.max(Math.abs(expected), scale))
        {
            fail(where + ": expected " + expected + " but was " + actual + " (error " + error + ", scale " +
                Math.max(Math.abs(expected), scale) + ")");
        }
    }
}
