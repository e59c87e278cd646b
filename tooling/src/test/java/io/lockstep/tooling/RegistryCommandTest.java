package io.lockstep.tooling;

import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.util.JsonParser;
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
 * from their sealed manifests; a kept copy edited afterwards is listed with its problem and the exit says so.
 */
class RegistryCommandTest
{
    @TempDir
    Path temp;

    @Test
    void listsTheKeptArtifactsAndFlagsOneThatNoLongerChecks() throws Exception
    {
        final Path config = temp.resolve("engine.config");
        final Path data = temp.resolve("run");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\ndata.dir = " + data +
            "\n");
        final String a = pack(temp, config, "a", -0.001, 0.001);
        final String b = pack(temp, config, "b", 0.001, -0.001);
        Files.writeString(config, Files.readString(config) + "model.artifact = " + temp.resolve("a") + "\n");
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
            assertEquals(artifact.get("hash").equals(a), artifact.get("startedAsChampion"));
        }
        final JournalCommandsTest.Result text = run("registry", "list", data.toString());
        assertTrue(text.out().startsWith("2 artifacts in " + data), text.out());
        assertTrue(text.out().contains(a + "  (champion at the last start)"), text.out());

        // A kept copy edited afterwards no longer checks: listed with why, and the exit code says so.
        final Path kept = data.resolve(ArtifactStore.DIRECTORY).resolve(b).resolve("b.json");
        Files.writeString(kept, Files.readString(kept).replace("0.001", "0.002"));
        final JournalCommandsTest.Result damaged = run("registry", "list", data.toString());
        assertEquals(1, damaged.exitCode());
        assertTrue(damaged.out().contains(b + "\n  PROBLEM: "), damaged.out());
        assertTrue(damaged.out().contains("changed after it was kept"), damaged.out());

        final JournalCommandsTest.Result missing = run("registry", "list", temp.resolve("none").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no data directory " + temp.resolve("none")), missing.err());
    }
}
