package io.lockstep.tooling;

import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.lockstep.tooling.AdminCommandTest.pack;
import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The registry of a real engine's data directory: the artifact it started with and one loaded later, described
 * from their sealed manifests; a kept copy edited afterwards is listed with its problem and the exit says so; the
 * champion marked is the configured one, and said to be.
 */
class RegistryCommandTest
{
    @TempDir
    Path temp;

    private Path config;
    private Path data;
    /** Two artifacts packed beside the config, which names a as the champion. */
    private String a;
    private String b;

    @BeforeEach
    void packTwoArtifacts() throws Exception
    {
        config = temp.resolve("engine.config");
        data = temp.resolve("run");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\ndata.dir = " + data +
            "\n");
        a = pack(temp, config, "a", -0.001, 0.001);
        b = pack(temp, config, "b", 0.001, -0.001);
        Files.writeString(config, Files.readString(config) + "model.artifact = " + temp.resolve("a") + "\n");
    }

    @Test
    void listsTheKeptArtifactsAndFlagsOneThatNoLongerChecks() throws Exception
    {
        try (Engine engine = Engine.start(EngineSettings.from(ConfigFile.load(config)), (line) -> { }))
        {
            assertEquals(a, engine.step().models().champion().hashHex());
        }
        // As the admin agent keeps an artifact it loads.
        new ArtifactStore(data).keep(ModelArtifact.open(temp.resolve("b")));

        final JournalCommandsTest.Result listed = run("registry", "list", data.toString(), "--json");
        assertEquals(0, listed.exitCode(), listed.err());
        final List<?> artifacts = (List<?>)((Map<?, ?>)JsonParser.parse(listed.out(), "list")).get("artifacts");
        assertEquals(List.of(a, b).stream().sorted().toList(),
            artifacts.stream().map((entry) -> ((Map<?, ?>)entry).get("hash")).toList());
        for (final Object entry : artifacts)
        {
            final Map<?, ?> artifact = (Map<?, ?>)entry;
            assertNull(artifact.get("problem"));
            assertEquals("xgboost-json", artifact.get("kind"));
            assertEquals("desk-7", artifact.get("owner"));
            assertEquals(Map.of("ic", "0.031"), artifact.get("metrics"));
            assertEquals(artifact.get("hash").equals(a), artifact.get("configuredChampion"));
            assertEquals(artifact.get("hash").equals(a), artifact.get("startedChampion"));
        }
        final JournalCommandsTest.Result text = run("registry", "list", data.toString());
        assertTrue(text.out().startsWith("2 artifacts in " + data), text.out());
        assertTrue(text.out().contains(a + "  (configured champion)  (champion at the last start)\n"), text.out());

        // A kept copy edited afterwards no longer checks: listed with why, and the exit code says so.
        final Path kept = data.resolve(ArtifactStore.DIRECTORY).resolve(b).resolve("b.json");
        Files.writeString(kept, Files.readString(kept).replace("0.001", "0.002"));
        final JournalCommandsTest.Result damaged = run("registry", "list", data.toString());
        assertEquals(1, damaged.exitCode());
        assertTrue(damaged.out().contains(b + "\n  PROBLEM: "), damaged.out());
        assertTrue(damaged.out().contains("changed after it was kept"), damaged.out());

        // The other copy, its manifest's stated hash edited only: the deploy contract would refuse it, so must this.
        final Path manifest = data.resolve(ArtifactStore.DIRECTORY).resolve(a).resolve("manifest.conf");
        Files.writeString(manifest, Files.readString(manifest).replace("artifact.hash = " + a,
            "artifact.hash = deadbeef"));
        final JournalCommandsTest.Result stated = run("registry", "list", data.toString());
        assertEquals(1, stated.exitCode());
        assertTrue(stated.out().contains("states artifact.hash deadbeef: the deploy contract would refuse it"),
            stated.out());

        final JournalCommandsTest.Result missing = run("registry", "list", temp.resolve("none").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no data directory " + temp.resolve("none")), missing.err());
    }

    /**
     * A restart after a swap runs the champion it recovers from the journal: the list names the configured one and
     * the one the last start went live with, each as such.
     */
    @Test
    void aRestartThatRecoveredASwappedInChampionNamesBothChampions() throws Exception
    {
        final EngineSettings settings = EngineSettings.from(ConfigFile.load(config));
        try (Engine engine = Engine.start(settings, (line) -> { }))
        {
            final JournalCommandsTest.Result swap = run("admin", "swap", temp.resolve("b").toString(), "--config",
                config.toString());
            assertEquals(0, swap.exitCode(), swap.err());
        }
        try (Engine engine = Engine.start(settings, (line) -> { }))
        {
            assertEquals(b, engine.step().models().champion().hashHex(), "recovered from the journal");
        }

        final JournalCommandsTest.Result text = run("registry", "list", data.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains(a + "  (configured champion)\n"), text.out());
        assertTrue(text.out().contains(b + "  (champion at the last start)\n"), text.out());
        final List<?> artifacts = (List<?>)((Map<?, ?>)JsonParser.parse(
            run("registry", "list", data.toString(), "--json").out(), "list")).get("artifacts");
        for (final Object entry : artifacts)
        {
            final Map<?, ?> artifact = (Map<?, ?>)entry;
            assertEquals(artifact.get("hash").equals(a), artifact.get("configuredChampion"), artifact.toString());
            assertEquals(artifact.get("hash").equals(b), artifact.get("startedChampion"), artifact.toString());
        }
    }
}
