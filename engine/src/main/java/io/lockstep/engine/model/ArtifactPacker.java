package io.lockstep.engine.model;

import io.lockstep.engine.EngineVersion;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;
import io.lockstep.features.FeaturePlan;
import io.lockstep.util.DirectoryTree;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds and seals a model artifact: the weights file (and plugin jar) with a manifest that records the feature
 * graph the model was trained against, what it was trained on, how, by whom, why and how well, then
 * {@code artifact.hash} over the canonical form. The model is loaded once on the way, so an artifact that its
 * own loader refuses, or that reads other features than the graph computes, is never written.
 */
public final class ArtifactPacker
{
    /** A metric's value: a decimal number (as Java prints a double, too), or NaN or an infinity when undefined. */
    static final Pattern METRIC =
        Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|NaN|[-+]?Infinity");

    /** What goes into the manifest besides the model. */
    public static final class Description
    {
        public String owner;
        public String approver = "";
        public String rationale;
        public String trainingWindow;
        public long seed;
        public final Map<String, String> hyperParameters = new TreeMap<>();
        public final Map<String, String> metrics = new TreeMap<>();
        public final Map<String, String> versions = new TreeMap<>();
        /**
         * Training rows (a CSV with a header naming at least the model's features, such as {@code research
         * features} writes), or null: sealed as a {@link TrainingReference} for alpha monitoring.
         */
        public Path referenceRows;
    }

    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private ArtifactPacker()
    {
    }

    /**
     * @param out a directory that does not exist yet, or a {@code .zip} file.
     * @return the artifact's content hash, as stated in its manifest.
     */
    public static String pack(
        final String kind,
        final Path modelFile,
        final Path pluginJar,
        final FeaturePlan plan,
        final Description description,
        final Path out)
    {
        final String where = "model " + modelFile;
        final ModelLoader loader = ModelDeployer.loader(kind, pluginJar, where);
        final Model model = loader.load(modelFile);
        final List<String> features = model.featureNames().isEmpty() ?
            plan.outputs().subList(0, Math.min(model.featureCount(), plan.outputs().size())).stream()
                .map(FeaturePlan.Output::name).toList() :
            model.featureNames();
        ModelDeployer.checkAgainstGraph(model.featureCount(), features, plan, where);
        if (features.size() != model.featureCount())
        {
            throw new IllegalArgumentException(where + " reads " + model.featureCount() + " features but names " +
                features.size());
        }
        require(description.owner, "owner");
        require(description.rationale, "rationale");
        require(description.trainingWindow, "training window");
        if (description.metrics.isEmpty())
        {
            throw new IllegalArgumentException("at least one metric: a model is promoted on numbers");
        }
        requireKeys("metrics", description.metrics);
        requireKeys("hyper", description.hyperParameters);
        requireKeys("versions", description.versions);
        description.metrics.forEach((name, value) ->
        {
            if (!METRIC.matcher(value.strip()).matches())
            {
                throw new IllegalArgumentException("metric " + name + " = '" + value + "' is not a number: a " +
                    "model is promoted on numbers");
            }
        });

        if (description.referenceRows != null && modelFile.getFileName().toString().equals(TrainingReference.FILE))
        {
            throw new IllegalArgumentException(where + ": a model file named " + TrainingReference.FILE +
                " would clash with the training reference");
        }
        final TrainingReference reference = description.referenceRows == null ? null :
            reference(description.referenceRows, features, model);

        final StringBuilder manifest = new StringBuilder("# Lockstep model artifact: sealed by artifact.hash\n");
        line(manifest, "spi.version", Integer.toString(ModelLoader.SPI_VERSION));
        line(manifest, "model.kind", kind);
        line(manifest, "model.file", modelFile.getFileName().toString());
        if (pluginJar != null)
        {
            line(manifest, "plugin.jar", pluginJar.getFileName().toString());
        }
        line(manifest, "features", String.join(", ", features));
        line(manifest, "graph.hash", plan.graphHash());
        line(manifest, "training.window", description.trainingWindow);
        line(manifest, "seed", Long.toString(description.seed));
        line(manifest, "owner", description.owner);
        if (!description.approver.isEmpty())
        {
            line(manifest, "approver", description.approver);
        }
        line(manifest, "rationale", description.rationale.replace('\n', ' '));
        if (reference != null)
        {
            line(manifest, TrainingReference.MANIFEST_KEY, TrainingReference.FILE);
        }
        description.hyperParameters.forEach((key, value) -> line(manifest, "hyper." + key, value));
        description.metrics.forEach((key, value) -> line(manifest, "metrics." + key, value));
        final Map<String, String> versions = new TreeMap<>(description.versions);
        versions.putIfAbsent("lockstep", EngineVersion.VERSION);
        versions.putIfAbsent("java", System.getProperty("java.version"));
        versions.forEach((key, value) -> line(manifest, "versions." + key, value));

        // One file of the artifact written over another (a model file named manifest.conf, say) seals one that
        // cannot load.
        final List<String> names = new ArrayList<>(List.of(ModelArtifact.MANIFEST, modelFile.getFileName().toString()));
        if (pluginJar != null)
        {
            names.add(pluginJar.getFileName().toString());
        }
        if (reference != null)
        {
            names.add(TrainingReference.FILE);
        }
        if (new HashSet<>(names).size() != names.size())
        {
            throw new IllegalArgumentException("the artifact's files would share a name: " + names);
        }
        // Built beside its place and moved there whole: a pack that fails leaves no half-written artifact.
        final Path partial = out.toAbsolutePath().resolveSibling(out.getFileName() + ".partial");
        try
        {
            final boolean zip = out.getFileName().toString().endsWith(".zip");
            if (zip ? Files.exists(out) : Files.exists(out) && !isEmptyDirectory(out))
            {
                throw new IllegalArgumentException(out + " exists: refusing to overwrite an artifact");
            }
            DirectoryTree.delete(partial); // what an earlier pack, stopped short, left
            final Path directory = Files.createDirectories(partial.resolve("artifact"));
            Files.copy(modelFile, directory.resolve(modelFile.getFileName()));
            if (pluginJar != null)
            {
                Files.copy(pluginJar, directory.resolve(pluginJar.getFileName()));
            }
            if (reference != null)
            {
                Files.writeString(directory.resolve(TrainingReference.FILE), reference.toJson());
            }
            Files.writeString(directory.resolve(ModelArtifact.MANIFEST), manifest.toString());
            final ModelArtifact unsealed = ModelArtifact.open(directory);
            Files.writeString(directory.resolve(ModelArtifact.MANIFEST), unsealed.sealedManifestText());
            final Path whole = zip ? zip(directory, partial.resolve("artifact.zip")) : directory;
            Files.deleteIfExists(out); // an empty directory, checked above
            Files.move(whole, out, StandardCopyOption.ATOMIC_MOVE);
            return HexFormat.of().formatHex(unsealed.contentHash());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write model artifact " + out, ex);
        }
        finally
        {
            DirectoryTree.delete(partial);
        }
    }

