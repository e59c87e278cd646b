package io.lockstep.models;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lockstep.models.TreeEnsemble.LEAF;
import static io.lockstep.models.TreeEnsemble.Link.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split rule at its edges, against XGBoost's {@code value < condition} in float: signed zeros, infinities,
 * values that round to infinity in float, and missing values; random forests of every shape through both walks
 * against a plain walk; and ensembles whose trees are not trees.
 */
class TreeEnsembleTest
{
    private static final float LEFT_LEAF = 1.0f;
    private static final float RIGHT_LEAF = 2.0f;

    @Test
    void splitFollowsFloatLessThanAtTheEdges()
    {
        final float[] conditions = {0.0f, -0.0f, 1.5f, -1.5f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        final double[] values = {0.0, -0.0, 1.5, -1.5, 1.4999999, Math.nextUp(1.5), Double.MAX_VALUE, -1e39, 1e39,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 3.4028235e38, Float.MIN_VALUE};
        for (final float condition : conditions)
        {
            final TreeEnsemble stump = stump(condition, true);
            for (final double value : values)
            {
                final float expected = (float)value < condition ? LEFT_LEAF : RIGHT_LEAF;
                assertEquals(expected, stump.predict(new double[]{value}),
                    "value " + value + " against condition " + condition);
            }
        }
    }

    @Test
    void missingValueTakesTheDefaultDirection()
    {
        assertEquals(LEFT_LEAF, stump(0.5f, true).predict(new double[]{Double.NaN}));
        assertEquals(RIGHT_LEAF, stump(0.5f, false).predict(new double[]{Double.NaN}));
    }

    @Test
    void treesOfDifferentDepthsSumInTreeOrder()
    {
        // Tree 0: a stump on feature 0; tree 1: a single leaf; tree 2: depth 2 on features 1 then 0; trees 3-4:
        // stumps. The shallower trees are padded to depth 2.
        final int[] roots = {0, 3, 4, 9, 12};
        final int[] left = {1, LEAF, LEAF, LEAF, 5, 7, LEAF, LEAF, LEAF, 10, LEAF, LEAF, 13, LEAF, LEAF};
        final int[] right = {2, 0, 0, 0, 6, 8, 0, 0, 0, 11, 0, 0, 14, 0, 0};
        final int[] feature = {0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};
        final float[] condition = {0.5f, 0, 0, 0, 0.0f, -1.0f, 0, 0, 0, 2.0f, 0, 0, 0.25f, 0, 0};
        final boolean[] defaultLeft = new boolean[left.length];
        final float[] leaf = {0, 0.1f, 0.2f, 0.3f, 0, 0, 0.6f, 0.7f, 0.8f, 0, 1.0f, 1.1f, 0, 1.3f, 1.4f};
        final TreeEnsemble ensemble = new TreeEnsemble(
            2, 0.5f, IDENTITY, roots, left, right, feature, condition, defaultLeft, leaf, List.of("a", "b"));

        // Tree 0 goes left (0.1), tree 1 is a leaf (0.3), tree 2 goes right at once (0.6), tree 3 left (1.0),
        // tree 4 left (1.3).
        assertEquals(sum(0.1f, 0.3f, 0.6f, 1.0f, 1.3f), ensemble.predict(new double[]{0.0, 1.0}));
        // Tree 2 now walks its full depth: left on b, then left on a (0.7).
        assertEquals(sum(0.1f, 0.3f, 0.7f, 1.0f, 1.3f), ensemble.predict(new double[]{-2.0, -1.0}));
    }

    @Test
    void manyTreesSumInTreeOrder()
    {
        // 19 stumps, with leaves of very different sizes that make the float sum depend on its order.
        final int trees = 19;
        final int[] roots = new int[trees];
        final int[] left = new int[3 * trees];
        final int[] right = new int[3 * trees];
        final int[] feature = new int[3 * trees];
        final float[] condition = new float[3 * trees];
        final boolean[] defaultLeft = new boolean[3 * trees];
        final float[] leaf = new float[3 * trees];
        for (int t = 0; t < trees; t++)
        {
            final int root = 3 * t;
            roots[t] = root;
            left[root] = root + 1;
            right[root] = root + 2;
            feature[root] = t % 3;
            condition[root] = t - 9.5f;
            defaultLeft[root] = t % 2 == 0;
            left[root + 1] = LEAF;
            left[root + 2] = LEAF;
            leaf[root + 1] = (t % 2 == 0 ? 1e8f : -1e-3f) * (t + 1);
            leaf[root + 2] = (t % 2 == 0 ? -1e-3f : 1e8f) * (t + 1);
        }
        final TreeEnsemble ensemble = new TreeEnsemble(
            3, 0.5f, IDENTITY, roots, left, right, feature, condition, defaultLeft, leaf, List.of());
        final double[][] rows = {{0.0, 3.0, -4.0}, {Double.NaN, 9.5, -9.5}, {-20.0, Double.NaN, 20.0}};
        for (final double[] row : rows)
        {
            float expected = 0.5f;
            for (int t = 0; t < trees; t++)
            {
                final float value = (float)row[t % 3];
                final boolean goLeft = value != value ? defaultLeft[3 * t] : value < condition[3 * t];
                expected += leaf[3 * t + (goLeft ? 1 : 2)];
            }
            assertEquals(expected, ensemble.predict(row), java.util.Arrays.toString(row));
        }
    }

    @Test
    void randomForestsOfEveryShapeMatchAPlainWalkInBothWalks()
    {
        final float[] conditions = {0.0f, -0.0f, 1.5f, -1.5f, 0.25f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -3e38f};
        final double[] values = {0.0, -0.0, 1.5, -1.5, 0.25, 1.4999999, Double.NaN, 1e39, -1e39, 3.4028235e38,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 7.0, -0.1};
        int levelByLevel = 0;
        int inLanes = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            final RandomForest forest = new RandomForest(random, conditions);
            final TreeEnsemble ensemble = forest.ensemble();
            if (ensemble.walksLevelByLevel())
            {
                levelByLevel++;
            }
            else
            {
                inLanes++;
            }
            for (int row = 0; row < 20; row++)
            {
                final double[] features = new double[forest.features];
                for (int f = 0; f < features.length; f++)
                {
                    features[f] = values[random.nextInt(values.length)];
                }
                assertEquals(Float.floatToRawIntBits(forest.plainMargin(features)),
                    Float.floatToRawIntBits(ensemble.margin(features)),
                    "seed " + seed + ", features " + java.util.Arrays.toString(features));
            }
        }
        assertTrue(levelByLevel > 50 && inLanes > 50, levelByLevel + " level by level, " + inLanes + " in lanes");
    }

