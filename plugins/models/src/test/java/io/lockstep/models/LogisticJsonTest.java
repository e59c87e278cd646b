package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.lockstep.models.DenseModelFixtures.FEATURES;
import static io.lockstep.models.DenseModelFixtures.assertNoAllocation;
import static io.lockstep.models.DenseModelFixtures.featureWeights;
import static io.lockstep.models.DenseModelFixtures.json;
import static io.lockstep.models.DenseModelFixtures.loadByKind;
import static io.lockstep.models.DenseModelFixtures.marketRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code logistic-json}: the sigmoid, in double, of the linear margin. */
class LogisticJsonTest
{
    @TempDir
    Path temp;

    @Test
    void predictsTheSigmoidOfTheLinearMargin() throws Exception
    {
        final double[] weights = featureWeights(new SplitMix64(4), 1.5);
        final double intercept = 0.3;
        final Path file = temp.resolve("logistic.json");
        Files.writeString(file, "{\"kind\": \"logistic-json\", \"features\": " + json(FEATURES) + ",\n" +
            " \"intercept\": " + intercept + ", \"weights\": " + json(weights) + "}\n");

        final Model model = loadByKind("logistic-json", file);
        assertEquals(FEATURES, model.featureNames());
        double low = 1;
        double high = 0;
        for (final double[] row : marketRows(21))
        {
            double margin = intercept;
            for (int i = 0; i < row.length; i++)
            {
                margin += weights[i] * row[i];
            }
            final double expected = 1.0 / (1.0 + StrictMath.exp(-margin));
            assertEquals(expected, model.predict(row), "row " + java.util.Arrays.toString(row));
            if (!Double.isNaN(expected))
            {
                low = Math.min(low, expected);
                high = Math.max(high, expected);
            }
        }
        assertTrue(low < 0.05 && high > 0.95, "probabilities span the range: " + low + " to " + high);
        assertNoAllocation(model, marketRows(22));
    }

    @Test
    void saturatesExactlyAndKeepsNaN()
    {
        final LogisticModel model = new LogisticModel(0.0, new double[] {1.0}, List.of());
        assertEquals(0.5, model.predict(new double[] {0.0}));
        assertEquals(1.0, model.predict(new double[] {800.0}));
        assertEquals(0.0, model.predict(new double[] {-800.0}));
        assertTrue(Double.isNaN(model.predict(new double[] {Double.NaN})));
    }

    @Test
    void aLinearFileIsNotReadAsLogistic() throws Exception
    {
        final Path file = temp.resolve("linear.json");
        Files.writeString(file,
            "{\"kind\": \"linear-json\", \"features\": [\"a\"], \"intercept\": 0, \"weights\": [1]}");
        assertEquals(file + ": kind: \"linear-json\" but this loader reads \"logistic-json\"",
            assertThrows(IllegalArgumentException.class, () -> new LogisticJsonLoader().load(file)).getMessage());
    }
}
