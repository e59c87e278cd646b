package io.lockstep.models;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lockstep.models.TreeEnsemble.LEAF;
import static io.lockstep.models.TreeEnsemble.Link.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split rule at its edges, against XGBoost's {@code value < condition} in float: signed zeros, infinities,
 * values that round to infinity in float, and missing values; and ensembles whose trees are not trees.
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
        // stumps. Trees of different depths share a group of lanes, which the padding lanes fill.
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
    void groupsOfLanesAndTheirPaddingSumInTreeOrder()
    {
        // 19 stumps: two full groups of lanes and a partial one. Leaves of very different sizes make the float
        // sum depend on its order.
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
    void paddingLanesKeepANegativeZeroMargin()
    {
        final TreeEnsemble ensemble = new TreeEnsemble(1, -0.0f, IDENTITY, new int[]{0}, new int[]{LEAF},
            new int[]{0}, new int[1], new float[1], new boolean[1], new float[]{-0.0f}, List.of());
        assertEquals(-0.0, ensemble.predict(new double[]{1.0}));
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
