package io.lockstep.bench;

import io.lockstep.engine.LinearModel;
import io.lockstep.models.LogisticModel;
import io.lockstep.models.MlpModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Batch-1 prediction of the dense built-in kinds over 30 features: linear ({@code linear-json} loads the engine's
 * {@link LinearModel}), logistic, and an MLP 30-64-64-1 with relu hidden layers. Weights are seeded and scaled as
 * initialisation would (Xavier for the linear margin, He for the relu layers), so the logistic margin is of order
 * one; the rows cycle through 4,096 distinct standard-normal inputs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DenseModelBenchmark
{
    private static final int FEATURES = 30;
    private static final int HIDDEN = 64;
    private static final int ROWS = 4096;

    private LinearModel linear;
    private LogisticModel logistic;
    private MlpModel mlp;
    private double[][] rows;
    private int row;

    @Setup
    public void setup()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final double[] weights = gaussians(random, FEATURES, 1.0 / Math.sqrt(FEATURES));
        linear = new LinearModel(0.1, weights);
        logistic = new LogisticModel(0.1, weights, List.of());
        mlp = new MlpModel(List.of(), List.of(
            layer(random, FEATURES, HIDDEN, MlpModel.Activation.RELU),
            layer(random, HIDDEN, HIDDEN, MlpModel.Activation.RELU),
            layer(random, HIDDEN, 1, MlpModel.Activation.IDENTITY)));
        rows = new double[ROWS][];
        for (int r = 0; r < ROWS; r++)
        {
            rows[r] = gaussians(random, FEATURES, 1.0);
        }
    }

    @Benchmark
    public double linear()
    {
        return linear.predict(next());
    }

    @Benchmark
    public double logistic()
    {
        return logistic.predict(next());
    }

    @Benchmark
    public double mlp()
    {
        return mlp.predict(next());
    }

    private double[] next()
    {
        final double[] features = rows[row];
        row = (row + 1) & (ROWS - 1);
        return features;
    }

    private static MlpModel.Layer layer(
        final SplittableRandom random, final int inputs, final int units, final MlpModel.Activation activation)
    {
        final double[][] weights = new double[units][];
        for (int j = 0; j < units; j++)
        {
            weights[j] = gaussians(random, inputs, Math.sqrt(2.0 / inputs));
        }
        return new MlpModel.Layer(weights, gaussians(random, units, 0.01), activation);
    }

    private static double[] gaussians(final SplittableRandom random, final int count, final double scale)
    {
        final double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
            values[i] = scale * Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble())) *
                Math.cos(2.0 * Math.PI * random.nextDouble());
        }
        return values;
    }
}
