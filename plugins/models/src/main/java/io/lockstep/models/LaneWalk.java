package io.lockstep.models;

import org.agrona.UnsafeApi;

/**
 * The walk of ensembles of any shape, {@value #LANES} trees at a time. Everything a prediction reads lives in one
 * {@code int[]}: first the order keys, then the nodes, {@value #NODE_WORDS} words each (16 bytes), in the
 * {@link Forest}'s slot order, siblings adjacent. A split is one comparison of unsigned keys, with no
 * data-dependent branch, and its child is read beside its condition rather than after the comparison. A leaf reads
 * a key above every value and goes right, to itself, so {@value #LANES} trees are walked together for the depth of
 * the deepest, and the out-of-order core overlaps their walks.
 * <p>
 * The walk reads the array through Agrona's {@link UnsafeApi} at byte offsets stored in the nodes, as Agrona's own
 * buffers do with their bounds checks off: array bounds checks were 8 of the 20 instructions of a step. It is safe
 * because the constructor proves every offset it stored lands inside the array ({@link #checkOffsets(int)}), and the
 * array never changes after that except for the keys, written by index.
 */
final class LaneWalk implements TreeWalk
{
    private static final long ARRAY_BASE = UnsafeApi.arrayBaseOffset(int[].class);
    /** Word 3 is unused: at 16 bytes, the step from a right child to its left sibling is a shift. */
    private static final int NODE_WORDS = 4;
    private static final int NODE_BYTES = NODE_WORDS * Integer.BYTES;
    /** Word 0: the byte offset of the key the node compares: its feature's, for its missing direction. */
    private static final int KEY = 0;
    /** Word 1: a split's condition as an order key; a leaf's value as float bits. */
    private static final int CONDITION = 1;
    /** Word 2: the byte offset of the right child; the left child is the node before it. A leaf's is its own. */
    private static final int RIGHT = 2;
    private static final int KEY_AT = KEY * Integer.BYTES;
    private static final int CONDITION_AT = CONDITION * Integer.BYTES;
    private static final int RIGHT_AT = RIGHT * Integer.BYTES;
    /** Trees walked together by {@link #margin(double[])}: more lanes than four overlap more of each step. */
    private static final int LANES = 8;

    private final int featureCount;
    private final float baseScore;
    /** Index in {@link #packed} of the first node: the keys come before it. */
    private final int firstNode;
    /** Byte offset of each tree's root, padded to whole groups of lanes with a leaf of -0 (an identity of +). */
    private final long[] rootOffsets;
    private final int[] groupDepths;
    /** The order keys, the leaves' key (above all) after them, then the nodes. */
    private final int[] packed;

    LaneWalk(final Forest forest, final float baseScore)
    {
        this.featureCount = forest.featureCount;
        this.baseScore = baseScore;
        final int trees = forest.trees;
        final int groups = (trees + LANES - 1) / LANES;
        this.rootOffsets = new long[groups * LANES];
        this.groupDepths = new int[groups];
        // The nodes start on a whole node from the array's start, after the keys.
        final long keyWords = (OrderKeys.count(featureCount) + 1L + NODE_WORDS - 1) / NODE_WORDS * NODE_WORDS;
        final long words = keyWords + (forest.slots + 1L) * NODE_WORDS;
        if (ARRAY_BASE + words * Integer.BYTES > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(featureCount + " features and " + forest.slots +
                " nodes: too many for int offsets");
        }
        this.firstNode = (int)keyWords;
        this.packed = new int[(int)words];
        // The key of every leaf: above any condition, so a leaf always goes right, to itself.
        packed[leafKey()] = OrderKeys.ABOVE_ALL;
        for (int t = 0; t < trees; t++)
        {
            rootOffsets[t] = offset(wordOf(forest.rootSlot[t]));
            groupDepths[t / LANES] = Math.max(groupDepths[t / LANES], forest.treeDepth[t]);
        }
        for (int slot = 0; slot < forest.slots; slot++)
        {
            final int word = wordOf(slot);
            if (forest.isLeaf(slot))
            {
                leaf(slot, Float.floatToRawIntBits(forest.leafValue(slot)));
                continue;
            }
            packed[word + KEY] = offset(forest.keyIndex(slot));
            packed[word + CONDITION] = forest.conditionKey(slot);
            packed[word + RIGHT] = offset(wordOf(forest.leftSlot(slot) + 1));
        }
        // The lanes past the last tree walk one leaf of -0.
        final int paddingSlot = forest.slots;
        leaf(paddingSlot, Float.floatToRawIntBits(-0.0f));
        java.util.Arrays.fill(rootOffsets, trees, rootOffsets.length, offset(wordOf(paddingSlot)));
        checkOffsets(wordOf(paddingSlot));
    }

