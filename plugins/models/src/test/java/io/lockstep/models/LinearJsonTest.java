package io.lockstep.models;

import io.lockstep.engine.LinearModel;
import io.lockstep.engine.spi.Model;
import io.lockstep.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.lockstep.models.DenseModelFixtures.FEATURES;
import static io.lockstep.models.DenseModelFixtures.assertNoAllocation;
import static io.lockstep.models.DenseModelFixtures.featureWeights;
import static io.lockstep.models.DenseModelFixtures.json;
import static io.lockstep.models.DenseModelFixtures.loadByKind;
import static io.lockstep.models.DenseModelFixtures.marketRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code linear-json}: the engine's {@link LinearModel} read from a weights file that names its features; also
 * the refusals of the file format it shares with {@code logistic-json} ({@link LinearJson}).
 */
class LinearJsonTest
{
    @TempDir
    Path temp;

    @Test
    void predictsInterceptPlusWeightedFeaturesSummedInOrder() throws Exception
    {
        final double[] weights = featureWeights(new SplitMix64(3), 1.0);
        final double intercept = -0.125;
        final Path file = write("linear.json", "linear-json", intercept, weights);

        final Model model = loadByKind("linear-json", file);
        assertEquals(FEATURES, model.featureNames());
        assertEquals(FEATURES.size(), model.featureCount());
        int missing = 0;
        for (final double[] row : marketRows(11))
        {
            double expected = intercept;
            for (int i = 0; i < row.length; i++)
            {
                expected += weights[i] * row[i];
            }
            missing += Double.isNaN(expected) ? 1 : 0;
            assertEquals(expected, model.predict(row), "row " + java.util.Arrays.toString(row));
        }
        assertTrue(missing > 0, "rows with a feature not warm predict NaN");
        assertNoAllocation(model, marketRows(12));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        missing intercept | {"kind": "linear-json", "features": ["a", "b"], "weights": [1, 2]} \
        | intercept: missing or null, expected a number
        short weights     | {"kind": "linear-json", "features": ["a", "b", "c"], "intercept": 0, "weights": [1, 2]} \
        | weights: 2 values, expected 3 (one per feature)
        overflow          | {"kind": "linear-json", "features": ["a", "b"], "intercept": 0, "weights": [1, 1e999]} \
        | weights[1]: overflows a double
        string weight     | {"kind": "linear-json", "features": ["a", "b"], "intercept": 0, "weights": [1, "2"]} \
        | weights[1]: the string "2", expected a number
        other kind        | {"kind": "logistic-json", "features": ["a"], "intercept": 0, "weights": [1]} \
        | kind: "logistic-json" but this loader reads "linear-json"
        no kind           | {"features": ["a"], "intercept": 0, "weights": [1]} \
        | kind: missing or null, expected a string
        unknown member    | {"kind": "linear-json", "features": ["a"], "intercept": 0, "weights": [1], "bias": 2} \
        | (root): unknown member "bias" (expected kind, features, intercept, weights)
        no features       | {"kind": "linear-json", "features": [], "intercept": 0, "weights": []} \
        | features: empty, a model reads at least one feature
        twice             | {"kind": "linear-json", "features": ["a", "a"], "intercept": 0, "weights": [1, 2]} \
        | features[1]: "a" is listed twice
        not an object     | [1, 2] | (root): an array, expected an object
        """)
    void malformedFilesAreRefusedWithTheFileAndThePath(final String name, final String text, final String problem)
        throws Exception
    {
        final Path file = temp.resolve(name.replace(' ', '-') + ".json");
        Files.writeString(file, text);
        assertEquals(file + ": " + problem,
            assertThrows(IllegalArgumentException.class, () -> new LinearJsonLoader().load(file)).getMessage());
    }

    @Test
    void notJsonOrNoFileIsRefused() throws Exception
    {
        final Path file = temp.resolve("broken.json");
        Files.writeString(file, "{\"kind\": \"linear-json\",}");
        final String message =
            assertThrows(IllegalArgumentException.class, () -> new LinearJsonLoader().load(file)).getMessage();
        assertTrue(message.startsWith(file + ": invalid JSON at offset 23"), message);
        assertEquals("no such model file: " + temp.resolve("none.json"), assertThrows(IllegalArgumentException.class,
            () -> new LinearJsonLoader().load(temp.resolve("none.json"))).getMessage());
    }

    private Path write(final String name, final String kind, final double intercept, final double[] weights)
        throws Exception
    {
        final Path file = temp.resolve(name);
        Files.writeString(file, "{\"kind\": \"" + kind + "\", \"features\": " + json(FEATURES) + ",\n" +
            " \"intercept\": " + intercept + ", \"weights\": " + json(weights) + "}\n");
        return file;
    }
}
