package io.lockstep.tooling;

import io.lockstep.book.OrderBook;
import io.lockstep.engine.Demo;
import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.engine.RunManifest;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * An engine restarted on its data directory carries on the same run: it recovers books, positions, features and
 * the model roster by applying its own input journal before it goes live, so the whole directory, across every
 * restart, replays and verifies as one run. A restart that would not continue the run (another config, another
 * build's decisions) is refused, and a crash that left inputs without their decisions is made whole.
 */
class RestartTest
{
    private static final int INSTRUMENT = 1;
    private static final Pattern IDENTICAL = Pattern.compile("VERIFIED: ([\\d,]+) decisions identical");

    @TempDir
    Path temp;

    /** What the business step left behind for the one instrument of the synthetic feed. */
    private record State(String champion, long position, long bestBid, long bestAsk, long digest)
    {
        static State of(final Engine engine)
        {
            final OrderBook book = engine.step().books().book(INSTRUMENT);
            return new State(engine.step().models().champion().hashHex(), engine.step().position(INSTRUMENT),
                book.bestBidPrice(), book.bestAskPrice(), engine.step().decisionDigest());
        }
    }

    @Test
    void aRestartedEngineCarriesOnItsRunAndTheWholeDirectoryReplaysAsOne() throws Exception
    {
        final Path config = temp.resolve("engine.config");
        final Path data = temp.resolve("run");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\n" +
            "data.dir = " + data + "\nrisk.max.orders.per.second = 4000\nrisk.max.position = 100000000\n" +
            "risk.max.notional = 1e12\n");
        final String a = AdminCommandTest.pack(temp, config, "a", -0.001, 0.001);
        final String b = AdminCommandTest.pack(temp, config, "b", 0.001, -0.001);
        Files.writeString(config, Files.readString(config) + "model.artifact = " + temp.resolve("a") + "\n");
        final EngineSettings settings = EngineSettings.from(ConfigFile.load(config));
        settings.manifestExtra.put("demo.feed", "synthetic"); // as the demo command records it

        final State stopped;
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(7, INSTRUMENT, 5_000), 5_000, (line) -> {}))
        {
            Thread.sleep(1_000);
            final JournalCommandsTest.Result swap = run("admin", "swap", temp.resolve("b").toString(),
                "--config", config.toString());
            assertEquals(0, swap.exitCode(), swap.err());
            Thread.sleep(500);
            demo.close();
            stopped = State.of(demo.engine());
        }
        assertEquals(b, stopped.champion());
        assertNotEquals(OrderBook.NO_PRICE, stopped.bestBid());

        // The config names a, and b was loaded from here: the restart finds both in the data directory's store.
        deleteTree(temp.resolve("a"));
        deleteTree(temp.resolve("b"));
        final List<String> log = new ArrayList<>();
        settings.manifestExtra.clear(); // restarted as a daemon
        try (Engine engine = Engine.start(settings, log::add))
        {
            assertEquals("synthetic", RunManifest.read(data).getProperty("demo.feed"), "what the first start said");
            assertTrue(log.stream().anyMatch((line) -> line.startsWith("restart: model.artifact " +
                temp.resolve("a") + " -> " + data.resolve("artifacts").resolve(a))), log.toString());
            assertEquals(stopped, State.of(engine), "champion, position, book and digest as the run left them");
            assertEquals(a, engine.step().models().previous().hashHex(), "rollback to a is still one input away");
            assertEquals(0, engine.counters().get(EngineCounters.EVENTS), "counters count this start");
            assertEquals(lastSequence(data.resolve("inputs")), Long.parseLong(recovered(log).group(1)));
        }
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(8, INSTRUMENT, 5_000), 5_000, (line) -> {}))
        {
            Thread.sleep(1_000);
        }

        assertTheWholeRunVerifies(data);
    }

    @Test
    void decisionsACrashLeftUnrecordedAreRecordedAtTheRestart() throws Exception
    {
        final EngineSettings settings = settings("");
        runFeedForASecond(settings, 3);
        final Path decisions = settings.dataDir.resolve("decisions");
        final long whole = decisionRecords(decisions);
        // As if the engine died after journaling its last inputs, before recording their decisions: the last ten
        // records (the shutdown checkpoint and nine before it) are zeroed, which the journal cuts as a torn tail.
        final List<Frame> frames = frames(decisions);
        final Frame first = frames.get(frames.size() - 10);
        final Frame last = frames.get(frames.size() - 1);
        assertEquals(first.file(), last.file(), "the last ten records in one segment");
        try (RandomAccessFile file = new RandomAccessFile(first.file().toFile(), "rw"))
        {
            file.seek(first.offset());
            file.write(new byte[last.offset() + last.length() - first.offset()]);
        }

        final List<String> log = new ArrayList<>();
        Engine.start(settings, log::add).close();
        // Every zeroed record comes back but the checkpoint only a stop writes (all ten when that checkpoint was
        // the periodic one of the last input).
        assertTrue(recovered(log).group(0).matches(".*, (9|10) more written: an earlier start stopped before " +
            "writing them.*"), log.toString());
        assertEquals(whole, decisionRecords(decisions), "the nine records are back");
        assertTheWholeRunVerifies(settings.dataDir);
    }

    @Test
    void aRestartThatWouldNotContinueTheRunIsRefusedAndChangesNothing() throws Exception
    {
        final EngineSettings first = settings("risk.max.position = 1000\n");
        runFeedForASecond(first, 5);
        final Path decisions = first.dataDir.resolve("decisions");
        final String manifest = Files.readString(first.dataDir.resolve("manifest.properties"));
        final long inputs = lastSequence(first.dataDir.resolve("inputs"));
        final int records = frames(decisions).size();

        final IllegalStateException otherLimits = assertThrows(IllegalStateException.class,
            () -> Engine.start(settings("risk.max.position = 5\nidle.strategy = SLEEP\n"), (line) -> {}).close());
        assertTrue(otherLimits.getMessage().startsWith("refusing to restart on " + first.dataDir + ": its run " +
            "decided with other settings: risk.max.position (1000 in the run, 5 now); a data directory holds one " +
            "run"), otherLimits.getMessage());
        assertEquals(first.configText, Files.readString(first.dataDir.resolve("engine.config")));
        assertEquals(manifest, Files.readString(first.dataDir.resolve("manifest.properties")));
        assertEquals(inputs, lastSequence(first.dataDir.resolve("inputs")));
        assertEquals(records, frames(decisions).size());

        // Settings that do not decide may change from one start to the next, and a deciding one may be written
        // out at the value it had by default.
        final List<String> log = new ArrayList<>();
        Engine.start(settings("risk.max.position = 1000\nidle.strategy = SLEEP\nstrategy.threshold = " +
            new EngineSettings().strategyThreshold + "\n"), log::add).close();
        assertEquals(inputs, Long.parseLong(recovered(log).group(1)));
        final int stops = frames(decisions).size();

        // Another build's arithmetic: one ulp more on every Sum, in a child JVM (the flag is read once per JVM).
        final Process child = ReplayCommandTest.Child.command(Path.of(System.getProperty("java.home")),
            List.of("-Dlockstep.test.perturbFeatureOperator=Sum"), "engine", "--config",
            temp.resolve("engine.config").toString()).redirectErrorStream(true)
            .redirectOutput(temp.resolve("child.log").toFile()).start();
        if (!child.waitFor(120, TimeUnit.SECONDS))
        {
            child.destroyForcibly();
            fail("the engine of another build started: " + Files.readString(temp.resolve("child.log")));
        }
        final String output = Files.readString(temp.resolve("child.log"));
        assertNotEquals(0, child.exitValue(), output);
        assertTrue(output.contains("this build does not decide as the journal recorded: first divergence at " +
            "input sequence "), output);
        assertTrue(output.contains("stage features: feature 'ofi_20' live "), output);
        assertEquals(stops, frames(decisions).size(), "no record written");
    }

    /** A start of the engine with a paper venue, fed a seeded synthetic flow at 5,000 messages/s for a second. */
    private static void runFeedForASecond(final EngineSettings settings, final long seed) throws Exception
    {
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(seed, INSTRUMENT, 5_000), 5_000, (line) -> {}))
        {
            Thread.sleep(1_000);
        }
    }

    /** Settings from a config file in {@code temp}, written anew: {@code more} added to the common lines. */
    private EngineSettings settings(final String more) throws Exception
    {
        final Path config = temp.resolve("engine.config");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\ndata.dir = " +
            temp.resolve("run") + "\n" + more);
        return EngineSettings.from(ConfigFile.load(config));
    }

    /** {@code replay --verify} compares every decision record of every start, and the journal ends with them. */
    private static void assertTheWholeRunVerifies(final Path data)
    {
        final JournalCommandsTest.Result replay = run("replay", data.toString(), "--verify");
        assertEquals(0, replay.exitCode(), replay.out() + replay.err());
        final Matcher identical = IDENTICAL.matcher(replay.out());
        assertTrue(identical.find(), replay.out());
        assertEquals(decisionRecords(data.resolve("decisions")), Long.parseLong(identical.group(1).replace(",", "")));
        assertFalse(replay.out().contains("ends earlier"), replay.out());
    }

    private static long decisionRecords(final Path decisions)
    {
        return ReplayCommandTest.records(decisions, DecisionRecordDecoder.TEMPLATE_ID);
    }

    private static Matcher recovered(final List<String> log)
    {
        final Pattern pattern = Pattern.compile("recovered inputs 1 to (\\d+) from .*");
        for (final String line : log)
        {
            final Matcher matcher = pattern.matcher(line);
            if (matcher.matches())
            {
                return matcher;
            }
        }
        throw new AssertionError("no recovery line in " + log);
    }

    /** @return the sequence of a journal's last record, every record read and checked. */
    static long lastSequence(final Path journal)
    {
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((record) -> {}, 4096) > 0)
            {
                // drain
            }
            return reader.nextSequence() - 1;
        }
    }

    /** Where a record's frame lies. */
    private record Frame(Path file, int offset, int length)
    {
    }

    private static List<Frame> frames(final Path journal)
    {
        final List<Frame> frames = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((JournalRecord record) -> frames.add(
                new Frame(record.file(), record.fileOffset(), record.frameLength())), 4096) > 0)
            {
                // drain
            }
        }
        return frames;
    }

    private static void deleteTree(final Path root) throws Exception
    {
        try (var paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
