package io.lockstep.tooling;

import io.lockstep.engine.EngineSources;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.control.KillSwitchEncoder;
import io.lockstep.sbe.control.BooleanType;
import io.lockstep.sbe.control.FeedPositionEncoder;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The journal commands, run through the same entry point as {@code ./lockstep}, on real journals.
 */
class JournalCommandsTest
{
    private static final int MARKET_EVENTS = 3_000;
    private static final byte[] ITCH_ADD_ORDER_PREFIX = { 'A', 0, 1, 0, 2 };
    private static final String LOBSTER_ROW = "34200.004241176,1,16113575,18,5853300,1";

    @TempDir
    Path temp;

    private Path journal;
    private final List<Long> recordOffsets = new ArrayList<>();
    private final List<Path> recordFiles = new ArrayList<>();

    @BeforeEach
    void writeJournal()
    {
        journal = temp.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final SyntheticMarketData market = new SyntheticMarketData(7, 3, 34_200_000_000_000L, 1_000, 1_000_000);
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig()
            .segmentLength(JournalConfig.MIN_SEGMENT_LENGTH).log((line) -> {})))
        {
            for (int i = 0; i < MARKET_EVENTS; i++)
            {
                writer.append(writer.nextSequence(), 1_000L + i, 1, ProtocolTag.SBE_MARKET_DATA, buffer, 0,
                    market.next(buffer, 0));
            }
            final int killLength = MessageHeaderEncoder.ENCODED_LENGTH + new KillSwitchEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .commandId(99).engaged(BooleanType.TRUE).reason("fat finger, desk 4").encodedLength();
            writer.append(writer.nextSequence(), 5_000, 9, ProtocolTag.SBE_CONTROL, buffer, 0, killLength);
            buffer.putBytes(0, ITCH_ADD_ORDER_PREFIX);
            writer.append(writer.nextSequence(), 6_000, 2, ProtocolTag.ITCH50, buffer, 0, ITCH_ADD_ORDER_PREFIX.length);
            final byte[] row = LOBSTER_ROW.getBytes(StandardCharsets.US_ASCII);
            buffer.putBytes(0, row);
            writer.append(writer.nextSequence(), 7_000, 3, ProtocolTag.LOBSTER, buffer, 0, row.length);
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((record) ->
            {
                recordOffsets.add((long)record.fileOffset());
                recordFiles.add(record.file());
            }, 100) > 0)
            {
                assertTrue(recordOffsets.size() <= MARKET_EVENTS + 3);
            }
        }
        assertEquals(MARKET_EVENTS + 3, recordOffsets.size());
        assertTrue(recordFiles.get(0) != recordFiles.get(recordFiles.size() - 1), "several segments");
    }

    @Test
    void verifyPassesOnAWholeJournal() throws Exception
    {
        final Result result = run("journal", "verify", journal.toString());
        assertEquals(0, result.exitCode, result.err);
        assertTrue(result.out.contains("OK " + journal + ": 3,003 records, sequences 1..3003"), result.out);
        assertEquals("", result.err);

        // A copy of a segment beside it is no segment of the journal: never read, and said so.
        Files.copy(journal.resolve("00000000000000000001.segment"), journal.resolve("copy of 1.segment"));
        final Result stray = run("journal", "verify", journal.toString());
        assertEquals(0, stray.exitCode, stray.err);
        assertTrue(stray.err.contains(journal + " holds files that are not its segments and are never read: " +
            "copy of 1.segment"), stray.err);
    }

    @Test
    void verifyNamesFileOffsetAndSequenceOfAFlippedByteInTheMiddle() throws Exception
    {
        final int index = MARKET_EVENTS / 2;
        final Path file = recordFiles.get(index);
        final long offset = recordOffsets.get(index);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset + 50);
            final int b = raf.read();
            raf.seek(offset + 50);
            raf.write(b ^ 0x01);
        }

        final Result result = run("journal", "verify", journal.toString());
        assertEquals(1, result.exitCode);
        assertEquals(1, result.err.lines().count(), "one line: " + result.err);
        assertTrue(result.err.contains("corrupt record in " + file + " at byte offset " + offset +
            ", sequence " + (index + 1) + ": CRC32C mismatch"), result.err);
    }

    @Test
    void verifyReportsATornTailWithItsOwnExitCode() throws Exception
    {
        final int last = recordOffsets.size() - 1;
        try (RandomAccessFile raf = new RandomAccessFile(recordFiles.get(last).toFile(), "rw"))
        {
            raf.setLength(recordOffsets.get(last) + 20);
        }
        final Result result = run("journal", "verify", journal.toString());
        assertEquals(JournalVerifyCommand.TORN_TAIL, result.exitCode, result.err);
        assertTrue(result.err.contains("torn tail") && result.err.contains("sequence 3003"), result.err);
    }

    @Test
    void dumpPrintsEveryRecordReadably()
    {
        final Result result = run("journal", "dump", journal.toString());
        assertEquals(0, result.exitCode, result.err);
        final List<String> lines = result.out.lines().toList();
        assertEquals(MARKET_EVENTS + 3, lines.size());
        for (int i = 0; i < lines.size(); i++)
        {
            assertTrue(lines.get(i).startsWith("seq=" + (i + 1) + " "), lines.get(i));
        }
        assertTrue(lines.get(0).contains("InstrumentDefinition: instrumentId=3 eventTimeNs=34200000000000 " +
            "symbol=SYNTH venue=LOCKSTEP currency=USD priceExponent=-4 tickSize=100 lotSize=100"), lines.get(0));
        assertTrue(lines.get(MARKET_EVENTS).contains(
            "SBE_CONTROL len=" ) && lines.get(MARKET_EVENTS).contains(
            "KillSwitch: commandId=99 engaged=TRUE reason=\"fat finger, desk 4\""), lines.get(MARKET_EVENTS));
        assertTrue(lines.get(MARKET_EVENTS + 1).contains("'A' AddOrder"), lines.get(MARKET_EVENTS + 1));
        assertTrue(lines.get(MARKET_EVENTS + 2).endsWith("type 1: " + LOBSTER_ROW),
            lines.get(MARKET_EVENTS + 2));
        for (final String line : lines.subList(1, MARKET_EVENTS))
        {
            assertFalse(line.contains("unknown") || line.contains("malformed"), line);
        }
    }

    @Test
    void dumpCsvHasOneRowPerRecordAndRespectsTheRange()
    {
        final Result result = run("journal", "dump", journal.toString(), "--format", "csv", "--from", "2999",
            "--to", "3002");
        assertEquals(0, result.exitCode, result.err);
        final List<String> lines = result.out.lines().toList();
        assertEquals("sequence,receive_time_ns,source_id,protocol,payload_length,crc32c,file,file_offset," +
            "message_type,content", lines.get(0));
        assertEquals(5, lines.size(), result.out);
        assertTrue(lines.get(1).startsWith("2999,"), lines.get(1));
        assertTrue(lines.get(3).startsWith("3001,5000,9,SBE_CONTROL,"), lines.get(3));
        assertTrue(lines.get(3).endsWith(",KillSwitch,\"commandId=99 engaged=TRUE reason=\"\"fat finger, desk 4\"\"\""),
            lines.get(3));
        assertTrue(lines.get(4).startsWith("3002,6000,2,ITCH50,5,"), lines.get(4));
    }

    @Test
    void statsCountsByProtocolAndMessageType()
    {
        final Result result = run("journal", "stats", journal.toString());
        assertEquals(0, result.exitCode, result.err);
        assertTrue(result.out.contains("records        3,003"), result.out);
        assertTrue(result.out.contains("sequences      1 .. 3003"), result.out);
        assertTrue(result.out.matches("(?s).*SBE_MARKET_DATA +3,000\\n.*"), result.out);
        assertTrue(result.out.matches("(?s).*SBE_CONTROL KillSwitch +1\\n.*"), result.out);
        assertTrue(result.out.matches("(?s).*ITCH50 'A' .* +1\\n.*"), result.out);
        assertTrue(result.out.matches("(?s).*SBE_MARKET_DATA InstrumentDefinition +1\\n.*"), result.out);
    }

    @Test
    void statsListsWhereAMoldUdp64FeedDidNotFollowOn()
    {
        final Path feed = temp.resolve("feed");
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        final byte[] systemEvent = new byte[12];
        systemEvent[0] = 'S';
        systemEvent[11] = 'O';
        final Object[] records = {
            "LOCKSTEP01", 1L, 3, "LOCKSTEP01", 9L, 1, "LOCKSTEP01", 7L, 1, "LOCKSTEP02", 1L, 1, "LOCKSTEP02", 0L, 1,
            "LOCKSTEP02", 5L, 1 };
        try (JournalWriter writer = JournalWriter.open(feed, new JournalConfig()
            .segmentLength(JournalConfig.MIN_SEGMENT_LENGTH).log((line) -> {})))
        {
            for (int i = 0; i < records.length; i += 3)
            {
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + new FeedPositionEncoder()
                    .wrapAndApplyHeader(payload, 0, new MessageHeaderEncoder())
                    .putSession(((String)records[i]).getBytes(StandardCharsets.US_ASCII), 0)
                    .nextSequence((Long)records[i + 1]).encodedLength();
                writer.append(writer.nextSequence(), 1_000L * i, EngineSources.MARKET_DATA, ProtocolTag.SBE_CONTROL,
                    payload, 0, length);
                for (int m = 0; m < (Integer)records[i + 2]; m++)
                {
                    writer.append(writer.nextSequence(), 1_000L * i, EngineSources.MARKET_DATA, ProtocolTag.ITCH50,
                        new UnsafeBuffer(systemEvent), 0, systemEvent.length);
                }
            }
            // On the control stream: journaled, but no position of the feed.
            writer.append(writer.nextSequence(), 99_000, EngineSources.CONTROL, ProtocolTag.SBE_CONTROL, payload, 0,
                MessageHeaderEncoder.ENCODED_LENGTH + FeedPositionEncoder.BLOCK_LENGTH);
        }

        final Result result = run("journal", "stats", feed.toString());
        assertEquals(0, result.exitCode, result.err);
        assertTrue(result.out.endsWith(String.join(System.lineSeparator(),
            "MoldUDP64 feed (from its 6 FeedPosition records)",
            "  sessions     LOCKSTEP01, LOCKSTEP02",
            "  gaps         1, 5 messages not journaled (lost, or oversized and left out)",
            "  input 1 at 1970-01-01T00:00:00Z: session LOCKSTEP01 from sequence 1",
            "  input 5 at 1970-01-01T00:00:00.000003Z: gap in LOCKSTEP01: 4..8, 5 not journaled",
            "  input 7 at 1970-01-01T00:00:00.000006Z: LOCKSTEP01 back to sequence 7 after 9",
            "  input 9 at 1970-01-01T00:00:00.000009Z: session LOCKSTEP02 from sequence 1, after session " +
                "LOCKSTEP01 up to 7",
            "  input 11 at 1970-01-01T00:00:00.000012Z: messages without sequence numbers follow",
            "  input 13 at 1970-01-01T00:00:00.000015Z: session LOCKSTEP02 from sequence 5", "")), result.out);
    }

    @Test
    void errorsGiveOneLineAndNonZeroExit() throws Exception
    {
        final Result missing = run("journal", "verify", temp.resolve("nope").toString());
        assertEquals(1, missing.exitCode);
        assertEquals("lockstep journal verify: not a journal directory: " + temp.resolve("nope"), missing.err.trim());

        final Result usage = run("journal", "dump");
        assertEquals(2, usage.exitCode);
        assertEquals(1, usage.err.lines().count(), usage.err);

        final Result badFormat = run("journal", "dump", journal.toString(), "--format", "xml");
        assertEquals(2, badFormat.exitCode);
        assertTrue(badFormat.err.contains("--format"), badFormat.err);

        // Bad input is not a regression (exit 1): perf compare exits 2, as when nothing was compared.
        final Result noRun = run("perf", "compare", temp.resolve("a").toString(), temp.resolve("b").toString());
        assertEquals(2, noRun.exitCode());
        assertEquals("lockstep perf compare: no summary.json at " + temp.resolve("a"), noRun.err().strip());
        final Result compareHelp = run("perf", "compare", "--help");
        assertTrue(compareHelp.out().contains("Exit codes:") && compareHelp.out().contains("2   nothing compared"),
            compareHelp.out());
        final Result badScenario = run("perf", "run", "sideways");
        assertEquals(1, badScenario.exitCode());
        assertTrue(badScenario.err().contains("scenario sideways: expected steady, burst, gap or swap"),
            badScenario.err());
        final Result shortGap = run("perf", "run", "gap", "--duration", "3s", "--rates", "2000", "--out",
            temp.resolve("gap").toString());
        assertEquals(1, shortGap.exitCode());
        assertEquals("lockstep perf run: --duration 3s is too short for the gap scenario: at least 5s (2s of " +
            "silence from the middle of the measurement, then 0.5s resumed)", shortGap.err().strip());

        final Path empty = Files.createDirectories(temp.resolve("empty"));
        final Result noSegments = run("journal", "stats", empty.toString());
        assertEquals(1, noSegments.exitCode);
        assertTrue(noSegments.err.contains("no segment files in journal directory"), noSegments.err);
    }

    @Test
    void everyCommandHasHelp()
    {
        final List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new LockstepCli()), new ArrayList<>(), commands);
        assertTrue(commands.size() > 30, commands.toString()); // the whole tree, not only the top
        for (final List<String> command : commands)
        {
            final List<String> args = new ArrayList<>(command);
            args.add("--help");
            final Result result = run(args.toArray(String[]::new));
            assertEquals(0, result.exitCode, String.join(" ", args));
            assertTrue(result.out.startsWith("Usage: lockstep " + String.join(" ", command)), result.out);
        }
    }

    /** Every command of the tree, as the words that name it (the root as none). */
    private static void collect(final CommandLine command, final List<String> words, final List<List<String>> into)
    {
        into.add(List.copyOf(words));
        command.getSubcommands().forEach((name, sub) ->
        {
            if (!name.equals("help"))
            {
                final List<String> deeper = new ArrayList<>(words);
                deeper.add(name);
                collect(sub, deeper, into);
            }
        });
    }

    @Test
    void demoRunsTheLoopAndLeavesAJournalThatVerifies()
    {
        final Path out = temp.resolve("demo");
        final Result result = run("demo", "--duration", "3000ms", "--rate", "2000", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("events/s | tick-to-trade"), result.out());
        assertTrue(result.out().contains("engine stopped: journals flushed and closed"), result.out());
        final Result verify = run("journal", "verify", out.resolve("inputs").toString());
        assertEquals(0, verify.exitCode(), verify.err());
        assertEquals(0, run("journal", "verify", out.resolve("decisions").toString()).exitCode());

        final Result again = run("demo", "--duration", "1s", "--out", out.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("exists and is not empty"), again.err());
        final Result soon = run("demo", "--duration", "soon");
        assertEquals(1, soon.exitCode());
        assertTrue(soon.err().contains("--duration soon: expected a positive duration such as 5s, 500ms"), soon.err());
        assertEquals(1, run("demo", "--feed", "lobster:x").exitCode(), "no such file");
        assertEquals(1, run("demo", "--feed", "csv").exitCode());
    }

    @Test
    void demoOfARecordedFeedSaysWhatItLeftOut()
    {
        final String feed = "itch:../engine/src/test/resources/data/itch50/nasdaq_itch50_first1000.itch";
        final Result result = run("demo", "--duration", "1s", "--feed", feed, "--out", temp.resolve("itch").toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("feed " + feed + ": 1,000 messages read, 993 played once at 10,000/s, 7 " +
            "left out (3 H, 1 S, 3 Y: no book or trade event)" + System.lineSeparator()), result.out());
    }

    @Test
    void engineRefusesABadConfigNamingFileLineAndKey() throws Exception
    {
        final Path config = temp.resolve("engine.config");
        java.nio.file.Files.writeString(config, "ring.size = 4096\nrisk.max.positon = 5\n");
        final Result result = run("engine", "--config", config.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains(config + ":2") && result.err().contains("risk.max.positon"), result.err());
    }

    record Result(int exitCode, String out, String err)
    {
    }

    static Result run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = LockstepCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
