package io.lockstep.engine.monitor;

/**
 * How predictions agree with labels (or with another model's predictions) over rows, in one pass, in the order
 * given: R squared, the information coefficient (Pearson correlation) and the hit rate (share of rows where both
 * are non-zero and agree in sign). Retraining scores its validation rows with it; drift reports compare a
 * candidate model with the champion.
 */
public final class Agreement
{
    private long rows;
    private double meanPrediction;
    private double meanLabel;
    private double predictionMoment;
    private double labelMoment;
    private double crossMoment;
    private double squaredError;
    private long signed;
    private long hits;

    public void add(final double prediction, final double label)
    {
        rows++;
        final double dp = prediction - meanPrediction;
        final double dl = label - meanLabel;
        meanPrediction += dp / rows;
        meanLabel += dl / rows;
        predictionMoment += dp * (prediction - meanPrediction);
        labelMoment += dl * (label - meanLabel);
        crossMoment += dp * (label - meanLabel);
        final double error = label - prediction;
        squaredError += error * error;
        if (prediction != 0 && label != 0)
        {
            signed++;
            hits += (prediction > 0) == (label > 0) ? 1 : 0;
        }
    }

    public long rows()
    {
        return rows;
    }

    public double r2()
    {
        return 1 - squaredError / labelMoment;
    }

    public double informationCoefficient()
    {
        return crossMoment / Math.sqrt(predictionMoment * labelMoment);
    }

    public double hitRate()
    {
        return signed == 0 ? Double.NaN : (double)hits / signed;
    }
}
