package io.lockstep.engine.spi;

/**
 * A model: the one thing a model plugin implements. Called on the business thread for every evaluated event, so
 * it must not allocate, block or read a clock, and must sum in a fixed, documented order (bit-exact replay).
 */
public interface Model
{
    /** @return how many features (graph outputs, in order) {@link #predict} reads. */
    int featureCount();

    /**
     * @return the names of the features the model was trained on, in order, when its format records them; empty
     * otherwise. The engine refuses a model whose names differ from the feature graph's outputs.
     */
    default java.util.List<String> featureNames()
    {
        return java.util.List.of();
    }

    /**
     * @param features the graph's outputs, in order; NaN where a feature is not warm yet.
     * @return the prediction, NaN when there is none.
     */
    double predict(double[] features);
}
