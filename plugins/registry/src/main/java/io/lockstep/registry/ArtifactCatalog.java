package io.lockstep.registry;

import io.lockstep.engine.RunManifest;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.TrainingReference;
import io.lockstep.util.JsonWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The model artifacts an engine's data directory holds (every model the engine loaded, kept under its content
 * hash), each checked against its hash and described from its sealed manifest: what it is, who owns and approved
 * it, what it was trained on and why, its validation report, whether it carries a training reference, whether it
 * is the configured champion (the run manifest's {@code model.hash}: the one the config of the last start names)
 * and whether the last start went live with it ({@link RunManifest#STARTED_CHAMPION}: after a swap, a restart
 * recovers another champion from the journal; {@link ModelHistory} says when each changed). An artifact that no
 * longer checks is listed with its problem, never left out.
 */
public final class ArtifactCatalog
{
    /** One kept artifact; {@code problem} is null when it checks, and the rest empty when it does not. */
    public record Entry(
        String hash,
        String problem,
        String kind,
        String owner,
        String approver,
        String trainingWindow,
        String rationale,
        Map<String, String> metrics,
        boolean hasReference,
        boolean configuredChampion,
        boolean startedChampion)
    {
    }

    private ArtifactCatalog()
    {
    }

    /** @return the kept artifacts, by hash. */
    public static List<Entry> list(final Path dataDir)
    {
        final ArtifactStore store = new ArtifactStore(dataDir);
        final Properties manifest = RunManifest.read(dataDir);
        final String configured = manifest.getProperty("model.hash", "");
        final String started = manifest.getProperty(RunManifest.STARTED_CHAMPION, "");
        final List<Entry> entries = new ArrayList<>();
        for (final String hash : store.artifactHashes())
        {
            entries.add(describe(store, hash, hash.equals(configured), hash.equals(started)));
        }
        return entries;
    }

    private static Entry describe(
        final ArtifactStore store, final String hash, final boolean champion, final boolean started)
    {
        try
        {
            final ModelArtifact artifact = ModelArtifact.open(store.find(hash));
            final ConfigFile manifest = artifact.manifest();
            return new Entry(hash, null, manifest.string("model.kind", ""), manifest.string("owner", ""),
                manifest.string("approver", ""), manifest.string("training.window", ""),
                manifest.string("rationale", ""), manifest.withPrefix("metrics."),
                !manifest.string(TrainingReference.MANIFEST_KEY, "").isEmpty(), champion, started);
        }
        catch (final RuntimeException ex)
        {
            return new Entry(hash, ex.getMessage(), "", "", "", "", "", Map.of(), false, champion, started);
        }
    }

    public static String toJson(final List<Entry> entries)
    {
        final JsonWriter json = new JsonWriter().beginObject().name("artifacts").beginArray();
        for (final Entry entry : entries)
        {
            write(json, entry);
        }
        return json.endArray().endObject().toString();
    }

    /** One entry as a JSON object. */
    public static void write(final JsonWriter json, final Entry entry)
    {
        json.beginObject().name("hash").value(entry.hash()).name("problem").value(entry.problem())
            .name("kind").value(entry.kind()).name("owner").value(entry.owner())
            .name("approver").value(entry.approver().isEmpty() ? null : entry.approver()).name("trainingWindow").value(entry.trainingWindow())
            .name("rationale").value(entry.rationale()).name("metrics").beginObject();
        entry.metrics().forEach((name, value) -> json.name(name).value(value));
        json.endObject().name("reference").value(entry.hasReference())
            .name("configuredChampion").value(entry.configuredChampion())
            .name("startedChampion").value(entry.startedChampion()).endObject();
    }
}
