package io.lockstep.retraining;

/**
 * How predictions agree with labels over rows, in one pass: R squared, the information coefficient (Pearson
 * correlation of prediction and label) and the hit rate (share of rows where both are non-zero and agree in sign).
 */
final class Agreement
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

    void add(final double prediction, final double label)
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

    long rows()
    {
        return rows;
    }

    double r2()
    {
        return 1 - squaredError / labelMoment;
    }

    double informationCoefficient()
    {
        return crossMoment / Math.sqrt(predictionMoment * labelMoment);
    }

    double hitRate()
    {
        return signed == 0 ? Double.NaN : (double)hits / signed;
    }
}
