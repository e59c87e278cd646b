package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;
import io.lockstep.testing.AllocationWindows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two models written by hand from LightGBM's text format ({@code Tree::ToString}, {@code GBDT::SaveModelToString}),
 * in {@code src/test/resources/lightgbm/}, evaluated on rows whose leaf in every tree is worked out by hand below.
 * <p>
 * {@code regression.txt}, features (spread, imbalance, volume), {@code kZ} = {@code (double)1e-35f} =
 * 1.0000000180025095e-35:
 * <pre>
 * tree 0  split 0: spread    &lt;= -0.5   None, default-left bit set (ignored) -&gt; split 1 | leaf 0 = 1.1
 *         split 1: imbalance &lt;= 0.25   Zero, default right               -&gt; leaf 1 = 0.7 | leaf 2 = 1.3
 * tree 1  split 0: volume    &lt;= 10     NaN, default left                 -&gt; split 1 | split 2
 *         split 1: spread    &lt;= -2     NaN, default right                -&gt; leaf 0 = 0.2 | leaf 1 = -0.1
 *         split 2: imbalance &lt;= -3     Zero, default left                -&gt; leaf 2 = 0.3 | leaf 3 = -0.05
 * tree 2  split 0: imbalance &lt;= -kZ    NaN, default left                 -&gt; leaf 0 = 0.3 | split 1
 *         split 1: volume    &lt;= 0      None                              -&gt; leaf 1 = -0.2 | leaf 2 = 0.1
 * </pre>
 * The expected prediction of a row is {@code ((0.0 + tree 0's leaf) + tree 1's leaf) + tree 2's leaf} in double:
 * the leaves are read off by hand (the comment on each row), the three additions are done by Java exactly as the
 * evaluator must do them, so equality is exact. {@code LightGbmReferenceTest} checks the same rows against
 * LightGBM 3.3.5 itself.
 */
class LightGbmTextTest
{
    static final double KZ = 1e-35f;
    static final double NAN = Double.NaN;
    static final double INF = Double.POSITIVE_INFINITY;

    private static final double[][] REGRESSION_LEAVES = {{1.1, 0.7, 1.3}, {0.2, -0.1, 0.3, -0.05}, {0.3, -0.2, 0.1}};

    /** Rows of (spread, imbalance, volume). */
    static final double[][] REGRESSION_ROWS = {
        {1, 1, 1},
        {NAN, NAN, NAN},
        {-0.5, 0.25, 10},
        {-1, 0, 20},
        {-1, NAN, 20},
        {-1, 1e-35, 20},
        {-1, -KZ, 20},
        {-1, Math.nextUp(KZ), 20},
        {-3, -5, NAN},
        {NAN, -5, Math.nextUp(10.0)},
        {-2, 3, 1e-36},
        {0.5, 3, NAN},
        {-0.0, -0.0, -0.0},
        {-INF, INF, INF},
    };

    /** The leaf each row reaches in trees 0, 1 and 2, by hand. */
    private static final int[][] REGRESSION_PATHS = {
        // 1 > -0.5: leaf 0 | 1 <= 10, 1 > -2: leaf 1 | 1 > -kZ, 1 > 0: leaf 2
        {0, 1, 2},
        // None reads NaN as 0 > -0.5: leaf 0, the default-left bit is not used | NaN default left to split 1,
        // NaN default right: leaf 1 | NaN default left: leaf 0
        {0, 1, 0},
        // each value on its threshold goes left: -0.5 to split 1, 0.25: leaf 1 | 10 to split 1, -0.5 > -2: leaf 1
        // | 0.25 > -kZ, 10 > 0: leaf 2
        {1, 1, 2},
        // zero on Zero splits takes the default: right to leaf 2 (0 <= 0.25 would go left) | 20 > 10, zero default
        // left: leaf 2 (0 > -3 would go right) | 0 > -kZ, 20 > 0: leaf 2
        {2, 2, 2},
        // NaN on a Zero split is read as 0 and takes the default: leaf 2 | leaf 2 | NaN default left: leaf 0
        {2, 2, 0},
        // 1e-35 <= kZ is zero on Zero splits: leaf 2 | leaf 2 | read as 0.0 > -kZ, 20 > 0: leaf 2
        {2, 2, 2},
        // -kZ is zero: leaf 2 | leaf 2 | read as 0.0 (the dense predict drops |x| <= kZ), 0 > -kZ: split 1, leaf 2
        // (the raw -kZ <= -kZ would go to leaf 0)
        {2, 2, 2},
        // the double after kZ is not zero: <= 0.25: leaf 1 | 20 > 10, > -3: leaf 3 | > -kZ, 20 > 0: leaf 2
        {1, 3, 2},
        // -3 <= -0.5, -5 <= 0.25: leaf 1 | NaN default left, -3 <= -2: leaf 0 | -5 <= -kZ: leaf 0
        {1, 0, 0},
        // NaN read as 0 > -0.5: leaf 0 | the double after 10 > 10, -5 <= -3: leaf 2 | -5 <= -kZ: leaf 0
        {0, 2, 0},
        // -2 <= -0.5, 3 > 0.25: leaf 2 | 1e-36 <= 10, -2 <= -2: leaf 0 | 3 > -kZ; 1e-36 read as 0.0 <= 0: leaf 1
        // (the raw 1e-36 > 0 would go to leaf 2)
        {2, 0, 1},
        // 0.5 > -0.5: leaf 0 | NaN default left, 0.5 > -2: leaf 1 | 3 > -kZ; None reads NaN as 0 <= 0: leaf 1
        {0, 1, 1},
        // -0.0 is 0 > -0.5: leaf 0 | 0 <= 10, 0 > -2: leaf 1 | 0 > -kZ, 0 <= 0: leaf 1
        {0, 1, 1},
        // -inf <= -0.5, inf > 0.25: leaf 2 | inf > 10, inf > -3: leaf 3 | inf > -kZ, inf > 0: leaf 2
        {2, 3, 2},
    };

    /**
     * {@code binary.txt} (objective {@code binary sigmoid:1}): tree 0 splits spread &lt;= 0 (NaN, default right) to
     * leaf 0 = -0.8, else volume &lt;= 50 (Zero, default left) to leaf 1 = 0.4 | leaf 2 = 1.2; tree 1 is a single
     * leaf, -0.15. The raw score is {@code (0.0 + leaf) + -0.15}.
     */
    static final double[][] BINARY_ROWS = {
        {1, 0, 1},
        {NAN, NAN, NAN},
        {-0.5, 0, 0},
        {0, 0, 60},
        {1e-36, 0, 60},
        {1, 0, 60},
        {1, 0, 50},
        {1, 0, -1e-36},
        {1, 0, Math.nextUp(50.0)},
    };

    private static final double[] BINARY_LEAVES = {-0.8, 0.4, 1.2};

    private static final int[] BINARY_PATHS = {
        // 1 > 0, 1 <= 50: leaf 1
        1,
        // NaN default right; NaN on the Zero split is read as 0, default left: leaf 1
        1,
        // -0.5 <= 0: leaf 0
        0,
        // 0 <= 0: leaf 0
        0,
        // 1e-36 is read as 0.0 <= 0: leaf 0 (the raw 1e-36 > 0 would go right)
        0,
        // 1 > 0, 60 > 50: leaf 2
        2,
        // 50 <= 50: leaf 1
        1,
        // -1e-36 is zero, default left: leaf 1
        1,
        // the double after 50 > 50: leaf 2
        2,
    };

    @TempDir
    Path temp;

    static Path resource(final String name) throws Exception
    {
        return Path.of(LightGbmTextTest.class.getResource("/lightgbm/" + name).toURI());
    }

    static double regressionExpected(final int row)
    {
        double score = 0.0;
        for (int tree = 0; tree < REGRESSION_LEAVES.length; tree++)
        {
            score += REGRESSION_LEAVES[tree][REGRESSION_PATHS[row][tree]];
        }
        return score;
    }

    static double binaryRawExpected(final int row)
    {
        return (0.0 + BINARY_LEAVES[BINARY_PATHS[row]]) + -0.15;
    }

    @Test
    void regressionRowsPredictTheHandComputedSums() throws Exception
    {
        final LightGbmEnsemble model = LightGbmText.load(resource("regression.txt"));
        assertEquals(3, model.featureCount());
        assertEquals(List.of("spread", "imbalance", "volume"), model.featureNames());
        assertEquals(3, model.treeCount());
        for (int row = 0; row < REGRESSION_ROWS.length; row++)
        {
            final double expected = regressionExpected(row);
            assertEquals(expected, model.predict(REGRESSION_ROWS[row]), 0.0, "row " + (row + 1));
            assertEquals(expected, model.rawScore(REGRESSION_ROWS[row]), 0.0, "row " + (row + 1));
        }
        // Row 5 sums 1.3 + 0.3 + 0.3: in tree order 1.9000000000000001, the other way round 1.9; the order is
        // LightGBM's, tree by tree from 0.0.
        assertEquals(1.9000000000000001, model.predict(REGRESSION_ROWS[4]), 0.0);
        assertNotEquals(1.3 + (0.3 + 0.3), model.predict(REGRESSION_ROWS[4]), 0.0);
    }

    /**
     * A model LightGBM 4.7 trained and saved ({@code make_inf_fixture.py} beside it): three of its splits part missing
     * from present values, which LightGBM writes as {@code threshold=inf}. Its raw scores on 200 rows, written by
     * LightGBM's own {@code predict(raw_score=True)} with Python's shortest round-trip {@code repr}, are equalled bit
     * for bit.
     */
    @Test
    void aModelWithInfiniteThresholdsPredictsAsLightGbmDid() throws Exception
    {
        final LightGbmEnsemble model = LightGbmText.load(resource("regression-inf.txt"));
        assertTrue(Files.readString(resource("regression-inf.txt")).contains(" inf "), "the fixture has inf");
        final List<String> lines = Files.readAllLines(resource("regression-inf-expected.csv"));
        assertEquals("f0,f1,f2,prediction", lines.get(0));
        assertEquals(201, lines.size());
        final double[] row = new double[3];
        for (int i = 1; i < lines.size(); i++)
        {
            final String[] cells = lines.get(i).split(",", -1);
            for (int j = 0; j < row.length; j++)
            {
                row[j] = cells[j].isEmpty() ? NAN : Double.parseDouble(cells[j]);
            }
            assertEquals(Double.parseDouble(cells[3]), model.predict(row), 0.0, "row " + i);
        }
    }

    /**
     * The probability is {@code 1 / (1 + exp(-1 * raw))} with {@link StrictMath#exp}, the evaluator's documented
     * arithmetic, so equality with that formula is exact. LightGBM itself calls the C library's {@code exp}; both
     * are within 1 ulp of the true exponential, and {@code 1 + e} and the division each add at most half an ulp,
     * while {@code d(1/(1+e))/(1/(1+e)) = -(e/(1+e)) de/e} does not amplify the error of {@code exp}: so against
     * any faithful {@code exp} (here {@link Math#exp}, an intrinsic) the result is within 2 ulps.
     */
    @Test
    void binaryRowsPredictTheSigmoidOfTheHandComputedSums() throws Exception
    {
        final LightGbmEnsemble model = LightGbmText.load(resource("binary.txt"));
        assertEquals(2, model.treeCount());
        for (int row = 0; row < BINARY_ROWS.length; row++)
        {
            final double raw = binaryRawExpected(row);
            assertEquals(raw, model.rawScore(BINARY_ROWS[row]), 0.0, "row " + (row + 1));
            final double probability = model.predict(BINARY_ROWS[row]);
            assertEquals(1.0 / (1.0 + StrictMath.exp(-1.0 * raw)), probability, 0.0, "row " + (row + 1));
            final double viaMathExp = 1.0 / (1.0 + Math.exp(-1.0 * raw));
            assertTrue(Math.abs(probability - viaMathExp) <= 2 * Math.ulp(viaMathExp), "row " + (row + 1));
        }
        assertEquals(0.25, model.rawScore(BINARY_ROWS[0]), 0.0);
        assertEquals(1.05, model.rawScore(BINARY_ROWS[5]), 0.0);
    }

    @Test
    void generatedColumnNamesMeanNoNames() throws Exception
    {
        final Path file = write("columns.txt", text("regression.txt")
            .replace("feature_names=spread imbalance volume", "feature_names=Column_0 Column_1 Column_2"));
        assertEquals(List.of(), LightGbmText.load(file).featureNames());
    }

    @Test
    void loaderIsFoundByKindThroughTheServiceLoader() throws Exception
    {
        final List<ModelLoader> loaders = ServiceLoader.load(ModelLoader.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(loader -> loader.kind().equals("lightgbm-text"))
            .toList();
        assertEquals(1, loaders.size());
        final Model model = loaders.get(0).load(resource("regression.txt"));
        assertEquals(3, model.featureCount());
        assertEquals(regressionExpected(0), model.predict(REGRESSION_ROWS[0]), 0.0);
    }

    @Test
    void predictionAllocatesNothing() throws Exception
    {
        final LightGbmEnsemble model = LightGbmText.load(resource("binary.txt"));
        final double[][] rows = BINARY_ROWS;
        final double[] sink = { 0 };
        for (int i = 0; i < 200_000; i++)
        {
            sink[0] += model.predict(rows[i % rows.length]);
        }
        final List<Long> windows = AllocationWindows.measure(() ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                sink[0] += model.predict(rows[i % rows.length]);
            }
        }, 3, 10);
        assertTrue(AllocationWindows.endsWithZeros(windows, 3),
            "bytes allocated per window of 100,000 predictions: " + windows + " (sink " + sink[0] + ")");
    }

    static Stream<Arguments> refusals()
    {
        return Stream.of(
            // what, file, text replaced, replacement, the line the message names, what it says
            refusal("categorical split", "regression.txt", "decision_type=2 4", "decision_type=3 4",
                "decision_type=3 4", "tree 0 split 0: decision_type 3 is a categorical split, not supported"),
            refusal("categorical count", "regression.txt", "num_leaves=4\nnum_cat=0", "num_leaves=4\nnum_cat=1",
                "num_cat=1", "tree 1: num_cat=1: categorical splits are not supported (expected 0)"),
            refusal("linear tree", "regression.txt", "is_linear=0\nshrinkage=0.1\n\n\nend of trees",
                "is_linear=1\nshrinkage=0.1\n\n\nend of trees",
                "is_linear=1", "tree 2: is_linear=1: linear trees are not supported (expected 0)"),
            refusal("multiclass", "regression.txt", "num_class=1", "num_class=3",
                "num_class=3", "num_class=3: multiclass models are not supported (expected 1)"),
            refusal("trees per iteration", "regression.txt", "num_tree_per_iteration=1", "num_tree_per_iteration=3",
                "num_tree_per_iteration=3", "num_tree_per_iteration=3 is not supported (expected 1)"),
            refusal("unknown objective", "regression.txt", "objective=regression", "objective=poisson",
                "objective=poisson", "objective=poisson is not supported (expected 'regression' or"),
            refusal("regression sqrt", "regression.txt", "objective=regression", "objective=regression sqrt",
                "objective=regression sqrt", "objective=regression sqrt is not supported"),
            refusal("sigmoid not positive", "binary.txt", "sigmoid:1", "sigmoid:0",
                "objective=binary sigmoid:0", "sigmoid must be a positive number"),
            refusal("missing header key", "regression.txt", "max_feature_idx=2\n", "",
                "tree", "header has no max_feature_idx= line"),
            refusal("missing tree key", "regression.txt", "threshold=10 -2 -3\n", "",
                "Tree=1", "Tree=1 has no threshold= line"),
            refusal("leaf values for num_leaves", "regression.txt", "leaf_value=1.1 0.7 1.3", "leaf_value=1.1 0.7",
                "leaf_value=1.1 0.7", "tree 0: leaf_value has 2 values (expected 3 for num_leaves=3)"),
            // Refused before anything is sized by the count: it used to allocate seven arrays of 2^31 first.
            refusal("num_leaves beyond its values", "regression.txt", "num_leaves=3", "num_leaves=2147483647",
                "leaf_value=1.1 0.7 1.3", "tree 0: leaf_value has 3 values (expected 2147483647 for "),
            refusal("max_feature_idx beyond an int", "regression.txt", "max_feature_idx=2",
                "max_feature_idx=2147483647", "max_feature_idx=2147483647",
                "max_feature_idx=2147483647 (expected below 1048576"),
            refusal("splits for num_leaves", "regression.txt", "split_feature=2 0 1", "split_feature=2 0",
                "split_feature=2 0", "tree 1: split_feature has 2 values (expected 3 for num_leaves=4)"),
            refusal("leaf child out of range", "regression.txt", "left_child=1 -2", "left_child=1 -4",
                "left_child=1 -4", "tree 0 split 1 left_child -4 is out of range (expected a split 0..1 or a leaf"),
            refusal("split child out of range", "regression.txt", "right_child=2 -2 -4", "right_child=3 -2 -4",
                "right_child=3 -2 -4", "tree 1 split 0 right_child 3 is out of range"),
            refusal("cycle", "regression.txt", "left_child=1 -1 -3", "left_child=1 0 -3",
                "left_child=1 0 -3", "tree 1: split 0 is reached twice (a cycle or a shared child"),
            refusal("shared leaf", "regression.txt", "right_child=-1 -3", "right_child=-1 -2",
                "left_child=1 -2", "tree 0: leaf 1 is reached twice"),
            refusal("unreachable leaf", "regression.txt", "left_child=1 -2\nright_child=-1 -3",
                "left_child=-2 -3\nright_child=-1 1", "left_child=-2 -3", "tree 0: leaf 2 is never reached"),
            refusal("NaN threshold", "regression.txt", "threshold=-0.5 0.25", "threshold=nan 0.25",
                "threshold=nan 0.25", "tree 0 split 0: threshold is NaN (expected a number)"),
            refusal("feature out of range", "regression.txt", "split_feature=0 1", "split_feature=0 3",
                "split_feature=0 3", "tree 0 split 1: split_feature 3 is out of range (expected 0..2"),
            refusal("missing type 3", "regression.txt", "decision_type=10 8 6", "decision_type=10 12 6",
                "decision_type=10 12 6", "decision_type 12 has missing type 3 (expected 0 None, 1 Zero or 2 NaN)"),
            refusal("random forest", "regression.txt", "objective=regression\n",
                "objective=regression\naverage_output\n",
                "average_output", "average_output (a random forest) is not supported"),
            refusal("old version", "regression.txt", "version=v4", "version=v2",
                "version=v2", "version=v2 is not supported (expected v3 or v4)"),
            refusal("not a number", "regression.txt", "leaf_value=1.1 0.7 1.3", "leaf_value=1.1 0,7 1.3",
                "leaf_value=1.1 0,7 1.3", "tree 0 leaf_value 1 '0,7' is not a decimal number"),
            refusal("feature names", "regression.txt", "feature_names=spread imbalance volume",
                "feature_names=spread imbalance", "feature_names=spread imbalance",
                "2 feature names (expected 3, max_feature_idx + 1)"),
            refusal("tree sizes", "regression.txt", "tree_sizes=312 351 327", "tree_sizes=312 351",
                "tree_sizes=312 351", "tree_sizes lists 2 trees, the file has 3"),
            refusal("unknown tree key", "regression.txt", "shrinkage=0.1\n\n\nTree=2",
                "shrinkage=0.1\nleaf_bias=1\n\n\nTree=2",
                "leaf_bias=1", "unknown tree key 'leaf_bias'"),
            refusal("no end of trees", "regression.txt", "end of trees", "", "feature_importances:",
                "unexpected line 'feature_importances:' (expected 'Tree=3' or 'end of trees')"),
            refusal("not LightGBM", "regression.txt", "tree\nversion", "{\nversion", "{",
                "expected 'tree', the first line of a LightGBM text model"));
    }

    private static Arguments refusal(
        final String what,
        final String file,
        final String find,
        final String replace,
        final String line,
        final String message)
    {
        return Arguments.of(what, file, find, replace, line, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void malformedOrUnsupportedModelsAreRefusedWithFileLineAndReason(
        final String what,
        final String file,
        final String find,
        final String replace,
        final String line,
        final String message) throws Exception
    {
        final String original = text(file);
        assertTrue(original.contains(find), what + ": the fixture has " + find);
        final String edited = original.replace(find, replace);
        final Path model = write(what.replace(' ', '-') + ".txt", edited);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> LightGbmText.load(model));
        final String prefix = model + ":" + lineNumber(edited, line) + ": ";
        assertTrue(ex.getMessage().startsWith(prefix), what + ": expected " + prefix + "..., got " + ex.getMessage());
        assertTrue(ex.getMessage().contains(message), what + ": expected '" + message + "' in " + ex.getMessage());
    }

    @Test
    void fileCutShortIsRefusedAtItsLastLine() throws Exception
    {
        final String original = text("regression.txt");
        final String cut = original.substring(0, original.indexOf("end of trees"));
        final Path model = write("cut.txt", cut);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> LightGbmText.load(model));
        assertEquals(model + ":" + cut.lines().count() + ": no 'end of trees' line: the file is cut short",
            ex.getMessage());
    }

    @Test
    void missingFileIsRefused()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LightGbmText.load(temp.resolve("none.txt")))
            .getMessage().startsWith("no such model file"));
    }

    @Test
    void aFileThatIsNotTextIsRefusedNamingWhere() throws Exception
    {
        final Path model = Files.write(temp.resolve("model.txt"), new byte[] {'t', 'r', 'e', 'e', '\n', (byte)0xFF});
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> LightGbmText.load(model));
        assertEquals(model + ": not UTF-8 text: line 2, byte offset 5 (0xff)", ex.getMessage());
    }

    /** @return the 1-based number of the first line equal to {@code line}. */
    private static int lineNumber(final String text, final String line)
    {
        final int index = text.lines().toList().indexOf(line);
        assertTrue(index >= 0, "no line " + line);
        return index + 1;
    }

    private static String text(final String fixture) throws Exception
    {
        return Files.readString(resource(fixture));
    }

    private Path write(final String name, final String text) throws Exception
    {
        return Files.writeString(temp.resolve(name), text);
    }
}
