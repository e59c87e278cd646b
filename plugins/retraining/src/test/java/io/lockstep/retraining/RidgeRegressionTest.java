package io.lockstep.retraining;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The fit and its report on rows whose answer is known in closed form. */
class RidgeRegressionTest
{
    @Test
    void withoutAPenaltyAnExactLinearLabelIsRecovered()
    {
        // Features of very different scales, as an order-flow sum beside a return.
        final RidgeRegression regression = new RidgeRegression(List.of("a", "b", "c"));
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++)
        {
            final double[] x =
                { random.nextDouble(-1, 1), 300 + random.nextDouble(-100, 100), random.nextGaussian() * 1e-5 };
            regression.add(x, 2 + 3 * x[0] - 0.5 * x[1] + 4000 * x[2]);
        }
        final RidgeRegression.Fit fit = regression.fit(0);
        assertEquals(2, fit.intercept(), 1e-9);
        assertArrayEquals(new double[] { 3, -0.5, 4000 }, fit.weights(), 1e-9);
        assertEquals(List.of(), fit.constantFeatures());
        assertEquals(2 + 3 * 0.5 - 0.5 * 310 + 4000 * 1e-5, fit.predict(new double[] { 0.5, 310, 1e-5 }), 1e-9);
    }

    @Test
    void thePenaltyShrinksAStandardisedWeightByOnePlusRidge()
    {
        // One feature: the standardised weight is cov(x, y) / sd(x) / (1 + ridge), so w = cov / var / (1 + ridge).
        final double[] xs = { 1, 2, 4, 7 };
        final double[] ys = { 3, 1, 6, 9 };
        final RidgeRegression regression = new RidgeRegression(List.of("x"));
        for (int i = 0; i < xs.length; i++)
        {
            regression.add(new double[] { xs[i] }, ys[i]);
        }
        // Means 3.5 and 4.75: cov = (-2.5 * -1.75 + -1.5 * -3.75 + 0.5 * 1.25 + 3.5 * 4.25) / 4 = 6.375, var 5.25.
        final double weight = 6.375 / 5.25 / (1 + 0.5);
        final RidgeRegression.Fit fit = regression.fit(0.5);
        assertEquals(weight, fit.weights()[0], 1e-12);
        assertEquals(4.75 - weight * 3.5, fit.intercept(), 1e-12, "the intercept is not penalised");
    }

    @Test
    void aConstantFeatureGetsNoWeightAndADuplicateNeedsAPenalty()
    {
        final RidgeRegression regression = new RidgeRegression(List.of("a", "b", "c"));
        for (int i = 0; i < 50; i++)
        {
            regression.add(new double[] { i, 5, i }, 1 + 2.0 * i);
        }
        final IllegalStateException singular = assertThrows(IllegalStateException.class, () -> regression.fit(0));
        assertEquals("feature c is a linear combination of the features before it: give a ridge above 0",
            singular.getMessage());
        final RidgeRegression.Fit fit = regression.fit(1e-6);
        assertEquals(List.of(1), fit.constantFeatures());
        assertEquals(0, fit.weights()[1]);
        assertEquals(fit.weights()[0], fit.weights()[2], 1e-6, "the twins share the weight alike");
        assertEquals(2.0, fit.weights()[0] + fit.weights()[2], 1e-5);

        // Collinear up to rounding: a third feature that is a x 0.1 + b x 0.3, computed in floating point.
        final RidgeRegression nearly = new RidgeRegression(List.of("a", "b", "c"));
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++)
        {
            final double a = random.nextDouble();
            final double b = random.nextDouble();
            nearly.add(new double[] { a, b, a * 0.1 + b * 0.3 }, a - b);
        }
        assertThrows(IllegalStateException.class, () -> nearly.fit(0), "not huge, meaningless weights");

        final RidgeRegression flat = new RidgeRegression(List.of("a"));
        for (int i = 0; i < 10; i++)
        {
            flat.add(new double[] { i }, 7);
        }
        assertEquals("the label is the same on all 10 training rows: nothing to fit",
            assertThrows(IllegalStateException.class, () -> flat.fit(1)).getMessage());

        final RidgeRegression few = new RidgeRegression(List.of("a", "b", "c"));
        few.add(new double[] { 1, 2, 3 }, 1);
        assertEquals("1 training rows for 3 features: too few to fit",
            assertThrows(IllegalStateException.class, () -> few.fit(1)).getMessage());
    }
}
