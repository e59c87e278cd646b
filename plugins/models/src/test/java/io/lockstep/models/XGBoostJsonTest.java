package io.lockstep.models;

import io.lockstep.util.SplitMix64;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Models trained by XGBoost itself (XGBoost4J, one thread), saved as JSON, imported, and evaluated on rows with
 * missing values: every margin is bit-identical to XGBoost's own, and so is every prediction but a probability
 * where glibc's expf is not correctly rounded.
 */
class XGBoostJsonTest
{
    private static final int ROWS = 3_000;
    private static final int HELD_OUT = 30_000;
    private static final int FEATURES = 6;
    private static final int TREES = 60;
    /** The largest difference glibc's expf can make to XGBoost's float sigmoid (see {@link XGBoostMath}). */
    private static final int MAX_SIGMOID_ULPS = 4;

    @TempDir
    Path temp;

    /** XGBoost's default growth, depth-wise, here to depth 5: walked level by level. */
    private static final Map<String, Object> DEPTH_WISE = Map.of("max_depth", 5);

    /** How the predictions of an imported model compare with XGBoost's on all evaluated rows. */
    private record Parity(int rows, int mismatches, int maxUlps, float low, float high, boolean levelByLevel)
    {
    }

    @Test
    void importedModelPredictsBitForBitAsXGBoost() throws Exception
    {
        assertTrue(regressionParity(17, DEPTH_WISE).levelByLevel, "depth-wise trees are walked level by level");
    }

    /**
     * Loss-guided growth with no depth limit makes deep sparse trees, which padding to complete trees would blow up:
     * walked in lanes, with the same bits.
     */
    @Test
    void deepSparseTreesPredictBitForBitAsXGBoost() throws Exception
    {
        final Map<String, Object> lossGuided = Map.of("grow_policy", "lossguide", "max_depth", 0, "max_leaves", 48);
        assertFalse(regressionParity(19, lossGuided).levelByLevel, "deep sparse trees are walked in lanes");
    }

    /** reg:squarederror grown with {@code growth}: every prediction is XGBoost's, bit for bit. */
    private Parity regressionParity(final long seed, final Map<String, Object> growth) throws Exception
    {
        final SplitMix64 random = new SplitMix64(seed);
        final float[] labels = new float[ROWS];
        final float[] data = rows(random, ROWS, labels);
        final Parity parity = parity("reg:squarederror", growth, data, labels, random);
        assertEquals(0, parity.mismatches, parity.toString());
        return parity;
    }

    /**
     * binary:logistic: the probability differs from XGBoost's only where glibc's expf is not correctly rounded, by
     * at most {@value #MAX_SIGMOID_ULPS} ulps on at most one row in a thousand (exhaustively: 1 margin in 3,800,
     * see {@link XGBoostMath}).
     */
    @Test
    void logisticModelPredictsTheProbabilityAsXGBoost() throws Exception
    {
        final SplitMix64 random = new SplitMix64(23);
        final float[] targets = new float[ROWS];
        final float[] data = rows(random, ROWS, targets);
        assertProbabilities(parity("binary:logistic", DEPTH_WISE, data, classes(random, targets), random));
    }

    /** reg:logistic: binary:logistic's link and base score, here fitted to labels anywhere in [0, 1]. */
    @Test
    void logisticRegressionPredictsTheProbabilityAsXGBoost() throws Exception
    {
        final SplitMix64 random = new SplitMix64(29);
        final float[] targets = new float[ROWS];
        final float[] data = rows(random, ROWS, targets);
        final float[] labels = new float[ROWS];
        for (int r = 0; r < ROWS; r++)
        {
            labels[r] = (float)(1 / (1 + Math.exp(1.5 - targets[r])));
        }
        assertProbabilities(parity("reg:logistic", DEPTH_WISE, data, labels, random));
    }

    /**
     * binary:logitraw predicts the margin, bit for bit XGBoost's. Its base score (0.11 here) is the starting margin,
     * not a probability as for the other logistic objectives: converted, every margin would be off by 2.16.
     */
    @Test
    void logitRawModelPredictsTheMarginAsXGBoost() throws Exception
    {
        final SplitMix64 random = new SplitMix64(31);
        final float[] targets = new float[ROWS];
        final float[] data = rows(random, ROWS, targets);
        final Parity parity = parity("binary:logitraw", DEPTH_WISE, data, classes(random, targets), random);
        assertEquals(0, parity.mismatches, parity.toString());
    }

