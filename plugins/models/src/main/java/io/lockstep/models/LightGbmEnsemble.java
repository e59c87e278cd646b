package io.lockstep.models;

import io.lockstep.engine.spi.Model;

import java.util.List;

/**
 * A LightGBM tree ensemble (numerical splits, one tree per iteration), evaluated as LightGBM's own dense-row
 * prediction evaluates it ({@code LGBM_BoosterPredictForMat}, which Python's {@code Booster.predict} uses for
 * arrays and data frames), in double throughout:
 * <ul>
 * <li>a feature whose magnitude is at most {@link #ZERO_THRESHOLD} is read as {@code 0.0}: the C API drops such
 * values as zeros ({@code RowPairFunctionFromDenseMatric}) and the trees see the zero-filled buffer;</li>
 * <li>at a split ({@code Tree::NumericalDecision}) NaN is first read as {@code 0.0} unless the split's missing
 * type is NaN; then a split of missing type Zero sends a zero, and one of missing type NaN sends a NaN, in its
 * default direction ({@code decision_type} bit 1); otherwise {@code value <= threshold} goes left. A split of
 * missing type None has no default direction: NaN simply goes where 0.0 goes;</li>
 * <li>the raw score starts at 0.0 and adds each tree's leaf value in file order ({@code GBDT::PredictRaw}): a text
 * model has no separate base score, LightGBM folds it into the first tree;</li>
 * <li>the prediction is the raw score for {@code regression}, and {@code 1 / (1 + exp(-sigmoid * raw))} for
 * {@code binary sigmoid:S} ({@code BinaryLogloss::ConvertOutput}), with {@link StrictMath#exp} so that replay is
 * bit-exact on every JVM.</li>
 * </ul>
 * Nodes are flat parallel arrays over all trees, walked iteratively; a child {@code >= 0} is a split node, a child
 * {@code < 0} is the leaf {@code ~child}. Zero allocation per prediction. Instances come from
 * {@link LightGbmText#load}, which has checked that every tree is a tree and every index is in range.
 */
public final class LightGbmEnsemble implements Model
{
    /** LightGBM's {@code kZeroThreshold}: the float literal {@code 1e-35f} held in a double. */
    public static final double ZERO_THRESHOLD = 1e-35f;

    static final byte MISSING_NONE = 0;
    static final byte MISSING_ZERO = 1;
    static final byte MISSING_NAN = 2;

    private final int featureCount;
    private final List<String> featureNames;
    private final double sigmoid;
    private final int[] roots;
    private final int[] splitFeature;
    private final double[] threshold;
    private final byte[] missingType;
    private final boolean[] defaultLeft;
    private final int[] leftChild;
    private final int[] rightChild;
    private final double[] leafValue;

    /**
     * @param sigmoid      {@code S} of {@code binary sigmoid:S}, or 0 when the raw score is the prediction.
     * @param roots        per tree, its root: a split node, or {@code ~leaf} for a tree that is a single leaf.
     * @param leftChild    per split node, a split node or {@code ~leaf}; likewise {@code rightChild}.
     */
    LightGbmEnsemble(
        final int featureCount,
        final List<String> featureNames,
        final double sigmoid,
        final int[] roots,
        final int[] splitFeature,
        final double[] threshold,
        final byte[] missingType,
        final boolean[] defaultLeft,
        final int[] leftChild,
        final int[] rightChild,
        final double[] leafValue)
    {
        final int splits = splitFeature.length;
        if (threshold.length != splits || missingType.length != splits || defaultLeft.length != splits ||
            leftChild.length != splits || rightChild.length != splits)
        {
            throw new IllegalArgumentException("split arrays of different lengths");
        }
        this.featureCount = featureCount;
        this.featureNames = List.copyOf(featureNames);
        this.sigmoid = sigmoid;
        this.roots = roots;
        this.splitFeature = splitFeature;
        this.threshold = threshold;
        this.missingType = missingType;
        this.defaultLeft = defaultLeft;
        this.leftChild = leftChild;
        this.rightChild = rightChild;
        this.leafValue = leafValue;
    }

    public int featureCount()
    {
        return featureCount;
    }

    /** @return the file's {@code feature_names}, or empty when they are LightGBM's generated {@code Column_i}. */
    public List<String> featureNames()
    {
        return featureNames;
    }

    public int treeCount()
    {
        return roots.length;
    }

    /** @return the raw score, as LightGBM's {@code predict(raw_score=True)}. */
    public double rawScore(final double[] features)
    {
        final int[] roots = this.roots;
        double score = 0.0;
        for (int t = 0; t < roots.length; t++)
        {
            int node = roots[t];
            while (node >= 0)
            {
                node = goesLeft(features[splitFeature[node]], node) ? leftChild[node] : rightChild[node];
            }
            score += leafValue[~node];
        }
        return score;
    }

    /** @return the raw score for {@code regression}, the probability of class 1 for {@code binary}. */
    public double predict(final double[] features)
    {
        final double raw = rawScore(features);
        return sigmoid == 0.0 ? raw : 1.0 / (1.0 + StrictMath.exp(-sigmoid * raw));
    }

    private boolean goesLeft(final double feature, final int node)
    {
        final byte missing = missingType[node];
        final double dense = Math.abs(feature) <= ZERO_THRESHOLD ? 0.0 : feature;
        final double value = Double.isNaN(dense) && missing != MISSING_NAN ? 0.0 : dense;
        if ((missing == MISSING_ZERO && isZero(value)) || (missing == MISSING_NAN && Double.isNaN(value)))
        {
            return defaultLeft[node];
        }
        return value <= threshold[node];
    }

    private static boolean isZero(final double value)
    {
        return value >= -ZERO_THRESHOLD && value <= ZERO_THRESHOLD;
    }
}
