package io.lockstep.engine.monitor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** R squared, information coefficient and hit rate on values worked out by hand. */
class AgreementTest
{
    @Test
    void agreementReportsRSquaredInformationCoefficientAndHitRate()
    {
        final Agreement agreement = new Agreement();
        final double[] predictions = { 1, -1, 2, 0 };
        final double[] labels = { 2, -1, 1, 3 };
        for (int i = 0; i < predictions.length; i++)
        {
            agreement.add(predictions[i], labels[i]);
        }
        // Label mean 1.25, deviations 0.75, -2.25, -0.25, 1.75: sum of squares 8.75; squared errors 1 + 0 + 1 + 9.
        assertEquals(1 - 11 / 8.75, agreement.r2(), 1e-15);
        // Prediction mean 0.5, deviations 0.5, -1.5, 1.5, -0.5: sum of squares 5, cross products sum to 2.5.
        assertEquals(2.5 / Math.sqrt(5 * 8.75), agreement.informationCoefficient(), 1e-15);
        assertEquals(1.0, agreement.hitRate(), "three signed rows, all agreeing; the zero prediction is not counted");
        assertEquals(4, agreement.rows());
    }
}
