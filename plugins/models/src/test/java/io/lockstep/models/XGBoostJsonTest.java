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
 * missing values: every regression prediction and every logistic margin is bit-identical to XGBoost's own.
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

    @Test
    void importedModelPredictsBitForBitAsXGBoost() throws Exception
    {
        final SplitMix64 random = new SplitMix64(17);
        final float[] labels = new float[ROWS];
        final float[] data = rows(random, ROWS, labels);
        final Booster booster = train(data, labels, "reg:squarederror");
        final Path model = temp.resolve("model.json");
        booster.saveModel(model.toString());
        assertTrue(Files.readString(model).startsWith("{"), "saved as JSON");

        final float[][] expected = booster.predict(new DMatrix(data, ROWS, FEATURES, Float.NaN));
        final TreeEnsemble imported = XGBoostJson.load(model);
        assertEquals(FEATURES, imported.featureCount());
        assertEquals(TREES, imported.treeCount());
        final double[] row = new double[FEATURES];
        int missingRows = 0;
        for (int r = 0; r < ROWS; r++)
        {
            missingRows += copyRow(data, r, row) ? 1 : 0;
            final float ours = (float)imported.predict(row);
            assertEquals(Float.floatToRawIntBits(expected[r][0]), Float.floatToRawIntBits(ours),
                "row " + r + ": XGBoost " + expected[r][0] + ", imported " + ours);
        }
        assertTrue(missingRows > ROWS / 3, "missing values take the default directions: " + missingRows + " rows");
    }

    /**
     * binary:logistic, evaluated on its training rows and {@value #HELD_OUT} more: the margin is XGBoost's
     * {@code output_margin} bit for bit (base score converted as XGBoost does), and the probability differs from
     * XGBoost's only where glibc's expf is not correctly rounded, by at most {@value #MAX_SIGMOID_ULPS} ulps on
     * at most one row in a thousand (exhaustively: 1 margin in 3,800, see {@link XGBoostMath}).
     */
    @Test
    void logisticModelPredictsTheProbabilityAsXGBoost() throws Exception
    {
        final SplitMix64 random = new SplitMix64(23);
        final float[] targets = new float[ROWS];
        final float[] data = rows(random, ROWS, targets);
        final float[] labels = new float[ROWS];
        for (int r = 0; r < ROWS; r++)
        {
            // A class from the regression target, one label in twenty flipped so the classes overlap.
            labels[r] = (targets[r] > 1.5f) != (random.nextInt(20) == 0) ? 1 : 0;
        }
        final Booster booster = train(data, labels, "binary:logistic");
        final Path model = temp.resolve("logistic.json");
        booster.saveModel(model.toString());

        final int rows = ROWS + HELD_OUT;
        final float[] all = java.util.Arrays.copyOf(data, rows * FEATURES);
        System.arraycopy(rows(random, HELD_OUT, new float[HELD_OUT]), 0, all, ROWS * FEATURES, HELD_OUT * FEATURES);
        final DMatrix evaluated = new DMatrix(all, rows, FEATURES, Float.NaN);
        final float[][] margins = booster.predict(evaluated, true, 0);
        final float[][] probabilities = booster.predict(evaluated);

        final TreeEnsemble imported = XGBoostJson.load(model);
        final double[] row = new double[FEATURES];
        int mismatches = 0;
        int maxUlps = 0;
        float low = 1;
        float high = 0;
        for (int r = 0; r < rows; r++)
        {
            copyRow(all, r, row);
            assertEquals(Float.floatToRawIntBits(margins[r][0]), Float.floatToRawIntBits(imported.margin(row)),
                "row " + r + ": XGBoost margin " + margins[r][0] + ", imported " + imported.margin(row));
            final float ours = (float)imported.predict(row);
            final int ulps = Math.abs(Float.floatToRawIntBits(ours) - Float.floatToRawIntBits(probabilities[r][0]));
            mismatches += ulps == 0 ? 0 : 1;
            maxUlps = Math.max(maxUlps, ulps);
            low = Math.min(low, ours);
            high = Math.max(high, ours);
        }
        assertTrue(low < 0.01f && high > 0.99f, "probabilities span the range: " + low + " to " + high);
        assertTrue(maxUlps <= MAX_SIGMOID_ULPS && mismatches <= rows / 1000,
            mismatches + " of " + rows + " probabilities differ from XGBoost's, by up to " + maxUlps + " ulps");
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

    private static Booster train(final float[] data, final float[] labels, final String objective) throws Exception
    {
        final DMatrix train = new DMatrix(data, labels.length, FEATURES, Float.NaN);
        train.setLabel(labels);
        final Map<String, Object> params = new HashMap<>();
        params.put("objective", objective);
        params.put("max_depth", 5);
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
