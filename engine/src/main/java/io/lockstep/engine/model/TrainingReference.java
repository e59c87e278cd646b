package io.lockstep.engine.model;

import io.lockstep.engine.spi.Model;
import io.lockstep.util.JsonParser;
import io.lockstep.util.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a model was trained on, as alpha monitoring needs it: the distribution of each feature it reads, in its
 * order, and of its own predictions on those rows. Built when the artifact is packed ({@code model pack
 * --reference ROWS.csv}) and sealed in it as {@value #FILE}, so the reference is covered by the artifact hash and
 * always travels with the model it describes.
 */
public final class TrainingReference
{
    public static final String FILE = "reference.json";
    /** The manifest key naming the file. */
    public static final String MANIFEST_KEY = "reference.file";
    private static final int VERSION = 1;

    private final List<ColumnDistribution> features;
    private final ColumnDistribution prediction;

    private TrainingReference(final List<ColumnDistribution> features, final ColumnDistribution prediction)
    {
        this.features = features;
        this.prediction = prediction;
    }

    /**
     * @param names the model's features, in its order.
     * @param rows  training rows, one value per feature (NaN: missing); the model predicts each.
     */
    public static TrainingReference build(final List<String> names, final List<double[]> rows, final Model model)
    {
        if (rows.isEmpty())
        {
            throw new IllegalArgumentException("a training reference needs at least one row");
        }
        final int count = rows.size();
        final double[] column = new double[count];
        final List<ColumnDistribution> features = new ArrayList<>(names.size());
        for (int f = 0; f < names.size(); f++)
        {
            for (int r = 0; r < count; r++)
            {
                column[r] = rows.get(r)[f];
            }
            features.add(ColumnDistribution.of(names.get(f), column, count));
        }
        for (int r = 0; r < count; r++)
        {
            column[r] = model.predict(rows.get(r));
        }
        return new TrainingReference(features, ColumnDistribution.of("prediction", column, count));
    }

    /**
     * @return the reference sealed in the artifact, or null when it was packed without one.
     * @throws IllegalArgumentException naming the artifact when the manifest names a reference it does not hold,
     *                                  or one that does not parse.
     */
    public static TrainingReference of(final ModelArtifact artifact)
    {
        final String file = artifact.manifest().string(MANIFEST_KEY, "");
        if (file.isEmpty())
        {
            return null;
        }
        final String where = "model artifact " + artifact.location();
        final byte[] bytes = artifact.files().get(file);
        if (bytes == null)
        {
            throw new IllegalArgumentException(where + ": " + MANIFEST_KEY + " " + file + " is not in the artifact");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), where + ", " + file);
    }

    /**
     * @param where named in errors: the artifact and file.
     */
    public static TrainingReference parse(final String text, final String where)
    {
        if (!(JsonParser.parse(text, where) instanceof Map<?, ?> json))
        {
            throw new IllegalArgumentException(where + ": expected a JSON object");
        }
        final long version = ((Number)JsonFields.required(json, "version", Number.class, where)).longValue();
        if (version != VERSION)
        {
            throw new IllegalArgumentException(where + ": reference version " + version + ", this engine reads " +
                VERSION);
        }
        final List<ColumnDistribution> features = new ArrayList<>();
        for (final Object feature : (List<?>)JsonFields.required(json, "features", List.class, where))
        {
            if (!(feature instanceof Map<?, ?> column))
            {
                throw new IllegalArgumentException(where + ": each of \"features\" must be an object");
            }
            features.add(ColumnDistribution.fromJson(column, where));
        }
        return new TrainingReference(features, ColumnDistribution.fromJson(
            (Map<?, ?>)JsonFields.required(json, "prediction", Map.class, where), where));
    }

    /**
     * The deploy contract's check: the reference describes the features the model reads, in its order.
     *
     * @throws IllegalArgumentException naming the first feature that differs.
     */
    public void checkFeatures(final List<String> modelFeatures, final String where)
    {
        final List<String> names = ColumnDistribution.names(features);
        if (!names.equals(modelFeatures))
        {
            int i = 0;
            while (i < Math.min(names.size(), modelFeatures.size()) && names.get(i).equals(modelFeatures.get(i)))
            {
                i++;
            }
            throw new IllegalArgumentException(where + ": " + FILE + " describes " + names.size() + " features, " +
                "the model reads " + modelFeatures.size() + "; first difference at position " + (i + 1) + " (" +
                (i < names.size() ? names.get(i) : "none") + " against " +
                (i < modelFeatures.size() ? modelFeatures.get(i) : "none") + ")");
        }
    }

    public String toJson()
    {
        final JsonWriter json = new JsonWriter().beginObject().name("version").value(VERSION)
            .name("features").beginArray();
        for (final ColumnDistribution feature : features)
        {
            feature.toJson(json);
        }
        json.endArray().name("prediction");
        prediction.toJson(json);
        return json.endObject().toString();
    }

    public List<ColumnDistribution> features()
    {
        return features;
    }

    public ColumnDistribution prediction()
    {
        return prediction;
    }

    public long rows()
    {
        return prediction.rows();
    }
}