    @Test
    void unsupportedModelsAreRefusedWithTheReason() throws Exception
    {
        final Path softprob = temp.resolve("softprob.json");
        Files.writeString(softprob, header("multi:softprob", "5E-1"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> XGBoostJson.load(softprob));
        assertTrue(ex.getMessage().startsWith(softprob + ": objective multi:softprob is not supported"),
            ex.getMessage());

        // XGBoost itself refuses a logistic base score outside (0, 1): its margin would be infinite or NaN.
        final Path certain = temp.resolve("certain.json");
        Files.writeString(certain, header("binary:logistic", "1E0"));
        assertEquals(certain + ": learner.learner_model_param.base_score: 1.0 is not a probability in (0, 1), " +
            "as binary:logistic needs", assertThrows(IllegalArgumentException.class,
            () -> XGBoostJson.load(certain)).getMessage());

        final Path broken = temp.resolve("broken.json");
        Files.writeString(broken, "{\"learner\": [}");
        final IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
            () -> XGBoostJson.load(broken));
        assertTrue(syntax.getMessage().contains(broken.toString()) && syntax.getMessage().contains("offset"),
            syntax.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> XGBoostJson.load(temp.resolve("none.json")))
            .getMessage().startsWith("no such model file"));
    }

    /** Numbers its fields cannot hold are refused naming the field: never wrapped, truncated or made infinite. */
    @Test
    void numbersAFieldCannotHoldAreRefusedNamingTheField() throws Exception
    {
        final String model = "{\"learner\":{\"learner_model_param\":{\"base_score\":\"BASE\",\"num_class\":\"0\"," +
            "\"num_feature\":\"FEATURES\",\"num_target\":\"1\"},\"objective\":{\"name\":\"reg:squarederror\"}," +
            "\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[{\"left_children\":[LEFT,-1,-1]," +
            "\"right_children\":[2,-1,-1],\"split_indices\":[INDEX,0,0],\"split_conditions\":[0.5,LEAF,2.0]," +
            "\"default_left\":[1,0,0]TYPES}]}}}}";
        final String[][] cases = {
            { "LEFT", "4294967297", "left_children[0]", "4294967297 is not a whole number of 32 bits" },
            { "LEFT", "1.9", "left_children[0]", "1.9 is not a whole number of 32 bits" },
            { "INDEX", "4294967296", "split_indices[0]", "4294967296 is not a whole number of 32 bits" },
            { "LEAF", "1e39", "split_conditions[1]", "overflows a float" },
            { "BASE", "NaN", "base_score", "NaN is not a finite number" },
            { "FEATURES", "268000000", "num_feature", "268000000 (expected 0 to 1048576" },
            { "TYPES", ",\"split_type\":[0]", "trees[0]", "node arrays of different lengths" } };
        for (final String[] c : cases)
        {
            String text = model.replace(c[0], c[1]);
            for (final String[] fill : new String[][] {
                { "BASE", "5E-1" }, { "FEATURES", "2" }, { "LEFT", "1" }, { "INDEX", "0" }, { "LEAF", "1.0" },
                { "TYPES", "" } })
            {
                text = text.replace(fill[0], fill[1]);
            }
            final Path file = Files.writeString(temp.resolve("field-" + c[0] + c[1].length() + ".json"), text);
            final String message = assertThrows(IllegalArgumentException.class, () -> XGBoostJson.load(file))
                .getMessage();
            assertTrue(message.startsWith(file + ": ") && message.contains(c[2]) && message.contains(c[3]),
                c[1] + ": " + message);
        }
        Files.writeString(temp.resolve("fine.json"), model.replace("BASE", "5E-1").replace("FEATURES", "2")
            .replace("LEFT", "1").replace("INDEX", "0").replace("LEAF", "1.0").replace("TYPES", ""));
        assertEquals(2, XGBoostJson.load(temp.resolve("fine.json")).featureCount(), "the template itself loads");
    }

    /**
     * Trains {@code objective} with the {@code growth} parameters, saves the model as JSON, imports it, and
     * evaluates it on the training rows and {@value #HELD_OUT} more: asserts that every margin is XGBoost's
     * {@code output_margin} bit for bit.
     *
     * @return how the predictions compare with XGBoost's {@code predict}.
     */
    private Parity parity(
        final String objective,
        final Map<String, Object> growth,
        final float[] data,
        final float[] labels,
        final SplitMix64 random) throws Exception
    {
        final Booster booster = train(data, labels, objective, growth);
        final Path model = temp.resolve(objective.replace(':', '-') + ".json");
        booster.saveModel(model.toString());
        assertTrue(Files.readString(model).startsWith("{"), "saved as JSON");

        final int rows = ROWS + HELD_OUT;
        final float[] all = java.util.Arrays.copyOf(data, rows * FEATURES);
        System.arraycopy(rows(random, HELD_OUT, new float[HELD_OUT]), 0, all, ROWS * FEATURES, HELD_OUT * FEATURES);
        final DMatrix evaluated = new DMatrix(all, rows, FEATURES, Float.NaN);
        final float[][] margins = booster.predict(evaluated, true, 0);
        final float[][] predictions = booster.predict(evaluated);

        final TreeEnsemble imported = XGBoostJson.load(model);
        assertEquals(FEATURES, imported.featureCount());
        assertEquals(TREES, imported.treeCount());
        final double[] row = new double[FEATURES];
        int missingRows = 0;
        int mismatches = 0;
        int maxUlps = 0;
        float low = Float.POSITIVE_INFINITY;
        float high = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++)
        {
            missingRows += copyRow(all, r, row) ? 1 : 0;
            assertEquals(Float.floatToRawIntBits(margins[r][0]), Float.floatToRawIntBits(imported.margin(row)),
                objective + " row " + r + ": XGBoost margin " + margins[r][0] + ", imported " + imported.margin(row));
            final float ours = (float)imported.predict(row);
            final int ulps = Math.abs(Float.floatToRawIntBits(ours) - Float.floatToRawIntBits(predictions[r][0]));
            mismatches += ulps == 0 ? 0 : 1;
            maxUlps = Math.max(maxUlps, ulps);
            low = Math.min(low, ours);
            high = Math.max(high, ours);
        }
        assertTrue(missingRows > rows / 3, "missing values take the default directions: " + missingRows + " rows");
        return new Parity(rows, mismatches, maxUlps, low, high, imported.walksLevelByLevel());
    }

    /** Probabilities across the range, within glibc's expf of XGBoost's. */
    private static void assertProbabilities(final Parity parity)
    {
        assertTrue(parity.low < 0.01f && parity.high > 0.99f, "probabilities span the range: " + parity);
        assertTrue(parity.maxUlps <= MAX_SIGMOID_ULPS && parity.mismatches <= parity.rows / 1000,
            "probabilities differ from XGBoost's: " + parity);
    }

    /** @return a class per regression target, one label in twenty flipped so that the classes overlap. */
    private static float[] classes(final SplitMix64 random, final float[] targets)
    {
        final float[] labels = new float[targets.length];
        for (int r = 0; r < targets.length; r++)
        {
            labels[r] = (targets[r] > 1.5f) != (random.nextInt(20) == 0) ? 1 : 0;
        }
        return labels;
    }

    private static Booster train(
        final float[] data,
        final float[] labels,
        final String objective,
        final Map<String, Object> growth) throws Exception
    {
        final DMatrix train = new DMatrix(data, labels.length, FEATURES, Float.NaN);
        train.setLabel(labels);
        final Map<String, Object> params = new HashMap<>();
        params.put("objective", objective);
        params.putAll(growth);
        params.put("eta", 0.2);
        params.put("nthread", 1);
        params.put("seed", 7);
        params.put("tree_method", "hist");
        return XGBoost.train(train, params, TREES, new HashMap<>(), null, null);
    }

    /**
     * @param targets filled with each row's regression target.
     * @return {@code count} rows of {@link #FEATURES} values in [-10, 10], a tenth of them missing (NaN).
     */
    private static float[] rows(final SplitMix64 random, final int count, final float[] targets)
    {
        final float[] data = new float[count * FEATURES];
        for (int r = 0; r < count; r++)
        {
            double y = 0;
            for (int f = 0; f < FEATURES; f++)
            {
                final float x = (random.nextInt(2_000_001) - 1_000_000) / 100_000f;
                data[r * FEATURES + f] = random.nextInt(10) == 0 ? Float.NaN : x;
                y += (f + 1) * (Float.isNaN(data[r * FEATURES + f]) ? 0.5 : Math.sin(x));
            }
            targets[r] = (float)(y + random.nextInt(1000) / 1000.0);
        }
        return data;
    }

    /** @return whether row {@code r} has a missing value. */
    private static boolean copyRow(final float[] data, final int r, final double[] row)
    {
        boolean missing = false;
        for (int f = 0; f < FEATURES; f++)
        {
            row[f] = data[r * FEATURES + f];
            missing |= Double.isNaN(row[f]);
        }
        return missing;
    }

    private static String header(final String objective, final String baseScore)
    {
        return "{\"learner\":{\"learner_model_param\":{\"base_score\":\"" + baseScore + "\"," +
            "\"num_class\":\"0\",\"num_feature\":\"2\",\"num_target\":\"1\"},\"objective\":{\"name\":" +
            "\"" + objective + "\"},\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[]}}}}";
    }
}
