package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import org.agrona.UnsafeApi;

/**
 * A gradient-boosted tree ensemble flattened into arrays, evaluated as XGBoost evaluates it, so that predictions
 * are bit-identical to XGBoost's own for regression objectives:
 * <ul>
 * <li>each feature is first rounded to {@code float} (XGBoost's DMatrix stores float32);</li>
 * <li>at a split, a missing (NaN) feature takes the node's default direction, otherwise {@code value < condition}
 * goes left, compared in float;</li>
 * <li>the margin starts at the base score and adds each tree's leaf in tree order, accumulating in float32;</li>
 * <li>the {@link Link} chosen at load turns the margin into the prediction: the margin itself, or XGBoost's float32
 * sigmoid for {@code binary:logistic} and {@code reg:logistic} ({@link XGBoostMath} says where that can differ
 * from XGBoost's).</li>
 * </ul>
 * Zero allocation per prediction. Everything a prediction reads lives in one {@code int[]}: first the keys, then
 * the nodes, {@value #NODE_WORDS} words each (16 bytes), laid out breadth first per tree, siblings adjacent. Each
 * prediction first turns the features into {@link #orderKey(float) order keys}, two per feature: one where a
 * missing value sorts below every condition and one where it sorts above, and a split reads the one of its default
 * direction. A split is then one signed comparison with no data-dependent branch, and its child is read beside its
 * condition rather than after the comparison. A leaf reads a key above every value and goes right, to itself, so
 * {@value #LANES} trees are walked together for the depth of the deepest, and the out-of-order core overlaps their
 * walks.
 * <p>
 * The walk reads the array through Agrona's {@link UnsafeApi} at byte offsets stored in the nodes, as Agrona's own
 * buffers do with their bounds checks off: array bounds checks were 8 of the 20 instructions of a step. It is safe
 * because the constructor proves every offset it stored lands inside the array ({@link #checkOffsets(int)}), and the
 * array never changes after that except for the keys, written by index. The keys are per prediction, so like every
 * {@link Model}, one instance serves one thread.
 */
public final class TreeEnsemble implements Model
{
    /** {@code left[node]} of a leaf in the constructor's arrays. */
    public static final int LEAF = -1;
    /**
     * The most features an ensemble reads: importers refuse more before anything is sized by the count (a model
     * file's own number, which a few bytes can make a billion). Far beyond any feature graph.
     */
    public static final int MAX_FEATURES = 1 << 20;

    /** How the margin becomes the prediction: XGBoost's {@code PredTransform} of the objective. */
    public enum Link
    {
        /** The margin itself: the regression objectives. */
        IDENTITY,
        /** {@link XGBoostMath#sigmoid} of the margin, in float32: {@code binary:logistic}, {@code reg:logistic}. */
        LOGISTIC
    }

    private static final long ARRAY_BASE = UnsafeApi.arrayBaseOffset(int[].class);
    /** Word 3 is unused: at 16 bytes, the step from a right child to its left sibling is a shift. */
    private static final int NODE_WORDS = 4;
    private static final int NODE_BYTES = NODE_WORDS * Integer.BYTES;
    /** Word 0: the byte offset of the key the node compares: its feature's, for its missing direction. */
    private static final int KEY = 0;
    /** Word 1: a split's condition as an {@link #orderKey(float)}; a leaf's value as float bits. */
    private static final int CONDITION = 1;
    /** Word 2: the byte offset of the right child; the left child is the node before it. A leaf's is its own. */
    private static final int RIGHT = 2;
    /** Trees walked together by {@link #margin(double[])}: more lanes than four overlap more of each step. */
    private static final int LANES = 8;

    private final int featureCount;
    private final float baseScore;
    /** The link as a final flag tested once after the trees, so the identity link costs a predicted branch. */
    private final boolean logistic;
    private final int trees;
    /** Index in {@link #packed} of the first node: the keys come before it. */
    private final int firstNode;
    /** Byte offset of each tree's root, padded to whole groups of lanes with a leaf of -0 (an identity of +). */
    private final long[] rootOffsets;
    private final int[] groupDepths;
    /**
     * Feature {@code f}'s order key at {@code 2f} (missing: below all) and {@code 2f + 1} (missing: above all), the
     * leaves' key (above all) at {@code 2 * featureCount}, then the nodes.
     */
    private final int[] packed;
    private final java.util.List<String> featureNames;

