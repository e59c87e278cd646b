package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;
import io.lockstep.testing.AllocationWindows;
import io.lockstep.util.SplitMix64;

import java.util.List;
import java.util.ServiceLoader;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tests of the dense kinds share: market-like rows, seeded weights, JSON, loading, allocation. */
final class DenseModelFixtures
{
    static final List<String> FEATURES = List.of(
        "spread_bps", "imbalance", "ret_1s", "ret_10s", "vol_60s", "log_volume", "trade_rate", "mid_zscore");
    /** Typical magnitude of each feature: weights divided by it give margins of order one, as training would. */
    static final double[] SCALES = {2.5, 0.5, 1e-4, 3e-4, 5e-4, 11, 25, 1};
    static final int ROWS = 4096;

    private static final int WARM_UP = 200_000;
    private static final int WINDOW = 100_000;
    private static final int MAX_WINDOWS = 10;
    private static final int ZERO_WINDOWS = 3;

    private DenseModelFixtures()
    {
    }

    /**
     * @return {@link #ROWS} rows of {@link #FEATURES} as a feature graph emits them: spreads of a few bps, book
     * imbalance in [-1, 1], returns of a few bps, volatility, log volume, trade rate, a z-score; one row in 64 has
     * a feature not warm yet (NaN).
     */
    static double[][] marketRows(final long seed)
    {
        final SplitMix64 random = new SplitMix64(seed);
        final double[][] rows = new double[ROWS][];
        for (int r = 0; r < ROWS; r++)
        {
            rows[r] = new double[] {
                0.5 + 4.5 * uniform(random),
                2 * uniform(random) - 1,
                1e-4 * gaussian(random),
                3e-4 * gaussian(random),
                1e-4 + 9e-4 * uniform(random),
                8 + 6 * uniform(random),
                50 * uniform(random),
                gaussian(random)};
            if (random.nextInt(64) == 0)
            {
                rows[r][random.nextInt(FEATURES.size())] = Double.NaN;
            }
        }
        return rows;
    }

    /** @return one weight per feature, of order {@code scale / SCALES[i]}, seeded. */
    static double[] featureWeights(final SplitMix64 random, final double scale)
    {
        final double[] weights = new double[FEATURES.size()];
        for (int i = 0; i < weights.length; i++)
        {
            weights[i] = scale * gaussian(random) / SCALES[i];
        }
        return weights;
    }

    static double gaussian(final SplitMix64 random)
    {
        return Math.sqrt(-2.0 * Math.log(1.0 - uniform(random))) * Math.cos(2.0 * Math.PI * uniform(random));
    }

    /** @return a JSON array of the numbers, each printed so that it parses back to the same double. */
    static String json(final double[] values)
    {
        final StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (final double value : values)
        {
            joiner.add(Double.toString(value));
        }
        return joiner.toString();
    }

    static String json(final List<String> names)
    {
        final StringJoiner joiner = new StringJoiner(", ", "[", "]");
        names.forEach((name) -> joiner.add("\"" + name + "\""));
        return joiner.toString();
    }

    /** Loads as the engine does: the {@link ModelLoader} of {@code kind} found by {@link ServiceLoader}. */
    static Model loadByKind(final String kind, final java.nio.file.Path file)
    {
        for (final ModelLoader loader : ServiceLoader.load(ModelLoader.class))
        {
            if (loader.kind().equals(kind))
            {
                return loader.load(file);
            }
        }
        throw new AssertionError("no ModelLoader of kind " + kind);
    }

    /**
     * Measured as the engine's allocation tests, with {@link AllocationWindows}: windows of {@value #WINDOW}
     * predictions after a warm-up, until {@value #ZERO_WINDOWS} in a row allocate nothing.
     */
    static void assertNoAllocation(final Model model, final double[][] rows)
    {
        final double[] sink = { predictions(model, rows, WARM_UP) };
        final List<Long> windows = AllocationWindows.measure(() -> sink[0] += predictions(model, rows, WINDOW),
            ZERO_WINDOWS, MAX_WINDOWS);
        assertTrue(AllocationWindows.endsWithZeros(windows, ZERO_WINDOWS),
            "bytes allocated per window of " + WINDOW + " predictions: " + windows);
        assertTrue(sink[0] != 0.0);
    }

    private static double predictions(final Model model, final double[][] rows, final int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            final double prediction = model.predict(rows[i & (ROWS - 1)]);
            sum += prediction == prediction ? prediction : 0.0;
        }
        return sum;
    }

    private static double uniform(final SplitMix64 random)
    {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }
}
