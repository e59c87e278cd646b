package io.lockstep.models;

import io.lockstep.engine.spi.Model;

import java.util.List;

/**
 * A small dense multi-layer perceptron with one output, in double. Each layer computes, for each of its units
 * {@code j}, {@code activation(bias[j] + w[j][0] x[0] + w[j][1] x[1] + ...)}: the sum starts at the bias and adds
 * the inputs in index order, one rounded multiply and one rounded add per term (Java never fuses them), so a
 * prediction is the same on every JVM and replay is bit-exact. Activations: {@code relu} ({@code x < 0 ? 0 : x}),
 * {@code tanh} ({@link StrictMath#tanh}), {@code identity}. NaN in any feature gives NaN (relu keeps it).
 * <p>
 * Weights are held transposed, one array per input holding its weight in every unit, so the inner loop adds one
 * input's term to all the units of the layer ({@code out[j] += column[j] * x}): the units are independent and the
 * JIT vectorises the loop, while each unit still sums in the order above. (One flat input-major array indexed
 * {@code i * units + j} measured 1.7x slower: C2 does not vectorise it.) The layers' outputs live in buffers
 * allocated here: zero allocation per prediction, and, like every {@link Model}, one instance serves one thread.
 */
public final class MlpModel implements Model
{
    public enum Activation
    {
        IDENTITY, RELU, TANH
    }

    /**
     * One layer as trained: {@code weights[j][i]} is the weight of input {@code i} in unit {@code j} (row-major,
     * units x inputs, as PyTorch's {@code nn.Linear.weight}), {@code bias[j]} the bias of unit {@code j}.
     */
    public record Layer(double[][] weights, double[] bias, Activation activation)
    {
    }

    private final int featureCount;
    private final List<String> featureNames;
    /** Per layer and input {@code i}, the weight of input {@code i} in each unit {@code j}: {@code [l][i][j]}. */
    private final double[][][] columns;
    private final double[][] biases;
    private final Activation[] activations;
    /** Per layer, its outputs: the next layer's inputs. */
    private final double[][] outputs;

    /**
     * @param featureNames one per input of the first layer, in order, or empty when unknown.
     * @param layers       first to last; the last has one unit, the prediction.
     * @throws IllegalArgumentException when the shapes do not chain, naming the layer as {@code layers[l]}.
     */
    public MlpModel(final List<String> featureNames, final List<Layer> layers)
    {
        if (layers.isEmpty())
        {
            throw new IllegalArgumentException("layers: none, a network has at least one");
        }
        final int layerCount = layers.size();
        this.featureCount = featureNames.isEmpty() && layers.get(0).weights().length > 0 ?
            layers.get(0).weights()[0].length : featureNames.size();
        this.featureNames = List.copyOf(featureNames);
        this.columns = new double[layerCount][][];
        this.biases = new double[layerCount][];
        this.activations = new Activation[layerCount];
        this.outputs = new double[layerCount][];
        int inputs = featureCount;
        for (int l = 0; l < layerCount; l++)
        {
            final Layer layer = layers.get(l);
            final String at = "layers[" + l + "]";
            final int units = layer.weights().length;
            if (units == 0)
            {
                throw new IllegalArgumentException(at + ".weights: no rows, a layer has at least one unit");
            }
            if (l == layerCount - 1 && units != 1)
            {
                throw new IllegalArgumentException(at + ".weights: " + units + " rows, but the last layer has " +
                    "one unit, the prediction");
            }
            if (layer.bias().length != units)
            {
                throw new IllegalArgumentException(at + ".bias: " + layer.bias().length + " values, expected " +
                    units + " (one per row of " + at + ".weights)");
            }
            final double[][] transposed = new double[inputs][units];
            for (int j = 0; j < units; j++)
            {
                final double[] row = layer.weights()[j];
                if (row.length != inputs)
                {
                    throw new IllegalArgumentException(at + ".weights[" + j + "]: " + row.length + " values, " +
                        "expected " + inputs + (l == 0 ? " (one per feature)" :
                        " (one per unit of layers[" + (l - 1) + "])"));
                }
                for (int i = 0; i < inputs; i++)
                {
                    transposed[i][j] = row[i];
                }
            }
            columns[l] = transposed;
            biases[l] = layer.bias().clone();
            activations[l] = java.util.Objects.requireNonNull(layer.activation(), at + ".activation");
            outputs[l] = new double[units];
            inputs = units;
        }
    }

    public int featureCount()
    {
        return featureCount;
    }

    public List<String> featureNames()
    {
        return featureNames;
    }

    public double predict(final double[] features)
    {
        double[] input = features;
        for (int l = 0; l < columns.length; l++)
        {
            final double[][] layer = columns[l];
            final double[] out = outputs[l];
            System.arraycopy(biases[l], 0, out, 0, out.length);
            for (int i = 0; i < layer.length; i++)
            {
                addScaled(out, layer[i], input[i]);
            }
            activate(activations[l], out);
            input = out;
        }
        return input[0];
    }

    /** {@code out[j] += column[j] * x}: the same index into both arrays, which C2 vectorises. */
    private static void addScaled(final double[] out, final double[] column, final double x)
    {
        for (int j = 0; j < out.length; j++)
        {
            out[j] += column[j] * x;
        }
    }

    private static void activate(final Activation activation, final double[] values)
    {
        if (activation == Activation.RELU)
        {
            for (int j = 0; j < values.length; j++)
            {
                // NaN < 0 is false: a NaN sum stays NaN.
                values[j] = values[j] < 0.0 ? 0.0 : values[j];
            }
        }
        else if (activation == Activation.TANH)
        {
            for (int j = 0; j < values.length; j++)
            {
                values[j] = StrictMath.tanh(values[j]);
            }
        }
    }
}