    /**
     * @param baseScore   the starting margin.
     * @param link        how the margin becomes the prediction.
     * @param roots       first node of each tree in the node arrays.
     * @param left        left child per node, absolute index, {@link #LEAF} for a leaf.
     * @param right       right child per node, absolute index.
     * @param feature     feature index tested at each split node.
     * @param condition   split threshold: {@code value < condition} goes left.
     * @param defaultLeft where a missing value goes.
     * @param leafValue   value of each leaf node.
     * @param featureNames training feature names in order, or empty.
     */
    public TreeEnsemble(
        final int featureCount,
        final float baseScore,
        final Link link,
        final int[] roots,
        final int[] left,
        final int[] right,
        final int[] feature,
        final float[] condition,
        final boolean[] defaultLeft,
        final float[] leafValue,
        final java.util.List<String> featureNames)
    {
        final int nodes = left.length;
        if (right.length != nodes || feature.length != nodes || condition.length != nodes ||
            defaultLeft.length != nodes || leafValue.length != nodes)
        {
            throw new IllegalArgumentException("node arrays of different lengths");
        }
        for (int node = 0; node < nodes; node++)
        {
            if (left[node] != LEAF && (left[node] < 0 || left[node] >= nodes || right[node] < 0 ||
                right[node] >= nodes || feature[node] < 0 || feature[node] >= featureCount))
            {
                throw new IllegalArgumentException("node " + node + ": child or feature index out of range");
            }
            if (left[node] != LEAF && Float.isNaN(condition[node]))
            {
                throw new IllegalArgumentException("node " + node + ": split condition is NaN");
            }
        }
        if (!featureNames.isEmpty() && featureNames.size() != featureCount)
        {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + featureCount +
                " features");
        }
        if (featureCount < 0 || featureCount > (Integer.MAX_VALUE - 1) / 2)
        {
            throw new IllegalArgumentException("feature count " + featureCount + " out of range");
        }
        this.featureCount = featureCount;
        this.baseScore = baseScore;
        this.logistic = link == Link.LOGISTIC;
        this.featureNames = java.util.List.copyOf(featureNames);
        this.trees = roots.length;
        final int groups = (trees + LANES - 1) / LANES;
        this.rootOffsets = new long[groups * LANES];
        this.groupDepths = new int[groups];
        // The nodes start on a whole node from the array's start, after the keys.
        final long keyWords = (2L * featureCount + 1 + NODE_WORDS - 1) / NODE_WORDS * NODE_WORDS;
        final long words = keyWords + (nodes + 1L) * NODE_WORDS;
        if (ARRAY_BASE + words * Integer.BYTES > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(featureCount + " features and " + nodes +
                " nodes: too many for int offsets");
        }
        this.firstNode = (int)keyWords;
        this.packed = new int[(int)words];
        // The key of every leaf: above any condition, so a leaf always goes right, to itself.
        packed[2 * featureCount] = Integer.MAX_VALUE;
        final int paddingSlot = pack(roots, left, right, feature, condition, defaultLeft, leafValue);
        checkOffsets(wordOf(paddingSlot));
    }

    /**
     * Lays each tree out breadth first, records the depth of each group of {@value #LANES} trees, and points the
     * lanes past the last tree at one leaf of -0. Every node may be reached once only: shared or cyclic children
     * are refused. Nodes no root reaches (XGBoost keeps pruned ones in its arrays) are left out.
     *
     * @return the slot of the padding leaf, the last one used.
     */
    private int pack(
        final int[] roots,
        final int[] left,
        final int[] right,
        final int[] feature,
        final float[] condition,
        final boolean[] defaultLeft,
        final float[] leafValue)
    {
        final int nodes = left.length;
        final int[] nodeAtSlot = new int[nodes];
        final int[] depthAtSlot = new int[nodes];
        final boolean[] reached = new boolean[nodes];
        int allocated = 0;
        for (int t = 0; t < roots.length; t++)
        {
            if (roots[t] < 0 || roots[t] >= nodes)
            {
                throw new IllegalArgumentException("tree " + t + ": root " + roots[t] + " out of range");
            }
            rootOffsets[t] = offset(wordOf(allocated));
            final int rootSlot = allocated;
            allocated = place(t, roots[t], 0, allocated, nodeAtSlot, depthAtSlot, reached);
            for (int next = rootSlot; next < allocated; next++)
            {
                final int node = nodeAtSlot[next];
                final int word = wordOf(next);
                groupDepths[t / LANES] = Math.max(groupDepths[t / LANES], depthAtSlot[next]);
                if (left[node] == LEAF)
                {
                    leaf(next, Float.floatToRawIntBits(leafValue[node]));
                    continue;
                }
                packed[word + KEY] = offset(2 * feature[node] + (defaultLeft[node] ? 0 : 1));
                packed[word + CONDITION] = orderKey(condition[node]);
                packed[word + RIGHT] = offset(wordOf(allocated + 1));
                allocated = place(t, left[node], depthAtSlot[next] + 1, allocated, nodeAtSlot, depthAtSlot, reached);
                allocated = place(t, right[node], depthAtSlot[next] + 1, allocated, nodeAtSlot, depthAtSlot, reached);
            }
        }
        leaf(allocated, Float.floatToRawIntBits(-0.0f));
        java.util.Arrays.fill(rootOffsets, roots.length, rootOffsets.length, offset(wordOf(allocated)));
        return allocated;
    }

    private void leaf(final int slot, final int valueBits)
    {
        final int word = wordOf(slot);
        packed[word + KEY] = offset(2 * featureCount);
        packed[word + CONDITION] = valueBits;
        packed[word + RIGHT] = offset(word);
    }

    /**
     * Checks what makes the unchecked reads of {@link #margin(double[])} safe: every key offset is a key's, every
     * root and right child is a node's (up to the last one packed), and every split's left child (the node before
     * its right) is one too. A leaf can never step left because its key, {@code Integer.MAX_VALUE} at
     * {@code 2 * featureCount}, is set once by the constructor and {@link #margin(double[])} writes below it.
     */
    private void checkOffsets(final int lastNode)
    {
        final int leafKey = offset(2 * featureCount);
        for (int word = firstNode; word <= lastNode; word += NODE_WORDS)
        {
            final int key = packed[word + KEY];
            final int right = packed[word + RIGHT];
            final boolean canGoLeft = key != leafKey;
            if (!isWordAt(key, 0, 2 * featureCount) || !isNodeAt(right, lastNode) ||
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

    private static int place(
        final int tree,
        final int node,
        final int depth,
        final int slot,
        final int[] nodeAtSlot,
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

    /** @return the training feature names, in order, or empty when the model file has none. */
    public java.util.List<String> featureNames()
    {
        return featureNames;
    }

    public int featureCount()
    {
        return featureCount;
    }

    public int treeCount()
    {
        return trees;
    }

    /**
     * @return the margin through the link: as XGBoost's {@code predict}, the margin itself for regression
     * objectives, the probability for {@code binary:logistic} and {@code reg:logistic}.
     */
    public double predict(final double[] features)
    {
        final float margin = margin(features);
        return logistic ? XGBoostMath.sigmoid(margin) : margin;
    }

    /**
     * @return the raw margin, as XGBoost's {@code predict} with {@code output_margin}.
     */
    public float margin(final double[] features)
    {
        final int[] packed = this.packed;
        for (int f = 0; f < featureCount; f++)
        {
            final float value = (float)features[f];
            final int key = orderKey(value);
            final boolean missing = value != value;
            packed[2 * f] = missing ? Integer.MIN_VALUE : key;
            packed[2 * f + 1] = missing ? Integer.MAX_VALUE : key;
        }
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
     * difference, so no branch. Unchecked reads: {@link #checkOffsets(int)} proved every offset.
     */
    private static long next(final int[] packed, final long node)
    {
        final long key = UnsafeApi.getInt(packed, UnsafeApi.getInt(packed, node + KEY * Integer.BYTES));
        final long below = (key - UnsafeApi.getInt(packed, node + CONDITION * Integer.BYTES)) >>> 63;
        return UnsafeApi.getInt(packed, node + RIGHT * Integer.BYTES) - below * NODE_BYTES;
    }

    /**
     * An int whose signed order is the float order of non-NaN values, with -0 equal to +0 (adding +0 turns -0
     * into +0). No float has the key Integer.MIN_VALUE or MAX_VALUE: they stand for a missing value, MAX_VALUE also
     * for a leaf.
     */
    private static int orderKey(final float value)
    {
        final int bits = Float.floatToRawIntBits(value + 0.0f);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    private static float leafValue(final int[] packed, final long leaf)
    {
        return Float.intBitsToFloat(UnsafeApi.getInt(packed, leaf + CONDITION * Integer.BYTES));
    }
}