    /** Trees grown at random, from bushy and shallow to sparse and deep, with leaves whose sum depends on order. */
    private static final class RandomForest
    {
        final int features;
        final float baseScore;
        final int[] roots;
        final int[] left = new int[4096];
        final int[] right = new int[4096];
        final int[] feature = new int[4096];
        final float[] condition = new float[4096];
        final boolean[] defaultLeft = new boolean[4096];
        final float[] leaf = new float[4096];
        private final java.util.SplittableRandom random;
        private final float[] conditions;
        private int nodes;

        RandomForest(final java.util.SplittableRandom random, final float[] conditions)
        {
            this.random = random;
            this.conditions = conditions;
            this.features = 1 + random.nextInt(5);
            this.baseScore = random.nextBoolean() ? 0.5f : -0.0f;
            this.roots = new int[random.nextInt(20)];
            final int maxDepth = random.nextInt(16);
            final double splitChance = 0.3 + 0.7 * random.nextDouble();
            for (int t = 0; t < roots.length; t++)
            {
                roots[t] = grow(0, maxDepth, splitChance);
            }
        }

        private int grow(final int depth, final int maxDepth, final double splitChance)
        {
            final int node = nodes++;
            // Room for the right leaf of every split still open (one per level) once splitting stops.
            if (depth == maxDepth || nodes > left.length - 64 || random.nextDouble() > splitChance)
            {
                left[node] = LEAF;
                leaf[node] = (random.nextBoolean() ? 1e7f : 1e-3f) * (float)(random.nextDouble() - 0.5);
                return node;
            }
            feature[node] = random.nextInt(features);
            condition[node] = conditions[random.nextInt(conditions.length)];
            defaultLeft[node] = random.nextBoolean();
            left[node] = grow(depth + 1, maxDepth, splitChance);
            right[node] = grow(depth + 1, maxDepth, splitChance);
            return node;
        }

        TreeEnsemble ensemble()
        {
            return new TreeEnsemble(features, baseScore, IDENTITY, roots, java.util.Arrays.copyOf(left, nodes),
                java.util.Arrays.copyOf(right, nodes), java.util.Arrays.copyOf(feature, nodes),
                java.util.Arrays.copyOf(condition, nodes), java.util.Arrays.copyOf(defaultLeft, nodes),
                java.util.Arrays.copyOf(leaf, nodes), List.of());
        }

        /** XGBoost's rule node by node: NaN takes the default direction, else {@code value < condition} in float. */
        float plainMargin(final double[] row)
        {
            float margin = baseScore;
            for (final int root : roots)
            {
                int node = root;
                while (left[node] != LEAF)
                {
                    final float value = (float)row[feature[node]];
                    node = (value != value ? defaultLeft[node] : value < condition[node]) ? left[node] : right[node];
                }
                margin += leaf[node];
            }
            return margin;
        }
    }

