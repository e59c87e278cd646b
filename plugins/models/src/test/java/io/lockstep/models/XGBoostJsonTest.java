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
 * A model trained by XGBoost itself (XGBoost4J, one thread), saved as JSON, imported, and evaluated on rows with
 * missing values: every prediction is bit-identical to XGBoost's own.
 */
class XGBoostJsonTest
{
    private static final int ROWS = 3_000;
    private static final int FEATURES = 6;

    @TempDir
    Path temp;

    @Test
    void importedModelPredictsBitForBitAsXGBoost() throws Exception
    {
        final SplitMix64 random = new SplitMix64(17);
        final float[] data = new float[ROWS * FEATURES];
        final float[] labels = new float[ROWS];
        for (int r = 0; r < ROWS; r++)
        {
            double y = 0;
            for (int f = 0; f < FEATURES; f++)
            {
                final float x = (random.nextInt(2_000_001) - 1_000_000) / 100_000f;
                data[r * FEATURES + f] = random.nextInt(10) == 0 ? Float.NaN : x;
                y += (f + 1) * (Float.isNaN(data[r * FEATURES + f]) ? 0.5 : Math.sin(x));
            }
            labels[r] = (float)(y + random.nextInt(1000) / 1000.0);
        }
        final DMatrix train = new DMatrix(data, ROWS, FEATURES, Float.NaN);
        train.setLabel(labels);
        final Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", 5);
        params.put("eta", 0.2);
        params.put("nthread", 1);
        params.put("seed", 7);
        params.put("tree_method", "hist");
        final Booster booster = XGBoost.train(train, params, 60, new HashMap<>(), null, null);
        final Path model = temp.resolve("model.json");
        booster.saveModel(model.toString());
        assertTrue(Files.readString(model).startsWith("{"), "saved as JSON");

        final float[][] expected = booster.predict(train);
        final TreeEnsemble imported = XGBoostJson.load(model);
        assertEquals(FEATURES, imported.featureCount());
        assertEquals(60, imported.treeCount());
        final double[] row = new double[FEATURES];
        int missingRows = 0;
        for (int r = 0; r < ROWS; r++)
        {
            boolean missing = false;
            for (int f = 0; f < FEATURES; f++)
            {
                row[f] = data[r * FEATURES + f];
                missing |= Double.isNaN(row[f]);
            }
            missingRows += missing ? 1 : 0;
            final float ours = (float)imported.predict(row);
            assertEquals(Float.floatToRawIntBits(expected[r][0]), Float.floatToRawIntBits(ours),
                "row " + r + ": XGBoost " + expected[r][0] + ", imported " + ours);
        }
        assertTrue(missingRows > ROWS / 3, "missing values take the default directions: " + missingRows + " rows");
    }

    @Test
    void unsupportedModelsAreRefusedWithTheReason() throws Exception
    {
        final Path logistic = temp.resolve("logistic.json");
        Files.writeString(logistic, "{\"learner\":{\"learner_model_param\":{\"base_score\":\"5E-1\"," +
            "\"num_class\":\"0\",\"num_feature\":\"2\",\"num_target\":\"1\"},\"objective\":{\"name\":" +
            "\"binary:logistic\"},\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[]}}}}");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> XGBoostJson.load(logistic));
        assertTrue(ex.getMessage().startsWith(logistic + ": objective binary:logistic is not supported"),
            ex.getMessage());

        final Path broken = temp.resolve("broken.json");
        Files.writeString(broken, "{\"learner\": [}");
        final IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
            () -> XGBoostJson.load(broken));
        assertTrue(syntax.getMessage().contains(broken.toString()) && syntax.getMessage().contains("offset"),
            syntax.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> XGBoostJson.load(temp.resolve("none.json")))
            .getMessage().startsWith("no such model file"));
    }
}
