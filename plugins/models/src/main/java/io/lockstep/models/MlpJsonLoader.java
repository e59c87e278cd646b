package io.lockstep.models;

import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code model.kind = mlp-json}: an {@link MlpModel} from
 * <pre>
 * {"kind": "mlp-json", "features": ["spread_bps", "imbalance"],
 *  "layers": [{"weights": [[0.5, -0.3], [0.1, 0.4]], "bias": [0.1, -0.2], "activation": "relu"},
 *             {"weights": [[1.2, -0.7]], "bias": [0.05], "activation": "identity"}]}
 * </pre>
 * {@code weights} row-major, one row per unit and one value per input of the layer (the features, then the units
 * of the layer before); {@code bias} one per unit; {@code activation} relu, tanh or identity; the last layer has one
 * unit. Every number finite; no other member.
 */
public final class MlpJsonLoader implements ModelLoader
{
    public String kind()
    {
        return "mlp-json";
    }

    public Model load(final Path file)
    {
        final ModelJson json = ModelJson.read(file);
        final List<String> features = json.denseHeader(kind());
        json.onlyMembers(json.root(), "(root)", "kind", "features", "layers");
        final List<?> values = json.array(json.root().get("layers"), "layers");
        final List<MlpModel.Layer> layers = new ArrayList<>(values.size());
        for (int l = 0; l < values.size(); l++)
        {
            final String at = "layers[" + l + "]";
            final Map<?, ?> layer = json.object(values.get(l), at);
            json.onlyMembers(layer, at, "weights", "bias", "activation");
            final List<?> rows = json.array(layer.get("weights"), at + ".weights");
            final double[][] weights = new double[rows.size()][];
            for (int j = 0; j < weights.length; j++)
            {
                weights[j] = json.numbers(rows.get(j), at + ".weights[" + j + "]");
            }
            // Shapes are the model's to check: it names them by the same paths.
            layers.add(new MlpModel.Layer(weights, json.numbers(layer.get("bias"), at + ".bias"),
                activation(json, json.string(layer.get("activation"), at + ".activation"), at + ".activation")));
        }
        try
        {
            return new MlpModel(features, layers);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    private static MlpModel.Activation activation(final ModelJson json, final String name, final String path)
    {
        for (final MlpModel.Activation activation : MlpModel.Activation.values())
        {
            if (activation.name().toLowerCase(Locale.ROOT).equals(name))
            {
                return activation;
            }
        }
        throw json.error(path, "unknown activation \"" + name + "\" (expected relu, tanh or identity)");
    }
}
