package io.lockstep.models;

import io.lockstep.engine.spi.Model;

/**
 * A gradient-boosted tree ensemble flattened into arrays, evaluated as XGBoost evaluates it, so that predictions
 * are bit-identical to XGBoost's own for regression objectives:
 * <ul>
 * <li>each feature is first rounded to {@code float} (XGBoost's DMatrix stores float32);</li>
 * <li>at a split, a missing (NaN) feature takes the node's default direction, otherwise {@code value < condition}
 * goes left, compared in float;</li>
 * <li>the margin starts at the base score and adds each tree's leaf in tree order, accumulating in float32.</li>
 * </ul>
 * Zero allocation per prediction. All nodes live in one {@code int[]}, {@value #STRIDE} words per node (16 bytes,
 * so a node never straddles a cache line), laid out breadth first per tree. A leaf is its own left and right child,
 * so each tree is walked exactly its depth in steps with no leaf test and no data-dependent branch: the next slot
 * is a load indexed by the comparison, the step loop is perfectly predicted, and the out-of-order core overlaps the
 * walks of consecutive trees.
 */
public final class TreeEnsemble implements Model
{
    /** {@code left[node]} of a leaf in the constructor's arrays. */
    public static final int LEAF = -1;

    private static final int STRIDE = 4;
    /** Word 0: the feature index tested, with bit 31 set when a missing value goes right. */
    private static final int FEATURE_AND_MISSING = 0;
    /** Words 1 and 2: the slots of the left and the right child; a leaf points to itself twice. */
    private static final int LEFT = 1;
    /** Word 3: the {@link #orderKey(float)} of a split's condition, or the float bits of a leaf's value. */
    private static final int VALUE = 3;
    private static final int FEATURE_MASK = 0x7FFF_FFFF;
    /** Trees walked together by {@link #predict(double[])}. */
    private static final int LANES = 4;

    private final int featureCount;
    private final float baseScore;
    private final int[] rootSlots;
    private final int[] depths;
    private final int[] groupDepths;
    private final int[] packed;
    private final java.util.List<String> featureNames;

    /**
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
        this.featureCount = featureCount;
        this.baseScore = baseScore;
        this.featureNames = java.util.List.copyOf(featureNames);
        this.rootSlots = new int[roots.length];
        this.depths = new int[roots.length];
        this.packed = new int[nodes * STRIDE];
        pack(roots, left, right, feature, condition, defaultLeft, leafValue);
        this.groupDepths = new int[roots.length / LANES];
        for (int t = 0; t < groupDepths.length * LANES; t++)
        {
            groupDepths[t / LANES] = Math.max(groupDepths[t / LANES], depths[t]);
        }
    }

    /**
     * Lays each tree out breadth first and records its depth. Every node may be reached once only: shared or
     * cyclic children are refused.
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
                depths[t] = Math.max(depths[t], depthAtSlot[next]);
                if (left[node] == LEAF)
                {
                    packed[base + LEFT] = base;
                    packed[base + LEFT + 1] = base;
                    packed[base + VALUE] = Float.floatToRawIntBits(leafValue[node]);
                    continue;
                }
                packed[base + FEATURE_AND_MISSING] = feature[node] | (defaultLeft[node] ? 0 : Integer.MIN_VALUE);
                packed[base + LEFT] = allocated * STRIDE;
                packed[base + LEFT + 1] = (allocated + 1) * STRIDE;
                packed[base + VALUE] = orderKey(condition[node]);
                allocated = place(t, left[node], depthAtSlot[next] + 1, allocated, nodeAtSlot, depthAtSlot, reached);
                allocated = place(t, right[node], depthAtSlot[next] + 1, allocated, nodeAtSlot, depthAtSlot, reached);
            }
        }
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
        return rootSlots.length;
    }

    /**
     * @return the raw margin, as XGBoost's {@code output_margin} (and its prediction for regression objectives).
     */
    public double predict(final double[] features)
    {
        final int[] rootSlots = this.rootSlots;
        final int trees = rootSlots.length;
        final int interleaved = trees - trees % LANES;
        float margin = baseScore;
        // Four independent walks per step give the core four dependency chains to overlap; a leaf loops on itself,
        // so a shallower tree of the group simply stays on its leaf.
        for (int t = 0; t < interleaved; t += LANES)
        {
            int slot0 = rootSlots[t];
            int slot1 = rootSlots[t + 1];
            int slot2 = rootSlots[t + 2];
            int slot3 = rootSlots[t + 3];
            for (int step = groupDepths[t / LANES]; step > 0; step--)
            {
                slot0 = next(features, slot0);
                slot1 = next(features, slot1);
                slot2 = next(features, slot2);
                slot3 = next(features, slot3);
            }
            margin += leaf(slot0);
            margin += leaf(slot1);
            margin += leaf(slot2);
            margin += leaf(slot3);
        }
        for (int t = interleaved; t < trees; t++)
        {
            int slot = rootSlots[t];
            for (int step = depths[t]; step > 0; step--)
            {
                slot = next(features, slot);
            }
            margin += leaf(slot);
        }
        return margin;
    }

    private int next(final double[] features, final int slot)
    {
        final int[] packed = this.packed;
        final int word = packed[slot + FEATURE_AND_MISSING];
        final float value = (float)features[word & FEATURE_MASK];
        if (value != value)
        {
            return packed[slot + LEFT + (word >>> 31)];
        }
        // value < condition as a sign bit, so the core never has to predict a coin flip.
        final long below = ((long)orderKey(value) - packed[slot + VALUE]) >>> 63;
        return packed[slot + LEFT + 1 - (int)below];
    }

    /**
     * An int whose signed order is the float order of non-NaN values, with -0 equal to +0 (adding +0 turns -0
     * into +0).
     */
    private static int orderKey(final float value)
    {
        final int bits = Float.floatToRawIntBits(value + 0.0f);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    private float leaf(final int slot)
    {
        return Float.intBitsToFloat(packed[slot + VALUE]);
    }
}
