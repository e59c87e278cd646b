package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import static io.lockstep.models.DenseModelFixtures.FEATURES;
import static io.lockstep.models.DenseModelFixtures.assertNoAllocation;
import static io.lockstep.models.DenseModelFixtures.featureWeights;
import static io.lockstep.models.DenseModelFixtures.gaussian;
import static io.lockstep.models.DenseModelFixtures.json;
import static io.lockstep.models.DenseModelFixtures.loadByKind;
import static io.lockstep.models.DenseModelFixtures.marketRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mlp-json}: an 8-16-8-1 network (relu, tanh, identity) against the textbook row-major evaluation written
 * out below, bit for bit; and the refusals of the file format.
 */
class MlpJsonTest
{
    private static final int[] UNITS = {16, 8, 1};
    private static final String[] ACTIVATIONS = {"relu", "tanh", "identity"};

    @TempDir
    Path temp;

    @Test
    void predictsAsTheTextbookEvaluationInTheDocumentedOrder() throws Exception
    {
        final SplitMix64 random = new SplitMix64(8);
        final double[][][] weights = new double[UNITS.length][][];
        final double[][] biases = new double[UNITS.length][];
        final StringJoiner layers = new StringJoiner(",\n  ", "[\n  ", "]");
        int inputs = FEATURES.size();
        for (int l = 0; l < UNITS.length; l++)
        {
            weights[l] = new double[UNITS[l]][];
            biases[l] = new double[UNITS[l]];
            final StringJoiner rows = new StringJoiner(", ", "[", "]");
            for (int j = 0; j < UNITS[l]; j++)
            {
                weights[l][j] = l == 0 ? featureWeights(random, 0.5) : scaled(random, inputs, 1.0 / Math.sqrt(inputs));
                biases[l][j] = 0.1 * gaussian(random);
                rows.add(json(weights[l][j]));
            }
            layers.add("{\"weights\": " + rows + ", \"bias\": " + json(biases[l]) + ", \"activation\": \"" +
                ACTIVATIONS[l] + "\"}");
            inputs = UNITS[l];
        }
        final Path file = temp.resolve("mlp.json");
        Files.writeString(file, "{\"kind\": \"mlp-json\", \"features\": " + json(FEATURES) + ",\n" +
            " \"layers\": " + layers + "}\n");

        final Model model = loadByKind("mlp-json", file);
        assertEquals(FEATURES, model.featureNames());
        assertEquals(FEATURES.size(), model.featureCount());
        int missing = 0;
        for (final double[] row : marketRows(31))
        {
            double[] values = row;
            for (int l = 0; l < UNITS.length; l++)
            {
                final double[] next = new double[UNITS[l]];
                for (int j = 0; j < next.length; j++)
                {
                    double sum = biases[l][j];
                    for (int i = 0; i < values.length; i++)
                    {
                        sum += weights[l][j][i] * values[i];
                    }
                    next[j] = l == 0 ? Math.max(0.0, sum) : l == 1 ? StrictMath.tanh(sum) : sum;
                }
                values = next;
            }
            missing += Double.isNaN(values[0]) ? 1 : 0;
            assertEquals(values[0], model.predict(row), "row " + java.util.Arrays.toString(row));
        }
        assertTrue(missing > 0, "rows with a feature not warm predict NaN");
        assertNoAllocation(model, marketRows(32));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        row too long     | [[1, 2], [3, 4, 5]] | [0, 0] | relu \
        | layers[0].weights[1]: 3 values, expected 2 (one per feature)
        bias too long    | [[1, 2], [3, 4]] | [0, 0, 0] | relu \
        | layers[0].bias: 3 values, expected 2 (one per row of layers[0].weights)
        unknown          | [[1, 2], [3, 4]] | [0, 0] | sigmoid \
        | layers[0].activation: unknown activation "sigmoid" (expected relu, tanh or identity)
        overflow         | [[1, 2e400], [3, 4]] | [0, 0] | tanh | layers[0].weights[0][1]: overflows a double
        no rows          | [] | [] | relu | layers[0].weights: no rows, a layer has at least one unit
        flat             | [1, 2] | [0, 0] | relu | layers[0].weights[0]: 1, expected an array
        """)
    void malformedFirstLayersAreRefusedWithTheFileAndThePath(
        final String name, final String weights, final String bias, final String activation, final String problem)
        throws Exception
    {
        assertRefused(name, "{\"weights\": " + weights + ", \"bias\": " + bias + ", \"activation\": \"" +
            activation + "\"}, {\"weights\": [[0.5, -0.5]], \"bias\": [0], \"activation\": \"identity\"}", problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        sizes do not chain | {"weights": [[0.5, -0.5, 1]], "bias": [0], "activation": "identity"} \
        | layers[1].weights[0]: 3 values, expected 2 (one per unit of layers[0])
        two outputs        | {"weights": [[1, 1], [1, 1]], "bias": [0, 0], "activation": "identity"} \
        | layers[1].weights: 2 rows, but the last layer has one unit, the prediction
        missing bias       | {"weights": [[0.5, -0.5]], "activation": "identity"} \
        | layers[1].bias: missing or null, expected an array
        misspelt member    | {"weights": [[0.5, -0.5]], "bias": [0], "activations": "identity"} \
        | layers[1]: unknown member "activations" (expected weights, bias, activation)
        """)
    void malformedLastLayersAreRefusedWithTheFileAndThePath(final String name, final String layer, final String problem)
        throws Exception
    {
        assertRefused(name, "{\"weights\": [[1, 2], [3, 4]], \"bias\": [0, 0], \"activation\": \"relu\"}, " + layer,
            problem);
    }

    @Test
    void aNetworkWithoutLayersIsRefused() throws Exception
    {
        assertRefused("empty", "", "layers: none, a network has at least one");
    }

    private void assertRefused(final String name, final String layers, final String problem) throws Exception
    {
        final Path file = temp.resolve(name.replace(' ', '-') + ".json");
        Files.writeString(file, "{\"kind\": \"mlp-json\", \"features\": [\"a\", \"b\"], \"layers\": [" + layers + "]}");
        assertEquals(file + ": " + problem,
            assertThrows(IllegalArgumentException.class, () -> new MlpJsonLoader().load(file)).getMessage());
    }

    private static double[] scaled(final SplitMix64 random, final int count, final double scale)
    {
        final double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = scale * gaussian(random);
        }
        return values;
    }
}
