package io.lockstep.engine;

import io.lockstep.features.FeaturePlan;
import io.lockstep.util.DurableFiles;
import io.lockstep.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a run needs to be reproduced, written next to its journals as {@code manifest.properties}: engine version
 * and git commit, the version of every library (from the build, not typed by hand), JVM and OS, the config's
 * SHA-256 (the config itself is {@code engine.config}), the feature graph hash, the model's hash and the digest
 * algorithm. Everything that changes behaviour during the run is an input in the journal.
 */
public final class RunManifest
{
    public static final String FILE = "manifest.properties";
    public static final String DIGEST_ALGORITHM = "xxhash64-round-over-decision-record-bytes/v1";
    /**
     * The champion the last start went live with (after a restart, the one its recovery left; "none" when every
     * champion was quarantined), where {@code model.hash} is the model its config names.
     */
    public static final String STARTED_CHAMPION = "champion.started";

    private RunManifest()
    {
    }

    public static void write(
        final Path dataDir, final EngineSettings settings, final FeaturePlan plan, final Map<String, String> extra)
    {
        final Map<String, String> entries = new TreeMap<>();
        final Properties build = load("version.properties");
        build.stringPropertyNames().forEach((key) ->
            entries.put(key.equals("version") ? "engine.version" : "library." + key, build.getProperty(key)));
        final Properties git = load("git.properties");
        entries.put("engine.git.commit", git.getProperty("git.commit.id", "unknown (built outside git)") +
            ("true".equals(git.getProperty("git.dirty")) ? " (with uncommitted changes)" : ""));
        entries.put("jvm", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " +
            System.getProperty("java.runtime.version"));
        entries.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch"));
        entries.put("config.file", "engine.config");
        entries.put("config.sha256", Sha256.hex(settings.configText.getBytes(StandardCharsets.UTF_8)));
        entries.put("features.source", plan.source());
        if (settings.featuresFile != null)
        {
            entries.put("features.file.hash", fileHash("features.file", settings.featuresFile));
        }
        entries.put("features.graph.hash", plan.graphHash());
        entries.put("model.kind", settings.modelKind);
        entries.put("model.hash", modelHash(settings));
        entries.put("digest.algorithm", DIGEST_ALGORITHM);
        entries.put("digest.checkpoint.interval", Integer.toString(settings.checkpointInterval));
        final String perturbed = System.getProperty("lockstep.test.perturbFeatureOperator");
        if (perturbed != null)
        {
            entries.put("test.perturbFeatureOperator", perturbed + " (a test flag: this run is not reproducible)");
        }
        entries.putAll(extra);
        // A restart describes its own start; what an earlier start said that this one does not (the demo's feed,
        // a test flag) stays true of the run's journal.
        final Properties earlier = read(dataDir);
        earlier.stringPropertyNames().forEach((key) -> entries.putIfAbsent(key, earlier.getProperty(key)));
        final StringBuilder text = new StringBuilder("# Lockstep run manifest\n");
        entries.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try
        {
            DurableFiles.replace(dataDir.resolve(FILE), text.toString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE) + ": " + ex.getMessage(), ex);
        }
    }

    /** Read a manifest; empty when there is none. */
    public static Properties read(final Path dataDir)
    {
        final Properties properties = new Properties();
        final Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file))
        {
            try (InputStream in = Files.newInputStream(file))
            {
                properties.load(in);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + file, ex);
            }
        }
        return properties;
    }

    private static String fileHash(final String what, final Path file)
    {
        try
        {
            return Sha256.hex(Files.readAllBytes(file));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + what + " " + file, ex);
        }
    }

    /** SHA-256 of the model file, or over the linear model's parameters as raw bits, in order. */
    public static String modelHash(final EngineSettings settings)
    {
        if (settings.modelArtifact != null)
        {
            return HexFormat.of().formatHex(
                io.lockstep.engine.model.ModelArtifact.open(settings.modelArtifact).contentHash());
        }
        if (settings.modelFile != null)
        {
            return fileHash("model.file", settings.modelFile);
        }
        final ByteBuffer bits = ByteBuffer.allocate(8 * (settings.modelWeights.length + 1));
        bits.putLong(Double.doubleToRawLongBits(settings.modelIntercept));
        for (final double weight : settings.modelWeights)
        {
            bits.putLong(Double.doubleToRawLongBits(weight));
        }
        return Sha256.hex(bits.array());
    }

    private static Properties load(final String resource)
    {
        final Properties properties = new Properties();
        try (InputStream in = RunManifest.class.getResourceAsStream(resource))
        {
            if (in != null)
            {
                properties.load(in);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }
}
