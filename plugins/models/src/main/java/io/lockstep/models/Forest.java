package io.lockstep.models;

/**
 * The trees of a {@link TreeEnsemble} in breadth-first order, tree after tree, each node given a slot: what both
 * {@link LevelWalk} and {@link LaneWalk} lay out. A split's two children take consecutive slots, left then right.
 * Building it proves the arrays are trees: every node is reached once at most, so shared or cyclic children are
 * refused. Nodes no root reaches (XGBoost keeps pruned ones in its arrays) get no slot.
 */
final class Forest
{
    final int featureCount;
    final int trees;
    /** Slots in use: the nodes reached from a root. */
    final int slots;
    /** The slot of each tree's root; a tree's nodes are the slots up to the next tree's root. */
    final int[] rootSlot;
    /** Per tree, its deepest leaf's depth, a root alone being depth 0. */
    final int[] treeDepth;
    /** The deepest tree's depth. */
    final int depth;
    private final int[] nodeAtSlot;
    private final int[] leftSlot;
    private final int[] feature;
    private final float[] condition;
    private final boolean[] defaultLeft;
    private final float[] leafValue;

    /** The node arrays are {@link TreeEnsemble}'s, checked in range by it. */
    Forest(
        final int featureCount,
        final int[] roots,
        final int[] left,
        final int[] right,
        final int[] feature,
        final float[] condition,
        final boolean[] defaultLeft,
        final float[] leafValue)
    {
        final int nodes = left.length;
        this.featureCount = featureCount;
        this.trees = roots.length;
        this.rootSlot = new int[trees];
        this.treeDepth = new int[trees];
        this.nodeAtSlot = new int[nodes];
        this.leftSlot = new int[nodes];
        this.feature = feature;
        this.condition = condition;
        this.defaultLeft = defaultLeft;
        this.leafValue = leafValue;
        final int[] depthAtSlot = new int[nodes];
        final boolean[] reached = new boolean[nodes];
        int allocated = 0;
        int deepest = 0;
        for (int t = 0; t < trees; t++)
        {
            if (roots[t] < 0 || roots[t] >= nodes)
            {
                throw new IllegalArgumentException("tree " + t + ": root " + roots[t] + " out of range");
            }
            rootSlot[t] = allocated;
            allocated = place(t, roots[t], 0, allocated, depthAtSlot, reached);
            for (int slot = rootSlot[t]; slot < allocated; slot++)
            {
                final int node = nodeAtSlot[slot];
                treeDepth[t] = Math.max(treeDepth[t], depthAtSlot[slot]);
                if (left[node] == TreeEnsemble.LEAF)
                {
                    leftSlot[slot] = TreeEnsemble.LEAF;
                    continue;
                }
                leftSlot[slot] = allocated;
                allocated = place(t, left[node], depthAtSlot[slot] + 1, allocated, depthAtSlot, reached);
                allocated = place(t, right[node], depthAtSlot[slot] + 1, allocated, depthAtSlot, reached);
            }
            deepest = Math.max(deepest, treeDepth[t]);
        }
        this.slots = allocated;
        this.depth = deepest;
    }

    private int place(
        final int tree,
        final int node,
        final int depth,
        final int slot,
        final int[] depthAtSlot,
        final boolean[] reached)
    {
        if (reached[node])
        {
            throw new IllegalArgumentException("tree " + tree + ": node " + node + " is reached twice (not a tree)");
        }
        reached[node] = true;
        nodeAtSlot[slot] = node;
        depthAtSlot[slot] = depth;
        return slot + 1;
    }

    boolean isLeaf(final int slot)
    {
        return leftSlot[slot] == TreeEnsemble.LEAF;
    }

    /** @return the slot of a split's left child; its right child is the next slot. */
    int leftSlot(final int slot)
    {
        return leftSlot[slot];
    }

    /** @return the index of the order key a split reads: {@link OrderKeys#index(int, boolean)}. */
    int keyIndex(final int slot)
    {
        final int node = nodeAtSlot[slot];
        return OrderKeys.index(feature[node], defaultLeft[node]);
    }

    /** @return a split's condition as an {@link OrderKeys#of(float) order key}. */
    int conditionKey(final int slot)
    {
        return OrderKeys.of(condition[nodeAtSlot[slot]]);
    }

    float leafValue(final int slot)
    {
        return leafValue[nodeAtSlot[slot]];
    }
}
