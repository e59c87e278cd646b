package io.lockstep.models;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import io.lockstep.util.SplitMix64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * LightGBM 3.3.5 itself ({@code com.microsoft.ml.lightgbm:lightgbmlib}, test scope, its Linux x86-64 native
 * library) as the reference: the hand-written fixtures, and models it trains on rows with NaN, zeros, values within
 * {@code kZeroThreshold} of zero and {@code -kZeroThreshold} itself, predicted through its dense-matrix C API
 * ({@code LGBM_BoosterPredictForMat}, one thread), as Python's {@code Booster.predict} does. Raw scores, and so
 * regression predictions, must be bit-identical; probabilities within 2 ulps (LightGBM calls the C library's
 * {@code exp}, we {@link StrictMath#exp}; see {@link LightGbmTextTest}).
 */
class LightGbmReferenceTest
{
    private static final int ROWS = 3_000;
    private static final int FEATURES = 5;
    private static final int ITERATIONS = 30;
    private static final String NATIVE = "/com/microsoft/ml/lightgbm/linux/x86_64/";

    @TempDir
    static Path natives;

    @TempDir
    Path temp;

    @BeforeAll
    static void loadLightGbm() throws Exception
    {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") &&
            Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "lightgbmlib ships Linux x86-64 only");
        // The swig library links against lib_lightgbm.so by name: load that first.
        for (final String library : new String[]{"lib_lightgbm.so", "lib_lightgbm_swig.so"})
        {
            final Path file = natives.resolve(library);
            try (InputStream in = LightGbmReferenceTest.class.getResourceAsStream(NATIVE + library))
            {
                Files.copy(in, file);
            }
            System.load(file.toString());
        }
    }

    @Test
    void handWrittenFixturesPredictAsLightGbm() throws Exception
    {
        final double[][] rows = LightGbmTextTest.REGRESSION_ROWS;
        final LightGbmEnsemble regression = LightGbmText.load(LightGbmTextTest.resource("regression.txt"));
        final double[] lightGbmRegression = predict(Files.readString(LightGbmTextTest.resource("regression.txt")),
            rows, lightgbmlibConstants.C_API_PREDICT_NORMAL);
        for (int row = 0; row < rows.length; row++)
        {
            assertBits(lightGbmRegression[row], regression.predict(rows[row]), "regression row " + (row + 1));
            assertBits(LightGbmTextTest.regressionExpected(row), lightGbmRegression[row], "by hand, row " + (row + 1));
        }

        final double[][] binaryRows = LightGbmTextTest.BINARY_ROWS;
        final String binaryText = Files.readString(LightGbmTextTest.resource("binary.txt"));
        final LightGbmEnsemble binary = LightGbmText.load(LightGbmTextTest.resource("binary.txt"));
        final double[] raw = predict(binaryText, binaryRows, lightgbmlibConstants.C_API_PREDICT_RAW_SCORE);
        final double[] probability = predict(binaryText, binaryRows, lightgbmlibConstants.C_API_PREDICT_NORMAL);
        for (int row = 0; row < binaryRows.length; row++)
        {
            assertBits(raw[row], binary.rawScore(binaryRows[row]), "binary raw row " + (row + 1));
            assertBits(LightGbmTextTest.binaryRawExpected(row), raw[row], "by hand, row " + (row + 1));
            assertUlps(probability[row], binary.predict(binaryRows[row]), "binary row " + (row + 1));
        }
    }

    @Test
    void modelsTrainedByLightGbmPredictBitForBit() throws Exception
    {
        final double[][] rows = rows();
        final Set<Integer> decisionTypes = new TreeSet<>();
        for (final String objective : new String[]{"regression", "regression zero_as_missing=true", "binary"})
        {
            final String text = train(rows, objective);
            for (final String line : text.split("\n"))
            {
                if (line.startsWith("decision_type="))
                {
                    for (final String type : line.substring("decision_type=".length()).split(" "))
                    {
                        decisionTypes.add(Integer.parseInt(type));
                    }
                }
            }
            final Path file = Files.writeString(temp.resolve(objective.replace(' ', '_') + ".txt"), text);
            final LightGbmEnsemble model = LightGbmText.load(file);
            assertEquals(ITERATIONS, model.treeCount(), objective);
            final double[] raw = predict(text, rows, lightgbmlibConstants.C_API_PREDICT_RAW_SCORE);
            final double[] predicted = predict(text, rows, lightgbmlibConstants.C_API_PREDICT_NORMAL);
            for (int row = 0; row < rows.length; row++)
            {
                assertBits(raw[row], model.rawScore(rows[row]), objective + " raw, row " + row);
                if (objective.startsWith("binary"))
                {
                    assertUlps(predicted[row], model.predict(rows[row]), objective + ", row " + row);
                }
                else
                {
                    assertBits(predicted[row], model.predict(rows[row]), objective + ", row " + row);
                }
            }
        }
        // The trained splits cover every missing type: None (0, 2), Zero (4, 6) and NaN (8, 10).
        assertTrue(decisionTypes.stream().anyMatch(t -> t >> 2 == 0), "None splits: " + decisionTypes);
        assertTrue(decisionTypes.stream().anyMatch(t -> t >> 2 == 1), "Zero splits: " + decisionTypes);
        assertTrue(decisionTypes.stream().anyMatch(t -> t >> 2 == 2), "NaN splits: " + decisionTypes);
    }

    /**
     * Features 0-2 are a tenth NaN, a tenth exactly 0, and some 1e-36, -1e-36 or -kZeroThreshold; feature 3 has
     * zeros but never NaN (so LightGBM gives it missing type None); feature 4 is plain.
     */
    private static double[][] rows()
    {
        final SplitMix64 random = new SplitMix64(11);
        final double[] specials = {Double.NaN, 0.0, -0.0, 1e-36, -1e-36, -LightGbmTextTest.KZ, LightGbmTextTest.KZ};
        final double[][] rows = new double[ROWS][FEATURES];
        for (final double[] row : rows)
        {
            for (int f = 0; f < FEATURES; f++)
            {
                final double x = (random.nextInt(2_000_001) - 1_000_000) / 100_000.0;
                final int pick = random.nextInt(20);
                if (f < 3 && pick < specials.length)
                {
                    row[f] = specials[pick];
                }
                else if (f == 3 && pick < 2)
                {
                    row[f] = 0.0;
                }
                else
                {
                    row[f] = x;
                }
            }
        }
        return rows;
    }

    private static String train(final double[][] rows, final String objective)
    {
        final String parameters = "objective=" + objective + " num_leaves=15 learning_rate=0.2 min_data_in_leaf=5 " +
            "num_threads=1 deterministic=true seed=7 verbosity=-1";
        final SWIGTYPE_p_double data = matrix(rows);
        final SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(rows.length);
        for (int r = 0; r < rows.length; r++)
        {
            double y = 0;
            for (int f = 0; f < FEATURES; f++)
            {
                y += (f + 1) * (Double.isNaN(rows[r][f]) ? 0.5 : rows[r][f] == 0.0 ? -1.0 : Math.sin(rows[r][f]));
            }
            lightgbmlib.floatArray_setitem(labels, r, objective.equals("binary") ? (y > 0 ? 1.0f : 0.0f) : (float)y);
        }
        final SWIGTYPE_p_p_void datasetOut = lightgbmlib.voidpp_handle();
        check(lightgbmlib.LGBM_DatasetCreateFromMat(lightgbmlib.double_to_voidp_ptr(data),
            lightgbmlibConstants.C_API_DTYPE_FLOAT64, rows.length, FEATURES, 1, parameters, null, datasetOut));
        final SWIGTYPE_p_void dataset = lightgbmlib.voidpp_value(datasetOut);
        check(lightgbmlib.LGBM_DatasetSetField(dataset, "label", lightgbmlib.float_to_voidp_ptr(labels), rows.length,
            lightgbmlibConstants.C_API_DTYPE_FLOAT32));
        final SWIGTYPE_p_p_void boosterOut = lightgbmlib.voidpp_handle();
        check(lightgbmlib.LGBM_BoosterCreate(dataset, parameters, boosterOut));
        final SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(boosterOut);
        final SWIGTYPE_p_int finished = lightgbmlib.new_intp();
        for (int i = 0; i < ITERATIONS; i++)
        {
            check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, finished));
        }
        final SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
        final String text = lightgbmlib.LGBM_BoosterSaveModelToStringSWIG(booster, 0, -1, 0, 1L << 26, length);
        check(lightgbmlib.LGBM_BoosterFree(booster));
        check(lightgbmlib.LGBM_DatasetFree(dataset));
        lightgbmlib.delete_doubleArray(data);
        lightgbmlib.delete_floatArray(labels);
        return text;
    }

    /** @return LightGBM's prediction for each row, from the model text, through its dense-matrix C API. */
    private static double[] predict(final String model, final double[][] rows, final int predictType)
    {
        final SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
        final SWIGTYPE_p_p_void boosterOut = lightgbmlib.voidpp_handle();
        check(lightgbmlib.LGBM_BoosterLoadModelFromString(model, iterations, boosterOut));
        final SWIGTYPE_p_void booster = lightgbmlib.voidpp_value(boosterOut);
        final SWIGTYPE_p_double data = matrix(rows);
        final SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(rows.length);
        final SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
        check(lightgbmlib.LGBM_BoosterPredictForMat(booster, lightgbmlib.double_to_voidp_ptr(data),
            lightgbmlibConstants.C_API_DTYPE_FLOAT64, rows.length, rows[0].length, 1, predictType, 0, -1,
            "num_threads=1", length, out));
        assertEquals(rows.length, lightgbmlib.int64_tp_value(length));
        final double[] predictions = new double[rows.length];
        for (int r = 0; r < rows.length; r++)
        {
            predictions[r] = lightgbmlib.doubleArray_getitem(out, r);
        }
        check(lightgbmlib.LGBM_BoosterFree(booster));
        lightgbmlib.delete_doubleArray(data);
        lightgbmlib.delete_doubleArray(out);
        return predictions;
    }

    private static SWIGTYPE_p_double matrix(final double[][] rows)
    {
        final int columns = rows[0].length;
        final SWIGTYPE_p_double data = lightgbmlib.new_doubleArray((long)rows.length * columns);
        for (int r = 0; r < rows.length; r++)
        {
            for (int f = 0; f < columns; f++)
            {
                lightgbmlib.doubleArray_setitem(data, (long)r * columns + f, rows[r][f]);
            }
        }
        return data;
    }

    private static void check(final int result)
    {
        assertEquals(0, result, () -> "LightGBM: " + lightgbmlib.LGBM_GetLastError());
    }

    private static void assertBits(final double expected, final double actual, final String what)
    {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
            what + ": expected " + expected + ", got " + actual);
    }

    private static void assertUlps(final double expected, final double actual, final String what)
    {
        assertTrue(Math.abs(expected - actual) <= 2 * Math.ulp(expected),
            what + ": expected " + expected + " within 2 ulps, got " + actual);
    }
}
