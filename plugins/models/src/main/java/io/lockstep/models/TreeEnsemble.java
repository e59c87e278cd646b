package io.lockstep.models;

import io.lockstep.engine.spi.Model;

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
 * Zero allocation per prediction. All nodes live in one {@code int[]}, {@value #STRIDE} words per node (16 bytes,
 * so a node never straddles a cache line), laid out breadth first per tree, siblings adjacent. Each prediction
 * first turns the features into {@link #orderKey(float) order keys}, two per feature: one where a missing value
 * sorts below every condition and one where it sorts above, and a split reads the one of its default direction.
 * A split is then one signed comparison with no data-dependent branch, and its child slot is read beside its
 * condition rather than after the comparison, so a step costs two dependent loads. A leaf always goes right to
 * itself, so {@value #LANES} trees are walked together for the depth of the deepest, and the out-of-order core
 * overlaps their walks. The keys live in a buffer allocated here: like every {@link Model}, one instance serves
 * one thread.
 */
public final class TreeEnsemble implements Model
{
    /** {@code left[node]} of a leaf in the constructor's arrays. */
    public static final int LEAF = -1;

    /** How the margin becomes the prediction: XGBoost's {@code PredTransform} of the objective. */
    public enum Link
    {
        /** The margin itself: the regression objectives. */
        IDENTITY,
        /** {@link XGBoostMath#sigmoid} of the margin, in float32: {@code binary:logistic}, {@code reg:logistic}. */
        LOGISTIC
    }

    private static final int STRIDE = 4;
    /** Word 0: the index in {@link #keys} of the feature's key for the node's missing direction. */
    private static final int KEY = 0;
    /** Word 1: the {@link #orderKey(float)} of a split's condition. */
    private static final int CONDITION = 1;
    /** Word 2: the slot of the left child; the right child is the next slot. A leaf's left is the slot before it. */
    private static final int LEFT = 2;
    /** Word 3: the float bits of a leaf's value (zero in a split: it keeps nodes 16-byte aligned). */
    private static final int VALUE = 3;
    /** Trees walked together by {@link #margin(double[])}: more lanes than four overlap more of each step. */
    private static final int LANES = 8;

    private final int featureCount;
    private final float baseScore;
    /** The link as a final flag tested once after the trees, so the identity link costs a predicted branch. */
    private final boolean logistic;
    private final int trees;
    /** Root slot per tree, padded to whole groups of lanes with a leaf of -0, which leaves every float sum as is. */
    private final int[] rootSlots;
    private final int[] groupDepths;
    private final int[] packed;
    /** Per prediction: feature {@code f}'s order key at {@code 2f} (missing: below all) and {@code 2f + 1} (above). */
    private final int[] keys;
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
        this.keys = new int[2 * featureCount + 1];
        // The key of every leaf: above any condition, so a leaf always goes right, to itself.
        this.keys[2 * featureCount] = Integer.MAX_VALUE;
        final int groups = (trees + LANES - 1) / LANES;
        this.rootSlots = new int[groups * LANES];
        this.groupDepths = new int[groups];
        this.packed = new int[(nodes + 1) * STRIDE];
        pack(roots, left, right, feature, condition, defaultLeft, leafValue);
    }

    /**
     * Lays each tree out breadth first, records the depth of each group of {@value #LANES} trees, and points the
     * lanes past the last tree at one leaf of -0. Every node may be reached once only: shared or cyclic children
     * are refused.
     */
    private void pack(
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
            rootSlots[t] = allocated * STRIDE;
            allocated = place(t, roots[t], 0, allocated, nodeAtSlot, depthAtSlot, reached);
            for (int next = rootSlots[t] / STRIDE; next < allocated; next++)
            {
                final int node = nodeAtSlot[next];
                final int base = next * STRIDE;
                groupDepths[t / LANES] = Math.max(groupDepths[t / LANES], depthAtSlot[next]);
                if (left[node] == LEAF)
                {
                    leaf(base, Float.floatToRawIntBits(leafValue[node]));
                    continue;
                }
                packed[base + KEY] = 2 * feature[node] + (defaultLeft[node] ? 0 : 1);
                packed[base + CONDITION] = orderKey(condition[node]);
                packed[base + LEFT] = allocated * STRIDE;
                allocated = place(t, left[node], depthAtSlot[next] + 1, allocated, nodeAtSlot, depthAtSlot, reached);
                allocated = place(t, right[node], depthAtSlot[next] + 1, allocated, nodeAtSlot, depthAtSlot, reached);
            }
        }
        final int padding = allocated * STRIDE;
        leaf(padding, Float.floatToRawIntBits(-0.0f));
        java.util.Arrays.fill(rootSlots, roots.length, rootSlots.length, padding);
    }

    private void leaf(final int base, final int valueBits)
    {
        packed[base + KEY] = 2 * featureCount;
        packed[base + LEFT] = base - STRIDE;
        packed[base + VALUE] = valueBits;
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
        final int[] keys = this.keys;
        for (int f = 0; f < featureCount; f++)
        {
            final float value = (float)features[f];
            final int key = orderKey(value);
            final boolean missing = value != value;
            keys[2 * f] = missing ? Integer.MIN_VALUE : key;
            keys[2 * f + 1] = missing ? Integer.MAX_VALUE : key;
        }
        final int[] packed = this.packed;
        final int[] rootSlots = this.rootSlots;
        float margin = baseScore;
        // LANES independent walks per step (more measured no faster); the leaves are added in tree order after.
        for (int t = 0; t < rootSlots.length; t += LANES)
        {
            int slot0 = rootSlots[t];
            int slot1 = rootSlots[t + 1];
            int slot2 = rootSlots[t + 2];
            int slot3 = rootSlots[t + 3];
            int slot4 = rootSlots[t + 4];
            int slot5 = rootSlots[t + 5];
            int slot6 = rootSlots[t + 6];
            int slot7 = rootSlots[t + 7];
            for (int step = groupDepths[t / LANES]; step > 0; step--)
            {
                slot0 = next(packed, keys, slot0);
                slot1 = next(packed, keys, slot1);
                slot2 = next(packed, keys, slot2);
                slot3 = next(packed, keys, slot3);
                slot4 = next(packed, keys, slot4);
                slot5 = next(packed, keys, slot5);
                slot6 = next(packed, keys, slot6);
                slot7 = next(packed, keys, slot7);
            }
            margin += leafValue(packed, slot0);
            margin += leafValue(packed, slot1);
            margin += leafValue(packed, slot2);
            margin += leafValue(packed, slot3);
            margin += leafValue(packed, slot4);
            margin += leafValue(packed, slot5);
            margin += leafValue(packed, slot6);
            margin += leafValue(packed, slot7);
        }
        return margin;
    }

    /** The right child when the key is at least the condition (the sign of a long difference), else the left. */
    private static int next(final int[] packed, final int[] keys, final int slot)
    {
        final long key = keys[packed[slot + KEY]];
        final int right = (int)((packed[slot + CONDITION] - key - 1) >>> 63);
        return packed[slot + LEFT] + right * STRIDE;
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

    private static float leafValue(final int[] packed, final int slot)
    {
        return Float.intBitsToFloat(packed[slot + VALUE]);
    }
}
