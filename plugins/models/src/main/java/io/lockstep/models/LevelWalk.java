package io.lockstep.models;

import org.agrona.UnsafeApi;

/**
 * The walk of ensembles whose trees are close to complete, as depth-wise growth makes them when little is pruned:
 * every tree is padded to a complete binary tree of its own depth, so a node's children are found by arithmetic,
 * and the trees are walked one level at a time across all of them.
 * <p>
 * Each tree has a lane, the deepest trees first. Nodes are numbered level by level across the lanes: level
 * {@code L} of lane {@code p} holds nodes {@code (trees + p) * 2^L + 1} to {@code (trees + p + 1) * 2^L}, so the
 * children of node {@code n} are {@code 2n - 1} (left) and {@code 2n} (right), for every lane and level. Node
 * {@code n} is two ints at {@code 2n}: the byte offset of the order key it reads, then its condition key; at its
 * tree's last level, a leaf's value as float bits. A leaf above that level becomes a chain of splits that read a key
 * below every condition, so go left, down to its value.
 * <p>
 * A step is {@code n = 2n - (key < condition ? 1 : 0)} for every lane deeper than the level before the next level,
 * so each tree's step is independent of the others' and the core overlaps as many as it has room for: 9
 * instructions a node, no more nodes than {@link LaneWalk} visits (which walks 8 trees for the deepest one's
 * depth), and about four fifths of its time for 200 trees of depth 6 (bench/README.md). The walk reads through
 * Agrona's {@link UnsafeApi} with no bounds checks: the numbering keeps every node inside the array whatever the
 * keys, and the constructor checked that every node above the last level holds a key's offset.
 */
final class LevelWalk implements TreeWalk
{
    /**
     * Padding beyond this many node slots per node of the model takes the general walk: a sparse deep tree would
     * otherwise be padded to 2^depth leaves.
     */
    private static final int MAX_PADDING = 4;
    private static final long INT_BASE = UnsafeApi.arrayBaseOffset(int[].class);

    private final float baseScore;
    private final int featureCount;
    /** The order keys, then the key below every condition that padding splits read. */
    private final int[] keys;
    private final int[] nodes;
    /** Per lane, {@code 2n} of the node it is at: the index of the node's first int. */
    private final long[] lanes;
    /** The lane of each tree: the deepest trees take the first lanes. */
    private final int[] laneOfTree;
    /** Per level, how many lanes step from it: those of the trees deeper than it. */
    private final int[] stepping;

    /** @return whether the forest's complete trees fit in {@link #MAX_PADDING} node slots per node. */
    static boolean fits(final Forest forest)
    {
        return forest.depth < 30 && lastNode(forest.trees, forest.depth) <= (long)MAX_PADDING * forest.slots &&
            lastNode(forest.trees, forest.depth) < Integer.MAX_VALUE / 2;
    }

    LevelWalk(final Forest forest, final float baseScore)
    {
        if (!fits(forest))
        {
            throw new IllegalArgumentException("the trees are too sparse to pad to complete trees");
        }
        final int trees = forest.trees;
        this.baseScore = baseScore;
        this.featureCount = forest.featureCount;
        this.keys = new int[OrderKeys.count(featureCount) + 1];
        final int belowAll = OrderKeys.count(featureCount);
        keys[belowAll] = OrderKeys.BELOW_ALL;
        this.nodes = new int[2 * ((int)lastNode(trees, forest.depth) + 1)];
        this.lanes = new long[trees];
        for (int lane = 0; lane < trees; lane++)
        {
            lanes[lane] = root(trees, lane);
        }
        this.laneOfTree = lanesByDepth(forest);
        this.stepping = new int[forest.depth];
        for (int t = 0; t < trees; t++)
        {
            for (int level = 0; level < forest.treeDepth[t]; level++)
            {
                stepping[level]++;
            }
        }
        // Every node above the last level starts as padding, which goes left, so any node a walk can reach reads a key.
        for (long n = trees + 1; n <= lastNode(trees, forest.depth - 1); n++)
        {
            nodes[2 * (int)n] = keyOffset(belowAll);
            nodes[2 * (int)n + 1] = OrderKeys.ABOVE_ALL;
        }
        final long[] nodeAtSlot = new long[forest.slots];
        final int[] levelAtSlot = new int[forest.slots];
        for (int t = 0; t < trees; t++)
        {
            nodeAtSlot[forest.rootSlot[t]] = root(trees, laneOfTree[t]) / 2;
            final int end = t + 1 < trees ? forest.rootSlot[t + 1] : forest.slots;
            for (int slot = forest.rootSlot[t]; slot < end; slot++)
            {
                final long n = nodeAtSlot[slot];
                if (forest.isLeaf(slot))
                {
                    placeLeaf(n, forest.treeDepth[t] - levelAtSlot[slot], forest.leafValue(slot));
                    continue;
                }
                nodes[2 * (int)n] = keyOffset(forest.keyIndex(slot));
                nodes[2 * (int)n + 1] = forest.conditionKey(slot);
                final int left = forest.leftSlot(slot);
                nodeAtSlot[left] = 2 * n - 1;
                nodeAtSlot[left + 1] = 2 * n;
                levelAtSlot[left] = levelAtSlot[slot] + 1;
                levelAtSlot[left + 1] = levelAtSlot[slot] + 1;
            }
        }
        checkKeyOffsets(trees, forest.depth);
    }