    private int leafKey()
    {
        return OrderKeys.count(featureCount);
    }

    private void leaf(final int slot, final int valueBits)
    {
        final int word = wordOf(slot);
        packed[word + KEY] = offset(leafKey());
        packed[word + CONDITION] = valueBits;
        packed[word + RIGHT] = offset(word);
    }

    /**
     * Checks what makes the unchecked reads of {@link #margin(double[])} safe: every key offset is a key's, every
     * root and right child is a node's (up to the last one packed), and every split's left child (the node before
     * its right) is one too. A leaf can never step left because its key, {@link OrderKeys#ABOVE_ALL}, is set once by
     * the constructor and {@link #margin(double[])} writes below it.
     */
    private void checkOffsets(final int lastNode)
    {
        final int leafKey = offset(leafKey());
        for (int word = firstNode; word <= lastNode; word += NODE_WORDS)
        {
            final int key = packed[word + KEY];
            final int right = packed[word + RIGHT];
            final boolean canGoLeft = key != leafKey;
            if (!isWordAt(key, 0, leafKey()) || !isNodeAt(right, lastNode) ||
                (canGoLeft && !isNodeAt(right - NODE_BYTES, lastNode)))
            {
                throw new IllegalStateException("node at word " + word + ": offset outside the ensemble");
            }
        }
        for (final long root : rootOffsets)
        {
            if (!isNodeAt((int)root, lastNode))
            {
                throw new IllegalStateException("root offset " + root + " outside the ensemble");
            }
        }
    }

    private boolean isNodeAt(final int offset, final int lastNode)
    {
        return isWordAt(offset, firstNode, lastNode) && (word(offset) - firstNode) % NODE_WORDS == 0;
    }

    private static boolean isWordAt(final int offset, final int firstWord, final int lastWord)
    {
        final long fromBase = offset - ARRAY_BASE;
        return fromBase % Integer.BYTES == 0 && word(offset) >= firstWord && word(offset) <= lastWord;
    }

    private int wordOf(final int slot)
    {
        return firstNode + slot * NODE_WORDS;
    }

    /** @return the byte offset of {@code packed[word]}, as the walk reads it. */
    private static int offset(final int word)
    {
        return (int)(ARRAY_BASE + (long)word * Integer.BYTES);
    }

    private static long word(final int offset)
    {
        return Math.floorDiv(offset - ARRAY_BASE, Integer.BYTES);
    }

    public float margin(final double[] features)
    {
        final int[] packed = this.packed;
        OrderKeys.write(features, featureCount, packed);
        final long[] rootOffsets = this.rootOffsets;
        float margin = baseScore;
        // LANES independent walks per step (more measured no faster); the leaves are added in tree order after.
        for (int t = 0; t < rootOffsets.length; t += LANES)
        {
            long node0 = rootOffsets[t];
            long node1 = rootOffsets[t + 1];
            long node2 = rootOffsets[t + 2];
            long node3 = rootOffsets[t + 3];
            long node4 = rootOffsets[t + 4];
            long node5 = rootOffsets[t + 5];
            long node6 = rootOffsets[t + 6];
            long node7 = rootOffsets[t + 7];
            for (int step = groupDepths[t / LANES]; step > 0; step--)
            {
                node0 = next(packed, node0);
                node1 = next(packed, node1);
                node2 = next(packed, node2);
                node3 = next(packed, node3);
                node4 = next(packed, node4);
                node5 = next(packed, node5);
                node6 = next(packed, node6);
                node7 = next(packed, node7);
            }
            margin += leafValue(packed, node0);
            margin += leafValue(packed, node1);
            margin += leafValue(packed, node2);
            margin += leafValue(packed, node3);
            margin += leafValue(packed, node4);
            margin += leafValue(packed, node5);
            margin += leafValue(packed, node6);
            margin += leafValue(packed, node7);
        }
        return margin;
    }

    /**
     * The right child when the key is at least the condition, else the left one before it: the sign of a long
     * difference of the unsigned keys, so no branch. Unchecked reads: {@link #checkOffsets(int)} proved every offset.
     */
    private static long next(final int[] packed, final long node)
    {
        final long key = Integer.toUnsignedLong(UnsafeApi.getInt(packed, UnsafeApi.getInt(packed, node + KEY_AT)));
        final long below = (key - Integer.toUnsignedLong(UnsafeApi.getInt(packed, node + CONDITION_AT))) >>> 63;
        return UnsafeApi.getInt(packed, node + RIGHT_AT) - below * NODE_BYTES;
    }

    private static float leafValue(final int[] packed, final long leaf)
    {
        return Float.intBitsToFloat(UnsafeApi.getInt(packed, leaf + CONDITION_AT));
    }
}
