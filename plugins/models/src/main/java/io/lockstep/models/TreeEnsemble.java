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
 * Zero allocation per prediction, and no data-dependent branch: the features become {@link OrderKeys}, and the
 * trees are walked by {@link LevelWalk} when padding them to complete trees costs at most a few times their size
 * (depth-wise growth with little pruning), otherwise by {@link LaneWalk}. Both give the same float. Like every
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

    private final int featureCount;
    /** The link as a final flag tested once after the trees, so the identity link costs a predicted branch. */
    private final boolean logistic;
    private final int trees;
    private final TreeWalk walk;
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
        if (featureCount < 0 || featureCount > MAX_FEATURES)
        {
            throw new IllegalArgumentException("feature count " + featureCount + " out of range");
        }
        this.featureCount = featureCount;
        this.logistic = link == Link.LOGISTIC;
        this.featureNames = java.util.List.copyOf(featureNames);
        this.trees = roots.length;
        final Forest forest = new Forest(featureCount, roots, left, right, feature, condition, defaultLeft, leafValue);
        this.walk = LevelWalk.fits(forest) ? new LevelWalk(forest, baseScore) : new LaneWalk(forest, baseScore);
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
        return walk.margin(features);
    }

    /** @return whether the trees are walked level by level ({@link LevelWalk}), for tests of both walks. */
    boolean walksLevelByLevel()
    {
        return walk instanceof LevelWalk;
    }
}
