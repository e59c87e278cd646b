package io.lockstep.models;

/**
 * XGBoost's float32 logistic arithmetic, operation for operation as its C++ (2.x) computes it:
 * {@code common::Sigmoid} of {@code src/common/math.h} (the {@code PredTransform} of {@code binary:logistic}) and
 * {@code LogisticRegression::ProbToMargin} of {@code src/objective/regression_loss.h}.
 * <p>
 * Java has no float {@code expf} or {@code logf}: here they are the double {@link StrictMath} result rounded to
 * float, which is the correctly rounded float but for double-rounding cases (an exact value within about 2^-29
 * ulp of a midpoint), and the same on every JVM. XGBoost calls the platform's libm, and glibc's {@code expf} and
 * {@code logf} are not correctly rounded for every argument (nor the same on every CPU: x86-64 picks an FMA
 * variant at run time). Measured exhaustively against glibc 2.36 on x86-64 with FMA:
 * <ul>
 * <li>{@link #sigmoid}: of all 4,278,190,082 non-NaN float margins, 65,208 give another float than XGBoost's
 * (1 margin in 3,800 for margins uniform in [-16, 16]), by at most 4 ulps (2 while |margin| &lt; 16.6, where
 * {@code expf} is below 2^24) and 1.2e-7 absolute: one ulp of {@code expf} moves the float sum {@code expf + 1}
 * by at most one ulp, and the quotient with it. Every other float margin gives XGBoost's bits;</li>
 * <li>{@link #probToMargin}: 0.28% of the float probabilities in [0.01, 0.99] get a base margin one ulp from
 * XGBoost's, and then the margins of that model can differ from XGBoost's by an ulp too.</li>
 * </ul>
 * Matching glibc bit for bit would mean porting one libm build; these tolerances are far below a probability's
 * meaning, and the result does not depend on the machine.
 */
final class XGBoostMath
{
    /** XGBoost clamps the exponent so that expf cannot overflow. */
    private static final float MAX_EXPONENT = 88.7f;

    private XGBoostMath()
    {
    }

    /**
     * {@code 1 / (expf(min(-margin, 88.7f)) + 1 + 1e-16f)} in float. XGBoost adds 1e-16f against a division by
     * zero; to a float sum of at least 1 it adds nothing, so it is left out. NaN stays NaN.
     */
    static float sigmoid(final float margin)
    {
        final float negated = -margin;
        // std::min(-x, 88.7f) is (88.7f < -x ? 88.7f : -x), which keeps NaN.
        final float exponent = MAX_EXPONENT < negated ? MAX_EXPONENT : negated;
        return 1.0f / ((float)StrictMath.exp(exponent) + 1.0f);
    }

    /** {@code -logf(1 / probability - 1)} in float: the margin XGBoost starts from for a base score. */
    static float probToMargin(final float probability)
    {
        return -(float)StrictMath.log(1.0f / probability - 1.0f);
    }
}
