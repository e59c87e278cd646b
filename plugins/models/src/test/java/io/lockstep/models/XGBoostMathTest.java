package io.lockstep.models;

import io.lockstep.util.SplitMix64;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float sigmoid against XGBoost's own: a booster with no trees predicts {@code Sigmoid(base_margin)}, so
 * XGBoost computes it for any margin we hand it.
 */
class XGBoostMathTest
{
    private static final int MARGINS = 1_000_000;

    @Test
    void sigmoidIsXGBoostsButWhereGlibcExpfIsNotCorrectlyRounded() throws Exception
    {
        final float[] margins = new float[MARGINS];
        // The clamp at 88.7, the saturations, signed zeros, then margins uniform in [-20, 20].
        final float[] edges = {0.0f, -0.0f, 1.0f, -1.0f, 88.7f, -88.7f, Math.nextDown(-88.7f), Math.nextUp(-88.7f),
            -100.0f, 100.0f, 17.0f, -17.0f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
        System.arraycopy(edges, 0, margins, 0, edges.length);
        final SplitMix64 random = new SplitMix64(5);
        for (int i = edges.length; i < MARGINS; i++)
        {
            margins[i] = (float)((random.nextLong() >>> 11) * 0x1.0p-53 * 40.0 - 20.0);
        }
        final float[] expected = xgboostSigmoid(margins);

        int mismatches = 0;
        int maxUlps = 0;
        for (int i = 0; i < MARGINS; i++)
        {
            final float ours = XGBoostMath.sigmoid(margins[i]);
            final int ulps = Math.abs(Float.floatToRawIntBits(ours) - Float.floatToRawIntBits(expected[i]));
            if (i < edges.length)
            {
                assertEquals(expected[i], ours, "margin " + margins[i]);
            }
            mismatches += ulps == 0 ? 0 : 1;
            maxUlps = Math.max(maxUlps, ulps);
        }
        // Exhaustively over every float margin, glibc 2.36 differs on 1 margin in 3,800 by up to 4 ulps.
        assertTrue(mismatches <= MARGINS / 1000 && maxUlps <= 4,
            mismatches + " of " + MARGINS + " sigmoids differ from XGBoost's, by up to " + maxUlps + " ulps");
    }

    @Test
    void sigmoidKeepsNaNAndBaseScoreConvertsToTheMargin()
    {
        assertTrue(Float.isNaN(XGBoostMath.sigmoid(Float.NaN)));
        assertEquals(0.5f, XGBoostMath.sigmoid(0.0f));
        assertEquals(-0.0f, XGBoostMath.probToMargin(0.5f), "-logf(1), as XGBoost");
        assertEquals(-(float)Math.log(3.0), XGBoostMath.probToMargin(0.25f));
        assertEquals(0.25f, XGBoostMath.sigmoid(XGBoostMath.probToMargin(0.25f)));
    }

    private static float[] xgboostSigmoid(final float[] margins) throws Exception
    {
        final DMatrix none = new DMatrix(new float[] {0, 1}, 2, 1, Float.NaN);
        none.setLabel(new float[] {0, 1});
        final Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("nthread", 1);
        final Booster booster = XGBoost.train(none, params, 0, new HashMap<>(), null, null);
        final DMatrix rows = new DMatrix(new float[margins.length], margins.length, 1, Float.NaN);
        rows.setBaseMargin(margins);
        final float[][] predictions = booster.predict(rows);
        final float[] sigmoids = new float[margins.length];
        for (int i = 0; i < margins.length; i++)
        {
            sigmoids[i] = predictions[i][0];
        }
        return sigmoids;
    }
}
