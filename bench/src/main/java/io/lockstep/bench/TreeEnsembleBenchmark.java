package io.lockstep.bench;

import io.lockstep.models.TreeEnsemble;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Batch-1 prediction of a gradient-boosted ensemble of full binary trees over 30 features. Thresholds and
 * inputs are standard normal, so every split goes either way about half the time and the branch predictor cannot
 * learn the paths: the rows cycle through 4,096 distinct inputs, 2% of values missing. The ensemble is synthetic
 * (seeded), with the shape of a trained one; an XGBoost import produces the same arrays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TreeEnsembleBenchmark
{
    private static final int FEATURES = 30;
    private static final int ROWS = 4096;

    @Param({"200"})
    private int trees;

    @Param({"6"})
    private int depth;

    private TreeEnsemble ensemble;
    private double[][] rows;
    private int row;

    @Setup
    public void setup()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final int nodesPerTree = (1 << (depth + 1)) - 1;
        final int internalPerTree = (1 << depth) - 1;
        final int nodes = trees * nodesPerTree;
        final int[] roots = new int[trees];
        final int[] left = new int[nodes];
        final int[] right = new int[nodes];
        final int[] feature = new int[nodes];
        final float[] condition = new float[nodes];
        final boolean[] defaultLeft = new boolean[nodes];
        final float[] leafValue = new float[nodes];
        for (int t = 0; t < trees; t++)
        {
            final int root = t * nodesPerTree;
            roots[t] = root;
            // Heap layout within a tree: node i has children 2i+1 and 2i+2.
            for (int i = 0; i < nodesPerTree; i++)
            {
                final int node = root + i;
                if (i < internalPerTree)
                {
                    left[node] = root + 2 * i + 1;
                    right[node] = root + 2 * i + 2;
                    feature[node] = random.nextInt(FEATURES);
                    condition[node] = (float)gaussian(random);
                    defaultLeft[node] = random.nextBoolean();
                }
                else
                {
                    left[node] = TreeEnsemble.LEAF;
                    leafValue[node] = (float)(0.01 * gaussian(random));
                }
            }
        }
        ensemble = new TreeEnsemble(FEATURES, 0.5f, TreeEnsemble.Link.IDENTITY, roots, left, right, feature,
            condition, defaultLeft, leafValue, List.of());

        rows = new double[ROWS][FEATURES];
        for (final double[] values : rows)
        {
            for (int f = 0; f < FEATURES; f++)
            {
                values[f] = random.nextInt(50) == 0 ? Double.NaN : gaussian(random);
            }
        }
    }

    @Benchmark
    public double predict()
    {
        final double[] features = rows[row];
        row = (row + 1) & (ROWS - 1);
        return ensemble.predict(features);
    }

    private static double gaussian(final SplittableRandom random)
    {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble())) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }
}
