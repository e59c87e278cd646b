package io.lockstep.retraining;

/** Solves a symmetric positive definite system by Cholesky decomposition, in a fixed order of operations. */
final class Cholesky
{
    /** The share of a diagonal element below which its row counts as dependent on the rows before it. */
    static final double SINGULAR = 1e-10;

    /** The matrix is not positive definite: its row {@link #row} (from 0) depends on the rows before it. */
    static final class NotPositiveDefinite extends RuntimeException
    {
        final int row;

        NotPositiveDefinite(final int row)
        {
            super("not positive definite at row " + (row + 1));
            this.row = row;
        }
    }

    private Cholesky()
    {
    }

    /**
     * @param a the k x k matrix, row-major (only its lower triangle is read).
     * @param b the right-hand side.
     * @return x with {@code a x = b}.
     * @throws NotPositiveDefinite when a is not positive definite.
     */
    static double[] solve(final double[] a, final double[] b, final int k)
    {
        final double[] lower = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = a[i * k + j];
                for (int m = 0; m < j; m++)
                {
                    sum -= lower[i * k + m] * lower[j * k + m];
                }
                if (i == j)
                {
                    // What is left of the diagonal after the rows before: next to nothing means the row is (up to
                    // rounding) a combination of them, and dividing by it would give huge, meaningless weights.
                    if (!(sum > SINGULAR * a[i * k + i]))
                    {
                        throw new NotPositiveDefinite(i);
                    }
                    lower[i * k + i] = Math.sqrt(sum);
                }
                else
                {
                    lower[i * k + j] = sum / lower[j * k + j];
                }
            }
        }
        final double[] y = new double[k];
        for (int i = 0; i < k; i++)
        {
            double sum = b[i];
            for (int m = 0; m < i; m++)
            {
                sum -= lower[i * k + m] * y[m];
            }
            y[i] = sum / lower[i * k + i];
        }
        final double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--)
        {
            double sum = y[i];
            for (int m = i + 1; m < k; m++)
            {
                sum -= lower[m * k + i] * x[m];
            }
            x[i] = sum / lower[i * k + i];
        }
        return x;
    }
}