    private static TrainingReference reference(final Path rows, final List<String> features, final Model model)
    {
        try (FeatureRows reader = FeatureRows.named(rows, features))
        {
            return TrainingReference.build(features, reader.readAll(), model);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the training reference rows " + rows, ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("training reference " + rows + ": " + ex.getMessage(), ex);
        }
    }

    private static void line(final StringBuilder manifest, final String key, final String value)
    {
        if (value.contains("\n") || value.contains("\r"))
        {
            throw new IllegalArgumentException("manifest value of " + key + " spans lines: " + value);
        }
        manifest.append(key).append(" = ").append(value.strip()).append('\n');
    }

    /** A name that makes no manifest key would be sealed, then refused by every load. */
    private static void requireKeys(final String group, final Map<String, String> named)
    {
        for (final String name : named.keySet())
        {
            if (name.isEmpty() || !ConfigFile.isKey(group + "." + name))
            {
                throw new IllegalArgumentException(group + " name '" + name + "': expected letters, digits, '.', " +
                    "'_' or '-' (the manifest key " + group + "." + name + " would not load)");
            }
        }
    }

    private static void require(final String value, final String what)
    {
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException("an artifact needs its " + what);
        }
    }

    private static boolean isEmptyDirectory(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return false;
        }
        try (var entries = Files.list(directory))
        {
            return entries.findAny().isEmpty();
        }
    }

    /** @return {@code out}, a zip of every file under {@code directory}, by relative path. */
    private static Path zip(final Path directory, final Path out) throws IOException
    {
        final List<Path> files;
        try (var walk = Files.walk(directory))
        {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream stream = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(stream))
        {
            for (final Path file : files)
            {
                final ZipEntry entry = new ZipEntry(directory.relativize(file).toString().replace('\\', '/'));
                // A fixed time, so that the same files make the same zip, byte for byte.
                entry.setTimeLocal(ZIP_TIME);
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return out;
    }
}
