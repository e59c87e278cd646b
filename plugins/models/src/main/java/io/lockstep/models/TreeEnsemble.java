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
 * Zero allocation per prediction. All trees share one set of node arrays; {@code roots[t]} is tree t's first node.
 */
public final class TreeEnsemble implements Model
{
    /** {@code left[node]} of a leaf. */
    public static final int LEAF = -1;

    private final int featureCount;
    private final float baseScore;
    private final int[] roots;
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    private final float[] condition;
    private final boolean[] defaultLeft;
    private final float[] leafValue;
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
        }
        this.featureCount = featureCount;
        this.baseScore = baseScore;
        this.roots = roots.clone();
        this.left = left.clone();
        this.right = right.clone();
        this.feature = feature.clone();
        this.condition = condition.clone();
        this.defaultLeft = defaultLeft.clone();
        this.leafValue = leafValue.clone();
        this.featureNames = java.util.List.copyOf(featureNames);
        if (!featureNames.isEmpty() && featureNames.size() != featureCount)
        {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + featureCount +
                " features");
        }
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
        return roots.length;
    }

    /**
     * @return the raw margin, as XGBoost's {@code output_margin} (and its prediction for regression objectives).
     */
    public double predict(final double[] features)
    {
        float margin = baseScore;
        for (final int root : roots)
        {
            int node = root;
            while (left[node] != LEAF)
            {
                final float value = (float)features[feature[node]];
                if (value != value)
                {
                    node = defaultLeft[node] ? left[node] : right[node];
                }
                else
                {
                    node = value < condition[node] ? left[node] : right[node];
                }
            }
            margin += leafValue[node];
        }
        return margin;
    }
}
