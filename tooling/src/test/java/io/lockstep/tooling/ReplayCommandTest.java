package io.lockstep.tooling;

import io.lockstep.engine.Demo;
import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.journal.JournalReader;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.DigestCheckpointDecoder;
import io.lockstep.sbe.decision.MessageHeaderDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Offline equals live: a demo run replayed through the same business step gives the same decisions, bit for bit,
 * on this JVM and on another; a one-ulp change in one operator is caught and named; a kill -9 leaves a journal
 * that replays; a running engine can be followed; a corrupt journal stops replay with the record named.
 */
class ReplayCommandTest
{
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Pattern DIGEST = Pattern.compile("decision digest ([0-9a-f]{16})");

    @TempDir
    static Path shared;

    private static Path demo;

    @TempDir
    Path temp;

    @BeforeAll
    static void runDemo()
    {
        demo = shared.resolve("demo");
        final JournalCommandsTest.Result result = run("demo", "--duration", "4s", "--rate", "5000", "--out",
            demo.toString());
        assertEquals(0, result.exitCode(), result.err());
    }

    @Test
    void demoRunReplaysIdentically() throws Exception
    {
        final Path csv = temp.resolve("decisions.csv");
        final JournalCommandsTest.Result result = run("replay", demo.toString(), "--verify", "--decisions",
            csv.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("VERIFIED: "), result.out());
        final Matcher matched = Pattern.compile("(\\d+) digest checkpoints matched").matcher(result.out());
        assertTrue(matched.find() && Integer.parseInt(matched.group(1)) >= 2, result.out());
        final long decisions = Files.lines(csv).count() - 1;
        assertTrue(result.out().contains(String.format("%,d decisions identical", decisions)), result.out());
        assertTrue(Files.readString(demo.resolve("manifest.properties")).contains("features.graph.hash="));
    }

    @Test
    void theDataDirectoryAloneReplaysAfterTheFilesItsConfigNamesMoveAway() throws Exception
    {
        final Path graph = temp.resolve("graph.features");
        try (InputStream demoGraph = EngineSettings.class.getResourceAsStream(
            "/io/lockstep/features/demo.features"))
        {
            Files.write(graph, demoGraph.readAllBytes());
        }
        final Path model = temp.resolve("model.json");
        Files.writeString(model, AdminCommandTest.imbalanceModel(
            new EngineSettings().featurePlan().outputs().size(), -0.001, 0.001));
        final Path config = temp.resolve("engine.config");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\n" +
            "features.file = " + graph + "\nmodel.kind = xgboost-json\nmodel.file = " + model + "\n");
        final Path data = temp.resolve("data");
        final JournalCommandsTest.Result ran = run("demo", "--duration", "2s", "--rate", "2000", "--config",
            config.toString(), "--out", data.toString());
        assertEquals(0, ran.exitCode(), ran.err());

        Files.move(graph, temp.resolve("graph-moved.features"));
        Files.move(model, temp.resolve("model-moved.json"));
        final JournalCommandsTest.Result replayed = run("replay", data.toString(), "--verify");
        assertEquals(0, replayed.exitCode(), replayed.err() + replayed.out());
        assertTrue(replayed.out().contains("VERIFIED: "), replayed.out());

        // The kept graph, edited afterwards: replay refuses it, naming the copy.
        final String graphHash = Pattern.compile("features.file.hash=([0-9a-f]{64})")
            .matcher(Files.readString(data.resolve("manifest.properties"))).results().findFirst().orElseThrow()
            .group(1);
        final Path keptGraph = data.resolve("artifacts").resolve("files").resolve(graphHash)
            .resolve("graph.features");
        Files.writeString(keptGraph, Files.readString(keptGraph) + "# edited\n");
        final JournalCommandsTest.Result edited = run("replay", data.toString(), "--verify");
        assertEquals(1, edited.exitCode(), edited.out());
        assertTrue(edited.err().contains("kept copy " + keptGraph.getParent() + " hashes to "), edited.err());
        assertTrue(edited.err().contains("not to " + graphHash + ": it changed after it was kept"), edited.err());

