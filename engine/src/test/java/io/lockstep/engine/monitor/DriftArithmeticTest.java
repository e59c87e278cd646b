package io.lockstep.engine.monitor;

import io.lockstep.engine.model.ColumnDistribution;
import io.lockstep.engine.model.TrainingReference;
import io.lockstep.engine.spi.Model;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Decile bins, the population stability index and the reference's JSON form, on values worked out by hand. */
class DriftArithmeticTest
{
    /** A model of the first feature alone, so the prediction's distribution is known too. */
    private static final Model DOUBLE_FIRST = new Model()
    {
        public int featureCount()
        {
            return 2;
        }

        public double predict(final double[] features)
        {
            return 2 * features[0];
        }
    };

    /** Rows (i, NaN every tenth row else -i) for i = 1..100. */
    private static List<double[]> rows()
    {
        final List<double[]> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++)
        {
            rows.add(new double[] { i, i % 10 == 0 ? Double.NaN : -i });
        }
        return rows;
    }

    @Test
    void decileEdgesSplitTheTrainingRowsIntoTenthsAndMissingValuesApart()
    {
        final TrainingReference reference = TrainingReference.build(List.of("x", "y"), rows(), DOUBLE_FIRST);
        final ColumnDistribution x = reference.features().get(0);
        // Sorted 1..100: the k-th edge is the largest of the first k tenths, 10k.
        assertArrayEquals(new double[] { 10, 20, 30, 40, 50, 60, 70, 80, 90 }, x.edges());
        for (int bin = 0; bin < ColumnDistribution.VALUE_BINS; bin++)
        {
            assertEquals(0.1, x.fraction(bin), "bin " + bin);
        }
        assertEquals(0, x.missingFraction());
        assertEquals(50.5, x.mean());

        final ColumnDistribution y = reference.features().get(1);
        assertEquals(0.1, y.missingFraction(), 1e-15, "every tenth row is missing");
        assertEquals(ColumnDistribution.MISSING_BIN, ColumnDistribution.bin(y.edges(), Double.NaN));
        assertEquals(0, ColumnDistribution.bin(x.edges(), Double.NEGATIVE_INFINITY));
        assertEquals(9, ColumnDistribution.bin(x.edges(), Double.POSITIVE_INFINITY));
        assertEquals(0, ColumnDistribution.bin(x.edges(), 10), "an edge belongs to the bin below it");
        assertEquals(1, ColumnDistribution.bin(x.edges(), 10.5));

        final ColumnDistribution prediction = reference.prediction();
        assertEquals(101.0, prediction.mean(), "the model's own predictions on the training rows");
        assertEquals(20, prediction.edges()[0]);
    }

    @Test
    void theStabilityIndexIsZeroForTheTrainingDistributionAndMatchesAHandComputedShift()
    {
        final ColumnDistribution x =
            TrainingReference.build(List.of("x", "y"), rows(), DOUBLE_FIRST).features().get(0);
        final LiveColumn same = new LiveColumn(x);
        for (int i = 1; i <= 100; i++)
        {
            same.add(i);
        }
        assertEquals(0.0, same.psi(), "the training rows against themselves");

        // All live values in the first bin: live 1 there and 0 (floored to 1e-4) in the nine others.
        final LiveColumn shifted = new LiveColumn(x);
        for (int i = 0; i < 50; i++)
        {
            shifted.add(-5);
        }
        final double expected = (1 - 0.1) * Math.log(1 / 0.1) + 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
        assertEquals(expected, shifted.psi(), 1e-12);
        assertTrue(shifted.psi() > AlphaDrift.SIGNIFICANT);
        assertEquals(-5.0, shifted.mean());
        assertEquals("significant", AlphaDrift.band(shifted.psi()));
        assertEquals("moderate", AlphaDrift.band(0.2));
        assertEquals("stable", AlphaDrift.band(0.05));
        assertTrue(Double.isNaN(new LiveColumn(x).psi()), "no live value, no index");
    }

    @Test
    void theJsonFormReadsBackToTheSameReference()
    {
        final TrainingReference reference = TrainingReference.build(List.of("x", "y"), rows(), DOUBLE_FIRST);
        final String json = reference.toJson();
        final TrainingReference read = TrainingReference.parse(json, "reference.json");
        assertEquals(json, read.toJson());
        assertEquals(100, read.rows());
    }

    @Test
    void aBrokenReferenceIsRefusedWithWhereAndWhat()
    {
        final List<double[]> infinite = rows();
        infinite.get(41)[1] = Double.POSITIVE_INFINITY;
        final IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.build(List.of("x", "y"), infinite, DOUBLE_FIRST));
        assertEquals("column y, training row 42: Infinity (a training reference holds finite values, or missing " +
            "ones)",
            inf.getMessage());

        final String json = TrainingReference.build(List.of("x", "y"), rows(), DOUBLE_FIRST).toJson();
        final IllegalArgumentException fractions = assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.parse(
            json.replaceFirst("\"fractions\": \\[[^\\]]*\\]", "\"fractions\": [1.0]"), "a/reference.json"));
        assertEquals("a/reference.json, column x: expected 9 edges and 11 fractions, found 9 and 1",
            fractions.getMessage());
        final IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.parse(json.replaceFirst("10\\.0,(\\s*)20\\.0", "20.0,$110.0"),
            "a/reference.json"));
        assertEquals("a/reference.json, column x: edges out of order at 2", order.getMessage());
        final IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.parse(json.replace("\"version\": 1", "\"version\": 7"), "a/reference.json"));
        assertEquals("a/reference.json: reference version 7, this engine reads 1", version.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.parse("{\"version\":1,\"features\":[]", "a/reference.json"), "truncated");
        final IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.parse(json.replaceFirst("0\\.1,", "0.2,"), "a/reference.json"));
        assertTrue(sum.getMessage().startsWith("a/reference.json, column x: fractions sum to 1.09999"),
            sum.getMessage());
        final IllegalArgumentException mean = assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.parse(json.replace("\"mean\": 50.5", "\"mean\": \"high\""), "a/reference.json"));
        assertEquals("a/reference.json, column x: \"mean\" must be a number, found high", mean.getMessage());
        final IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
            () -> TrainingReference.parse(json, "r").checkFeatures(List.of("x", "z"), "model artifact a"));
        assertEquals("model artifact a: reference.json describes 2 features, the model reads 2; first difference " +
            "at position 2 (y against z)", names.getMessage());
    }
}
