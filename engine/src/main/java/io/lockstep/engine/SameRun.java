package io.lockstep.engine;

import io.lockstep.engine.config.ConfigFile;
import io.lockstep.features.FeaturePlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The check before an engine restarts on a data directory that holds a run: what the run decided with must be
 * what this start decides with, or the journal would hold two runs that no replay can tell apart.
 */
final class SameRun
{
    private SameRun()
    {
    }

    /**
     * A data directory holds one run: its journals replay with the settings that decide, the feature graph and the
     * starting model its run recorded. A restart must bring the same; what changes while a run lasts (models, risk
     * limits, the kill switch) changes through control inputs, which the journal keeps. Settings that do not decide
     * (Aeron, HTTP, threads, journal, monitoring) may change.
     */
    static void require(final EngineSettings settings, final FeaturePlan plan)
    {
        final Path recordedConfig = settings.dataDir.resolve("engine.config");
        if (!Files.isRegularFile(recordedConfig))
        {
            throw new IllegalStateException(settings.dataDir + " holds an input journal but no engine.config: it " +
                "is not an engine's data directory; start the engine on a new one");
        }
        final String recorded;
        try
        {
            recorded = Files.readString(recordedConfig);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + recordedConfig, ex);
        }
        final String refusal = "refusing to restart on " + settings.dataDir + ": ";
        final String advice = "; a data directory holds one run (change models and risk limits with lockstep " +
            "admin while it runs, or start on a new data directory)";
        final EngineSettings run;
        try
        {
            run = EngineSettings.recorded(ConfigFile.parse(recordedConfig.toString(), recorded));
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException(refusal + "its recorded config no longer loads, so what its run decided " +
                "with cannot be compared: " + ex.getMessage() + advice, ex);
        }
        final String differences = differences(run.decidingSettings(), settings.decidingSettings());
        if (!differences.isEmpty())
        {
            throw new IllegalStateException(refusal + "its run decided with other settings: " + differences + advice);
        }
        final Properties manifest = RunManifest.read(settings.dataDir);
        if (manifest.isEmpty())
        {
            throw new IllegalStateException(refusal + "it has no " + RunManifest.FILE + " to say what its run " +
                "decided with" + advice);
        }
        final String graph = manifest.getProperty("features.graph.hash");
        if (!plan.graphHash().equals(graph))
        {
            throw new IllegalStateException(refusal + "its run used feature graph " + graph + ", this build " +
                "compiles " + plan.source() + " to " + plan.graphHash() + " (an operator's code or the graph " +
                "file changed)" + advice);
        }
        final String model = manifest.getProperty("model.hash");
        if (!RunManifest.modelHash(settings).equals(model))
        {
            throw new IllegalStateException(refusal + "its run started with model " + model + ", the model this " +
                "config names is now " + RunManifest.modelHash(settings) + advice);
        }
    }

    /**
     * The settings that decide must be those of the config text the start records as {@code engine.config}, which a
     * replay and a restart read: set in code apart from it, they would record a run that decided otherwise.
     */
    static void requireRecordable(final EngineSettings settings)
    {
        final String differences = differences(
            EngineSettings.recorded(ConfigFile.parse("engine.config", settings.configText)).decidingSettings(),
            settings.decidingSettings());
        if (!differences.isEmpty())
        {
            throw new IllegalStateException("the engine's settings decide otherwise than the config text it would " +
                "record as engine.config, " + differences.replace(" in the run,", " in the config text,") +
                ": give them as config text (EngineSettings.from)");
        }
    }

    /** @return each key whose setting differs, with both values. */
    private static String differences(final Map<String, String> run, final Map<String, String> now)
    {
        final Set<String> keys = new TreeSet<>(run.keySet());
        keys.addAll(now.keySet());
        final StringBuilder differences = new StringBuilder();
        for (final String key : keys)
        {
            final String was = run.get(key);
            final String is = now.get(key);
            if (!Objects.equals(was, is))
            {
                differences.append(differences.length() == 0 ? "" : ", ").append(key).append(" (")
                    .append(was == null ? "not used" : was).append(" in the run, ").append(is == null ? "not used" : is)
                    .append(" now)");
            }
        }
        return differences.toString();
    }
}