        // A start that fails on the graph keeps nothing: copies are made once the graph and champion have loaded.
        Files.writeString(graph, "imb_1 = Imbalance(\n");
        final Path failed = temp.resolve("failed");
        final JournalCommandsTest.Result refused = run("demo", "--duration", "1s", "--config", config.toString(),
            "--out", failed.toString());
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains(graph.toString()), "the error names the configured file: " + refused.err());
        assertFalse(Files.exists(failed.resolve(ArtifactStore.DIRECTORY)), "no copy of a graph that did not load");
    }

    @Test
    void fromAndToBySequenceOrReceiveTime() throws Exception
    {
        final JournalCommandsTest.Result bySequence = run("replay", demo.toString(), "--to", "100");
        assertEquals(0, bySequence.exitCode(), bySequence.err());
        assertTrue(bySequence.out().contains("replayed 100 inputs (to sequence 100)"), bySequence.out());
        // Stopped short, replay writes no checkpoint of its own: the live run has none there to match.
        final JournalCommandsTest.Result verifiedTo = run("replay", demo.toString(), "--to", "100", "--verify");
        assertEquals(0, verifiedTo.exitCode(), verifiedTo.err() + verifiedTo.out());
        assertTrue(verifiedTo.out().contains("VERIFIED: "), verifiedTo.out());

        final long[] receiveTimes = new long[301];
        try (JournalReader reader = JournalReader.open(demo.resolve("inputs")))
        {
            reader.poll((record) -> receiveTimes[(int)record.sequence()] = record.receiveTimeNs(), 300);
        }
        final java.time.Instant at = java.time.Instant.ofEpochSecond(0, receiveTimes[300]);
        final Path csv = temp.resolve("window.csv");
        final JournalCommandsTest.Result byTime = run("replay", demo.toString(), "--from", "200", "--to",
            at.toString(), "--decisions", csv.toString());
        assertEquals(0, byTime.exitCode(), byTime.err());
        final Matcher replayed = Pattern.compile("replayed (\\d+) inputs \\(to sequence (\\d+)\\)")
            .matcher(byTime.out());
        assertTrue(replayed.find(), byTime.out());
        final long last = Long.parseLong(replayed.group(2));
        assertTrue(last >= 300 && receiveTimes[300] >= 0, "every input received by then: " + byTime.out());
        final List<String> rows = Files.readAllLines(csv);
        assertTrue(Long.parseLong(rows.get(1).split(",")[0]) >= 200, rows.get(1));
        assertTrue(Long.parseLong(rows.get(rows.size() - 1).split(",")[0]) <= last);
        assertEquals(1, run("replay", demo.toString(), "--to", "yesterdayT").exitCode());
    }

    @Test
    void oneUlpInOneOperatorIsCaughtAndNamed() throws Exception
    {
        // ofi_20 = Sum(OFI(), 20) is the only Sum of the demo graph: its first number is the first divergence.
        final Path csv = temp.resolve("decisions.csv");
        assertEquals(0, run("replay", demo.toString(), "--decisions", csv.toString()).exitCode());
        final List<String> rows = Files.readAllLines(csv);
        final List<String> header = Arrays.asList(rows.get(0).split(","));
        final int ofi = header.indexOf("ofi_20");
        String firstSequence = null;
        for (final String row : rows.subList(1, rows.size()))
        {
            final String[] cells = row.split(",", -1);
            if (!cells[ofi].isEmpty() && Double.parseDouble(cells[ofi]) != 0)
            {
                firstSequence = cells[0];
                break;
            }
        }
        assertNotNull(firstSequence);

        final Child child = Child.run(javaHome(), List.of("-Dlockstep.test.perturbFeatureOperator=Sum"),
            "replay", demo.toString(), "--verify");
        assertEquals(1, child.exitCode, child.out + child.err);
        assertTrue(child.err.contains("DIVERGED: first divergence at input sequence " + firstSequence +
            ", stage features: feature 'ofi_20' live "), child.err);
    }

    @Test
    void anotherJvmReplaysToTheSameDigest() throws Exception
    {
        assumeTrue(Files.isExecutable(TEMURIN_25.resolve("bin/java")),
            "Temurin 25 not installed at " + TEMURIN_25 + ": the cross-JVM replay is skipped");
        final JournalCommandsTest.Result here = run("replay", demo.toString(), "--verify");
        assertEquals(0, here.exitCode(), here.err());
        final Child other = Child.run(TEMURIN_25, List.of(), "replay", demo.toString(), "--verify");
        assertEquals(0, other.exitCode, other.out + other.err);
        assertTrue(other.out.contains("VERIFIED"), other.out);
        assertEquals(digest(here.out()), digest(other.out), "Java " + Runtime.version() + " and Temurin 25");
    }

    @Test
    void killMinusNineLeavesAJournalThatReplaysToItsLastCheckpoint() throws Exception
    {
        final Path out = temp.resolve("killed");
        // Its own temporary folder: a killed engine cannot delete its Aeron directory (48 MB).
        final Path tmp = Files.createDirectories(temp.resolve("tmp"));
        final ProcessBuilder builder = Child.command(javaHome(), List.of("-Djava.io.tmpdir=" + tmp), "demo",
            "--duration", "120s", "--rate", "5000", "--out", out.toString());
        builder.redirectErrorStream(true).redirectOutput(temp.resolve("child.log").toFile());
        final Process process = builder.start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            final Path decisions = out.resolve("decisions");
            while (records(decisions, DigestCheckpointDecoder.TEMPLATE_ID) < 3 && System.nanoTime() < deadline)
            {
                Thread.sleep(100);
            }
            assertTrue(records(decisions, DigestCheckpointDecoder.TEMPLATE_ID) >= 3,
                Files.readString(temp.resolve("child.log")));
        }
        finally
        {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(137, process.exitValue(), "killed by SIGKILL");

        final JournalCommandsTest.Result replay = run("replay", out.toString(), "--verify");
        assertEquals(0, replay.exitCode(), replay.out() + replay.err());
        assertTrue(replay.out().contains("VERIFIED"), replay.out());
        for (final String journal : new String[] { "inputs", "decisions" })
        {
            final int code = run("journal", "verify", out.resolve(journal).toString()).exitCode();
            assertTrue(code == 0 || code == JournalVerifyCommand.TORN_TAIL, journal + ": " + code);
        }

        // A restart carries the run on: it cuts the torn tails, and decides and records what the kill left undecided.
        final EngineSettings settings = EngineSettings.load(null);
        settings.dataDir = out;
        Engine.start(settings, (line) -> {}).close();
        final JournalCommandsTest.Result resumed = run("replay", out.toString(), "--verify");
        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("VERIFIED"), resumed.out());
        assertFalse(resumed.out().contains("ends earlier"), "every input has its decisions: " + resumed.out());
    }

    @Test
    void sigtermStopsTheEngineCleanly() throws Exception
    {
        final Path data = temp.resolve("daemon");
        final Path config = temp.resolve("engine.config");
        Files.writeString(config, "data.dir = " + data + "\nbusiness.cpu = -1\naeron.dir = " + temp.resolve("aeron") +
            "\n");
        final Path log = temp.resolve("daemon.log");
        final Process process = Child.command(javaHome(), List.of(), "engine", "--config", config.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("engine running") && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
        }
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the engine exits after SIGTERM: " + Files.readString(log));
        final String output = Files.readString(log);
        assertTrue(output.contains("engine stopped: journals flushed and closed"), output);
        assertEquals(0, run("journal", "verify", data.resolve("inputs").toString()).exitCode());
        assertEquals(0, run("journal", "verify", data.resolve("decisions").toString()).exitCode());
    }

    @Test
    void followKeepsUpWithARunningEngineAndStopsWhenItGoesQuiet() throws Exception
    {
        final EngineSettings settings = new EngineSettings();
        settings.dataDir = temp.resolve("live");
        settings.aeronDir = temp.resolve("aeron").toString();
        settings.businessCpu = -1;
        final JournalCommandsTest.Result[] followed = new JournalCommandsTest.Result[1];
        final Thread follower;
        try (Demo live = Demo.start(settings, FeedPublisher.synthetic(5, 1, 3_000), 3_000, (line) -> {}))
        {
            follower = new Thread(() -> followed[0] = run("replay", settings.dataDir.toString(), "--follow",
                "--idle-timeout", "3s", "--verify"));
            follower.start();
            Thread.sleep(2_000);
        }
        follower.join(30_000);
        assertFalse(follower.isAlive(), "follow stopped after the idle timeout");
        assertEquals(0, followed[0].exitCode(), followed[0].out() + followed[0].err());
        final long inputs;
        try (JournalReader reader = JournalReader.open(settings.dataDir.resolve("inputs")))
        {
            while (reader.poll((record) -> { }, 1024) > 0)
            {
                assertTrue(reader.nextSequence() > 0);
            }
            inputs = reader.nextSequence() - 1;
        }
        assertTrue(followed[0].out().contains(String.format("replayed %,d inputs", inputs)), followed[0].out());
        final long decisions = records(settings.dataDir.resolve("decisions"), DecisionRecordDecoder.TEMPLATE_ID);
        assertTrue(followed[0].out().contains(String.format("VERIFIED: %,d decisions identical", decisions)),
            "every live decision compared, though replay caught up with the engine: " + followed[0].out());
        assertFalse(followed[0].out().contains("ends earlier"), followed[0].out());
    }

    @Test
    void anInputJournalCutShortOfItsDecisionsIsNamedAsSuch() throws Exception
    {
        final Path copy = temp.resolve("cut");
        copyTree(demo, copy);
        try (var files = Files.list(copy.resolve("inputs"));
            RandomAccessFile file = new RandomAccessFile(files.filter((p) -> p.toString().endsWith(".segment"))
                .sorted().reduce((first, second) -> second).orElseThrow().toFile(), "rw"))
        {
            file.setLength(500_000); // within the records of the last segment of a 4 s run at 5,000 messages/s
        }
        final long lastWhole;
        try (JournalReader reader = JournalReader.open(copy.resolve("inputs")))
        {
            try
            {
                while (reader.poll((record) -> {}, 4096) > 0)
                {
                    assertTrue(reader.nextSequence() > 0);
                }
            }
            catch (final io.lockstep.journal.JournalCorruptionException ex)
            {
                assertTrue(ex.isTornTail(), ex.getMessage());
            }
            lastWhole = reader.nextSequence() - 1;
        }
        final JournalCommandsTest.Result result = run("replay", copy.toString(), "--verify");
        assertEquals(1, result.exitCode(), result.out());
        assertTrue(result.err().matches("(?s).*DIVERGED: the live engine decided on input sequence \\d+ but the " +
            "input journal ends at " + lastWhole + ": inputs are missing from it.*"), result.err());
    }

    @Test
    void corruptMiddleRecordStopsReplayNamingIt() throws Exception
    {
        final Path copy = temp.resolve("copy");
        copyTree(demo, copy);
        final Path segment;
        try (var files = Files.list(copy.resolve("inputs")))
        {
            segment = files.filter((p) -> p.toString().endsWith(".segment")).findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            file.seek(50_000);
            final byte b = file.readByte();
            file.seek(50_000);
            file.write(b ^ 0x10);
        }
        final Path csv = temp.resolve("decisions.csv");
        final JournalCommandsTest.Result result = run("replay", copy.toString(), "--verify", "--decisions",
            csv.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("corrupt record in " + segment + " at byte offset ") &&
            result.err().contains(", sequence "), result.err());
        assertFalse(Files.exists(csv), "no half-written CSV left behind");
        assertFalse(Files.exists(temp.resolve("decisions.csv.partial")));
    }

    @Test
    void outOfRangeSequencesAreRefusedNamingTheOption()
    {
        final String dir = demo.toString();
        refused("--to -5: expected an input sequence, 1 or more", "replay", dir, "--to", "-5", "--verify");
        refused("--to 2026-13-45: expected a sequence number or an ISO-8601 instant such as 2026-11-21T22:00:00Z",
            "replay", dir, "--to", "2026-13-45");
        refused("--from 10 is after --to 5: nothing to replay", "replay", dir, "--from", "10", "--to", "5");
        refused("--from 99999999 is past the last input, " + RestartTest.lastSequence(demo.resolve("inputs")) +
            ": no decision was replayed", "replay", dir, "--from", "99999999");
        refused("--to 2020-01-01T00:00:00Z is before the first input: no decision was replayed", "replay", dir,
            "--to", "2020-01-01T00:00:00Z");
        final Path csv = temp.resolve("late.csv");
        refused("--from 2100-01-01T00:00:00Z is past the last decision: no decision was replayed, and " + csv +
            " not written", "replay", dir, "--from", "2100-01-01T00:00:00Z", "--decisions", csv.toString());
        refused("--from 99999999 is past the last input, " + RestartTest.lastSequence(demo.resolve("inputs")) +
            ": no decision was replayed, and " + csv + " not written", "replay", dir, "--from", "99999999",
            "--decisions", csv.toString());
        assertFalse(Files.exists(csv), "no header-only CSV of a replay that failed");
        refused("--to -5: expected an input sequence, 1 or more", "research", "pnl", dir, "--to", "-5");
        refused("--to 0: expected an input sequence, 1 or more", "research", "pnl", dir, "--to", "0");
        refused("--to -3: expected an input sequence, 1 or more", "research", "drift", dir, "--to", "-3");
        final String inputs = demo.resolve("inputs").toString();
        refused("--limit -1: expected a number of records, 0 or more", "journal", "dump", inputs, "--limit", "-1");
        refused("--to 0: expected a record sequence, 1 or more", "journal", "dump", inputs, "--to", "0");
        refused("--from 0: expected a record sequence, 1 or more", "journal", "dump", inputs, "--from", "0");
        refused("--from 100 is after --to 50: nothing to print", "journal", "dump", inputs, "--from", "100", "--to",
            "50");
        refused("--split -5: expected an input sequence, 1 or more", "research", "retrain", "--journal", inputs,
            "--label", "fwd=Fwd(Ret(mid, 5), 5)", "--owner", "desk-7", "--rationale", "test", "--split", "-5",
            "--out", temp.resolve("model").toString());
        assertFalse(Files.exists(temp.resolve("model")));
    }

    private static void refused(final String reason, final String... args)
    {
        final JournalCommandsTest.Result result = run(args);
        assertEquals(1, result.exitCode(), result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().endsWith(": " + reason + "\n"), result.err());
    }

    static void copyTree(final Path from, final Path to) throws Exception
    {
        try (var paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else if (!path.getFileName().toString().equals("journal.lock"))
                {
                    Files.copy(path, target);
                }
            }
        }
    }

    /** The records of one template in a decision journal, so far: 0 before it exists, or where a writer is. */
    static long records(final Path decisions, final int templateId)
    {
        if (!Files.isDirectory(decisions))
        {
            return 0;
        }
        final long[] count = { 0 };
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (JournalReader reader = JournalReader.open(decisions))
        {
            while (reader.poll((record) ->
            {
                header.wrap(record.buffer(), record.payloadOffset());
                if (header.templateId() == templateId)
                {
                    count[0]++;
                }
            }, 4096) > 0)
            {
                assertTrue(count[0] >= 0);
            }
        }
        catch (final RuntimeException ex)
        {
            return count[0];
        }
        return count[0];
    }

    private static String digest(final String output)
    {
        final Matcher matcher = DIGEST.matcher(output);
        assertTrue(matcher.find(), output);
        return matcher.group(1);
    }

    private static Path javaHome()
    {
        return Path.of(System.getProperty("java.home"));
    }

    /** The lockstep command line in a child JVM, with the project's JVM flags for that JVM's version. */
    static final class Child
    {
        int exitCode;
        String out;
        String err;

        static ProcessBuilder command(final Path javaHome, final List<String> extraFlags, final String... args)
            throws Exception
        {
            final List<String> command = new ArrayList<>();
            command.add(javaHome.resolve("bin/java").toString());
            command.addAll(Arrays.asList(Files.readString(Path.of("target/jvm.options")).trim().split("\\s+")));
            final Process version = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version")
                .redirectErrorStream(true).start();
            final String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor();
            final Matcher major = Pattern.compile("version \"(\\d+)").matcher(text);
            if (major.find() && Integer.parseInt(major.group(1)) >= 24)
            {
                command.addAll(Arrays.asList(Files.readString(Path.of("target/jvm-jdk24.options")).trim()
                    .split("\\s+")));
            }
            command.addAll(extraFlags);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(LockstepCli.class.getName());
            command.addAll(Arrays.asList(args));
            return new ProcessBuilder(command);
        }

        static Child run(final Path javaHome, final List<String> extraFlags, final String... args) throws Exception
        {
            final Process process = command(javaHome, extraFlags, args).start();
            final Child child = new Child();
            final byte[][] streams = new byte[2][];
            final Thread errReader = new Thread(() ->
            {
                try
                {
                    streams[1] = process.getErrorStream().readAllBytes();
                }
                catch (final java.io.IOException ex)
                {
                    streams[1] = ex.toString().getBytes(StandardCharsets.UTF_8);
                }
            });
            errReader.start();
            streams[0] = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child finished");
            errReader.join();
            child.exitCode = process.exitValue();
            child.out = new String(streams[0], StandardCharsets.UTF_8);
            child.err = new String(streams[1], StandardCharsets.UTF_8);
            return child;
        }
    }
}