    /** @return the lane of each tree: trees by depth, deepest first, in tree order among equals. */
    private static int[] lanesByDepth(final Forest forest)
    {
        final Integer[] byDepth = new Integer[forest.trees];
        for (int t = 0; t < byDepth.length; t++)
        {
            byDepth[t] = t;
        }
        java.util.Arrays.sort(byDepth, (a, b) -> Integer.compare(forest.treeDepth[b], forest.treeDepth[a]));
        final int[] laneOfTree = new int[forest.trees];
        for (int lane = 0; lane < byDepth.length; lane++)
        {
            laneOfTree[byDepth[lane]] = lane;
        }
        return laneOfTree;
    }

    /**
     * Checks what makes the unchecked reads of {@link #margin(double[])} safe besides the numbering: every node
     * above the last level holds the offset of a key.
     */
    private void checkKeyOffsets(final int trees, final int depth)
    {
        for (long n = trees + 1; n <= lastNode(trees, depth - 1); n++)
        {
            final int offset = nodes[2 * (int)n];
            if (offset < keyOffset(0) || offset > keyOffset(keys.length - 1) || (offset - keyOffset(0)) % 4 != 0)
            {
                throw new IllegalStateException("node " + n + ": key offset " + offset + " outside the keys");
            }
        }
    }

    /** @return {@code 2n} of the root of the tree in this lane. */
    private static long root(final int trees, final int lane)
    {
        return 2L * (trees + lane + 1);
    }

    /** @return the last node of the given level: lane {@code trees - 1}'s last. */
    private static long lastNode(final int trees, final int level)
    {
        return (long)trees << (level + 1);
    }

    /** Puts the leaf's value {@code levels} below node {@code n}, at the end of the left-going padding. */
    private void placeLeaf(final long n, final int levels, final float value)
    {
        long node = n;
        for (int level = 0; level < levels; level++)
        {
            node = 2 * node - 1;
        }
        nodes[2 * (int)node + 1] = Float.floatToRawIntBits(value);
    }

    private static int keyOffset(final int key)
    {
        return (int)(INT_BASE + (long)key * Integer.BYTES);
    }

    public float margin(final double[] features)
    {
        final int[] keys = this.keys;
        final int[] nodes = this.nodes;
        final long[] lanes = this.lanes;
        final int trees = lanes.length;
        OrderKeys.write(features, featureCount, keys);
        // Back to the roots; the lanes of single-leaf trees never leave theirs.
        for (int lane = 0, deeper = stepping.length > 0 ? stepping[0] : 0; lane < deeper; lane++)
        {
            lanes[lane] = root(trees, lane);
        }
        for (final int deeper : stepping)
        {
            for (int lane = 0; lane < deeper; lane++)
            {
                lanes[lane] = child(nodes, keys, lanes[lane]);
            }
        }
        final int[] laneOfTree = this.laneOfTree;
        float margin = baseScore;
        for (int t = 0; t < trees; t++)
        {
            margin += Float.intBitsToFloat(
                UnsafeApi.getInt(nodes, INT_BASE + Integer.BYTES + (lanes[laneOfTree[t]] << 2)));
        }
        return margin;
    }

    /**
     * @param lane {@code 2n} of node {@code n}.
     * @return {@code 2n'} of its child {@code n'}: {@code 2n - 1} when the key is below the condition, else
     * {@code 2n}. The sign of a long difference, so no branch.
     */
    private static long child(final int[] nodes, final int[] keys, final long lane)
    {
        final long offset = INT_BASE + (lane << 2);
        final long key = Integer.toUnsignedLong(UnsafeApi.getInt(keys, Integer.toUnsignedLong(
            UnsafeApi.getInt(nodes, offset))));
        final long condition = Integer.toUnsignedLong(UnsafeApi.getInt(nodes, offset + Integer.BYTES));
        return (lane + ((key - condition) >> 63)) << 1;
    }
}
