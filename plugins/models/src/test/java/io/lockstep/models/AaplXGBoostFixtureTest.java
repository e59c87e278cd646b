package io.lockstep.models;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code src/test/resources/xgboost/aapl-demo.json}: an XGBoost model trained on real features, so that an XGBoost
 * model can be tried from a fresh clone ({@code plugins/models/README.md}). Its rows are {@code research features}
 * of the LOBSTER AAPL sample through the engine's built-in graph ({@code demo.features}); its label the return
 * 20 events ahead, in basis points. {@code aapl-demo-expected.csv} holds every row's features and XGBoost's own
 * prediction.
 * <p>
 * To make it again (XGBoost4J as the build pins it, one thread, seed 7):
 * <pre>
 * sample=engine/src/test/resources/data/lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv
 * ./lockstep journal import --feed lobster:$sample --out /tmp/aapl
 * ./lockstep research features --journal /tmp/aapl \
 *     --graph engine/src/main/resources/io/lockstep/features/demo.features \
 *     --label 'fwd_ret_20=Fwd(Ret(mid, 20), 20)' --out /tmp/aapl-demo.csv
 * mvn -q -pl plugins/models test-compile
 * java -cp "plugins/models/target/test-classes:$(mvn -q -pl plugins/models dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout)" io.lockstep.models.AaplXGBoostFixtureTest /tmp/aapl-demo.csv \
 *     plugins/models/src/test/resources/xgboost
 * </pre>
 */
class AaplXGBoostFixtureTest
{
    static final List<String> FEATURES = List.of("imb_1", "imb_3", "ofi_20", "ret_10");
    private static final String LABEL = "fwd_ret_20";
    /** The label in basis points: XGBoost splits nothing that gains less than 1e-6, as returns of 1e-4 would. */
    private static final double BASIS_POINTS = 10_000;

    /** The committed model predicts what XGBoost itself predicted for every row: the fixture is XGBoost's. */
    @Test
    void xgboostPredictsTheCommittedPredictions() throws Exception
    {
        final Rows expected = Rows.read(resource("aapl-demo-expected.csv"), "prediction");
        final Booster booster = XGBoost.loadModel(resource("aapl-demo.json").toString());
        final float[][] predicted = booster.predict(expected.matrix());
        for (int r = 0; r < expected.size(); r++)
        {
            assertEquals(Float.floatToRawIntBits((float)expected.target(r)),
                Float.floatToRawIntBits(predicted[r][0]), "row " + (r + 1));
        }
    }

    /** The import predicts XGBoost's float bit for bit, missing features (the warm-up rows) included. */
    @Test
    void theImportPredictsXGBoostsFloats() throws Exception
    {
        final Rows expected = Rows.read(resource("aapl-demo-expected.csv"), "prediction");
        final TreeEnsemble imported = XGBoostJson.load(resource("aapl-demo.json"));
        assertEquals(FEATURES, imported.featureNames());
        int missing = 0;
        for (int r = 0; r < expected.size(); r++)
        {
            final double[] row = expected.features(r);
            missing += Double.isNaN(row[3]) ? 1 : 0;
            assertEquals(Float.floatToRawIntBits((float)expected.target(r)),
                Float.floatToRawIntBits((float)imported.predict(row)), "row " + (r + 1));
        }
        assertTrue(expected.size() > 900 && missing > 0, expected.size() + " rows, " + missing + " in warm-up");
    }

    /**
     * Trains the fixture on the rows whose features and label are all present, then writes the model and every
     * row's features with XGBoost's prediction.
     *
     * @param args the feature matrix of {@code research features}, and the directory to write into.
     */
    public static void main(final String[] args) throws Exception
    {
        final Rows rows = Rows.read(Path.of(args[0]), LABEL);
        final List<Integer> complete = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++)
        {
            if (rows.complete(r))
            {
                complete.add(r);
            }
        }
        final float[] data = new float[complete.size() * FEATURES.size()];
        final float[] labels = new float[complete.size()];
        for (int i = 0; i < complete.size(); i++)
        {
            final double[] row = rows.features(complete.get(i));
            for (int f = 0; f < row.length; f++)
            {
                data[i * row.length + f] = (float)row[f];
            }
            labels[i] = (float)(rows.target(complete.get(i)) * BASIS_POINTS);
        }
        final DMatrix train = new DMatrix(data, labels.length, FEATURES.size(), Float.NaN);
        train.setLabel(labels);
        train.setFeatureNames(FEATURES.toArray(String[]::new));
        final Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", 3);
        params.put("eta", 0.3);
        params.put("nthread", 1);
        params.put("seed", 7);
        params.put("tree_method", "exact");
        final Booster booster = XGBoost.train(train, params, 20, new HashMap<>(), null, null);
        final Path out = Path.of(args[1]);
        Files.createDirectories(out);
        booster.saveModel(out.resolve("aapl-demo.json").toString());

        final float[][] predicted = booster.predict(rows.matrix());
        final StringBuilder csv = new StringBuilder(String.join(",", FEATURES)).append(",prediction\n");
        for (int r = 0; r < rows.size(); r++)
        {
            for (final double value : rows.features(r))
            {
                csv.append(Double.isNaN(value) ? "" : Double.toString(value)).append(',');
            }
            csv.append(predicted[r][0]).append('\n');
        }
        Files.writeString(out.resolve("aapl-demo-expected.csv"), csv);
        System.out.printf("trained on %,d of %,d rows; wrote %s%n", labels.length, rows.size(), out);
    }

    private static Path resource(final String name)
    {
        try
        {
            return Path.of(AaplXGBoostFixtureTest.class.getResource("/xgboost/" + name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** A CSV's {@link #FEATURES} columns and one more, the target; an empty cell is missing (NaN). */
    private record Rows(List<double[]> features, double[] targets)
    {
        static Rows read(final Path csv, final String target)
        {
            final List<String> lines;
            try
            {
                lines = Files.readAllLines(csv);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            final List<String> header = List.of(lines.get(0).split(",", -1));
            final int[] columns = FEATURES.stream().mapToInt(header::indexOf).toArray();
            final int targetColumn = header.indexOf(target);
            final List<double[]> features = new ArrayList<>();
            final double[] targets = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++)
            {
                final String[] cells = lines.get(i).split(",", -1);
                final double[] row = new double[columns.length];
                for (int f = 0; f < columns.length; f++)
                {
                    row[f] = value(cells[columns[f]]);
                }
                features.add(row);
                targets[i - 1] = value(cells[targetColumn]);
            }
            return new Rows(features, targets);
        }

        private static double value(final String cell)
        {
            return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
        }

        int size()
        {
            return features.size();
        }

        double[] features(final int row)
        {
            return features.get(row);
        }

        double target(final int row)
        {
            return targets[row];
        }

        boolean complete(final int row)
        {
            for (final double value : features.get(row))
            {
                if (Double.isNaN(value))
                {
                    return false;
                }
            }
            return !Double.isNaN(targets[row]);
        }

        DMatrix matrix() throws Exception
        {
            final float[] data = new float[size() * FEATURES.size()];
            for (int r = 0; r < size(); r++)
            {
                for (int f = 0; f < FEATURES.size(); f++)
                {
                    data[r * FEATURES.size() + f] = (float)features.get(r)[f];
                }
            }
            return new DMatrix(data, size(), FEATURES.size(), Float.NaN);
        }
    }
}
