package io.lockstep.models;

/**
 * How a {@link TreeEnsemble} finds and adds its leaves: {@link LevelWalk} for trees close to complete, as XGBoost's
 * depth-wise growth makes them, {@link LaneWalk} for any other shape. Both give the same float, bit for bit: the
 * base score plus each tree's leaf in tree order. An instance keeps per-prediction state, so serves one thread.
 */
interface TreeWalk
{
    /** @return the base score plus the leaf each tree reaches for these features, added in tree order in float. */
    float margin(double[] features);
}