    @Test
    void paddingKeepsANegativeZeroMarginInBothWalks()
    {
        final TreeEnsemble leaf = new TreeEnsemble(1, -0.0f, IDENTITY, new int[]{0}, new int[]{LEAF},
            new int[]{0}, new int[1], new float[1], new boolean[1], new float[]{-0.0f}, List.of());
        assertTrue(leaf.walksLevelByLevel());
        assertEquals(-0.0, leaf.predict(new double[]{1.0}));

        // A chain of 12 splits, each with a leaf on its right, is too sparse to pad: walked in lanes, 7 of them
        // padding, whose leaf must add nothing to -0.
        final int splits = 12;
        final int[] left = new int[2 * splits + 1];
        final int[] right = new int[2 * splits + 1];
        for (int s = 0; s < splits; s++)
        {
            left[2 * s] = 2 * s + 2;
            right[2 * s] = 2 * s + 1;
            left[2 * s + 1] = LEAF;
        }
        left[2 * splits] = LEAF;
        final float[] leaves = new float[left.length];
        java.util.Arrays.fill(leaves, -0.0f);
        final TreeEnsemble chain = new TreeEnsemble(1, -0.0f, IDENTITY, new int[]{0}, left, right,
            new int[left.length], new float[left.length], new boolean[left.length], leaves, List.of());
        assertFalse(chain.walksLevelByLevel());
        assertEquals(-0.0, chain.predict(new double[]{-1.0}));
        assertEquals(-0.0, chain.predict(new double[]{1.0}));
    }

    private static float sum(final float... leaves)
    {
        float margin = 0.5f;
        for (final float leaf : leaves)
        {
            margin += leaf;
        }
        return margin;
    }

    @Test
    void sharedOrCyclicChildrenAreRefused()
    {
        final int[] left = {1, LEAF, LEAF};
        final int[] right = {1, 0, 0};
        final IllegalArgumentException shared = assertThrows(IllegalArgumentException.class, () -> new TreeEnsemble(
            1, 0f, IDENTITY, new int[]{0}, left, right, new int[3], new float[3], new boolean[3], new float[3],
            List.of()));
        assertTrue(shared.getMessage().contains("not a tree"), shared.getMessage());

        final int[] cyclicLeft = {1, 0, LEAF};
        final int[] cyclicRight = {2, 2, 0};
        final IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class, () -> new TreeEnsemble(
            1, 0f, IDENTITY, new int[]{0}, cyclicLeft, cyclicRight, new int[3], new float[3], new boolean[3],
            new float[3], List.of()));
        assertTrue(cycle.getMessage().contains("not a tree"), cycle.getMessage());
    }

    @Test
    void nodesNoRootReachesAreLeftOut()
    {
        // XGBoost keeps pruned nodes in its arrays: here nodes 3 and 4, after a stump.
        final TreeEnsemble pruned = new TreeEnsemble(1, 0f, IDENTITY, new int[]{0},
            new int[]{1, LEAF, LEAF, LEAF, LEAF}, new int[]{2, 0, 0, 0, 0}, new int[5],
            new float[]{0.5f, 0, 0, 0, 0}, new boolean[5], new float[]{0, LEFT_LEAF, RIGHT_LEAF, 7f, 9f}, List.of());
        assertEquals(LEFT_LEAF, pruned.predict(new double[]{0.25}));
        assertEquals(RIGHT_LEAF, pruned.predict(new double[]{0.75}));

        final TreeEnsemble noTrees = new TreeEnsemble(1, 0.5f, IDENTITY, new int[0], new int[]{LEAF},
            new int[]{0}, new int[1], new float[1], new boolean[1], new float[]{3f}, List.of());
        assertEquals(0.5f, noTrees.predict(new double[]{1.0}), "the base score alone");
    }

    @Test
    void nanConditionIsRefused()
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new TreeEnsemble(
            1, 0f, IDENTITY, new int[]{0}, new int[]{1, LEAF, LEAF}, new int[]{2, 0, 0}, new int[3],
            new float[]{Float.NaN, 0, 0}, new boolean[3], new float[3], List.of()));
        assertEquals("node 0: split condition is NaN", error.getMessage());
    }

    private static TreeEnsemble stump(final float condition, final boolean defaultLeft)
    {
        return new TreeEnsemble(1, 0f, IDENTITY, new int[]{0}, new int[]{1, LEAF, LEAF}, new int[]{2, 0, 0},
            new int[3], new float[]{condition, 0, 0}, new boolean[]{defaultLeft, false, false},
            new float[]{0, LEFT_LEAF, RIGHT_LEAF}, List.of());
    }
}
