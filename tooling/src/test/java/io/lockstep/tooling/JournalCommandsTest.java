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
import io.lockstep.sbe.journal.MessageHeaderDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.journal.SegmentHeaderDecoder;
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
    void aHoleThatVerifyReportsIsCutByTheCommandItNamesAndTheJournalVerifiesAgain() throws Exception
    {
        final int index = MARKET_EVENTS / 2;
        try (RandomAccessFile raf = new RandomAccessFile(recordFiles.get(index).toFile(), "rw"))
        {
            raf.seek(recordOffsets.get(index));
            raf.write(new byte[4]); // a frame length of 0: the end of the data, with records after it
        }
        final Result verify = run("journal", "verify", journal.toString());
        assertEquals(1, verify.exitCode, verify.err);
        assertTrue(verify.err.contains("`lockstep journal cut --after " + index + "`"), verify.err);

        final Result cut = run("journal", "cut", journal.toString(), "--after", String.valueOf(index));
        assertEquals(0, cut.exitCode, cut.err);
        final Path quarantine = temp.resolve("journal.cut-after-" + index);
        assertTrue(cut.out.startsWith("cut " + journal + " after sequence " + index + ": it now holds sequences 1.." +
            index + "\n"), cut.out);
        assertTrue(cut.out.contains("its copy as it was: " + quarantine.resolve(recordFiles.get(index).getFileName())),
            cut.out);
        assertTrue(Files.isDirectory(quarantine));

        final Result whole = run("journal", "verify", journal.toString());
        assertEquals(0, whole.exitCode, whole.err);
        assertTrue(whole.out.contains(String.format("%,d records, sequences 1..%d", index, index)), whole.out);

        final Result again = run("journal", "cut", journal.toString(), "--after", String.valueOf(index));
        assertEquals(1, again.exitCode);
        assertEquals("lockstep journal cut: quarantine " + quarantine + " already exists: name a new directory",
            again.err.strip());
        assertEquals(LockstepCli.USAGE, run("journal", "cut", journal.toString()).exitCode, "--after is required");
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
    void verifyRefusesADamagedSegmentHeaderNamingFileAndField() throws Exception
    {
        // The header's reserved bytes, after its checksum: a byte the audit flipped with no complaint from verify.
        final Path middle = recordFiles.get(MARKET_EVENTS / 2);
        try (RandomAccessFile raf = new RandomAccessFile(middle.toFile(), "rw"))
        {
            raf.seek(124);
            raf.write(0xFF);
        }
        final Result result = run("journal", "verify", journal.toString());
        assertEquals(1, result.exitCode, result.err);
        assertEquals("lockstep journal verify: corrupt record in " + middle + " at byte offset 0: segment header: " +
            "reserved bytes 124 to 127 are not zero", result.err.strip());
    }

    @Test
    void verifyRefusesASegmentHeaderWhoseChecksumDoesNotMatchNamingThatFile() throws Exception
    {
        // A hex digit of the first segment's journal id for another: still a UUID. Without the checksum the second
        // segment was named, as not following the first.
        final Path first = recordFiles.get(0);
        final int idAt = MessageHeaderDecoder.ENCODED_LENGTH + SegmentHeaderDecoder.journalIdEncodingOffset();
        try (RandomAccessFile raf = new RandomAccessFile(first.toFile(), "rw"))
        {
            raf.seek(idAt);
            final int digit = raf.read();
            raf.seek(idAt);
            raf.write(digit == 'a' ? 'b' : 'a');
        }
        final Result result = run("journal", "verify", journal.toString());
        assertEquals(1, result.exitCode, result.err);
        assertEquals(1, result.err.lines().count(), "one line: " + result.err);
        assertTrue(result.err.startsWith("lockstep journal verify: corrupt record in " + first + " at byte offset 0: " +
            "segment header: CRC32C mismatch: stored 0x"), result.err);
        assertTrue(result.err.contains(", computed 0x"), result.err);
    }

    @Test
    void verifyNamesAFileNamedLikeASegmentThatTheJournalDoesNotLeadTo() throws Exception
    {
        final Path second = journal.resolve(recordFiles.get(MARKET_EVENTS / 2).getFileName());
        final String copy = String.format("%020d.segment", firstSequence(second) + 1);
        Files.copy(second, journal.resolve(copy));
        final Result result = run("journal", "verify", journal.toString());
        assertEquals(0, result.exitCode, result.err);
        assertTrue(result.out.contains("OK " + journal + ": 3,003 records"), result.out);
        assertEquals("lockstep journal verify: " + journal + " holds files that are not its segments and are never " +
            "read: " + copy, result.err.strip());
    }

    @Test
    void dumpOfATornTailPrintsTheRecordsBeforeItAndExitsAsVerifyAndStatsDo() throws Exception
    {
        final int last = recordOffsets.size() - 1;
        try (RandomAccessFile raf = new RandomAccessFile(recordFiles.get(last).toFile(), "rw"))
        {
            raf.setLength(recordOffsets.get(last) + 20);
        }
        final Result result = run("journal", "dump", journal.toString());
        assertEquals(JournalVerifyCommand.TORN_TAIL, result.exitCode, result.err);
        assertEquals(MARKET_EVENTS + 2, result.out.lines().count());
        assertTrue(result.out.lines().toList().get(MARKET_EVENTS + 1).startsWith("seq=3002 "), result.out);
        assertTrue(result.err.startsWith("lockstep journal dump: the journal ends in a torn record (a crash " +
            "mid-write); the dump covers everything before it: torn tail in " + recordFiles.get(last)), result.err);
    }

    @Test
    void dumpFromPastAHoleNamesTheDamageNotAnEnd() throws Exception
    {
        // Record 10 zeroed, as a power cut can leave it, with whole records after it in the same segment.
        final int hole = 9;
        assertEquals(recordFiles.get(hole), recordFiles.get(hole + 1));
        try (var file = new java.io.RandomAccessFile(recordFiles.get(hole).toFile(), "rw"))
        {
            file.seek(recordOffsets.get(hole));
            file.write(new byte[(int)(recordOffsets.get(hole + 1) - recordOffsets.get(hole))]);
        }
        // Just past the hole: the seek reads from the segment's index entry before it, through the hole.
        final Result past = run("journal", "dump", journal.toString(), "--from", "11");
        assertEquals(1, past.exitCode, past.err);
        assertTrue(past.err.contains("sequence 10") && past.err.contains("`lockstep journal cut --after 9`"),
            past.err);
        assertEquals(run("journal", "dump", journal.toString(), "--from", "5").err, past.err,
            "the same damage whatever --from is");
    }

    @Test
    void anAllZeroLastSegmentIsATornTailToEveryCommand() throws Exception
    {
        final Path last = recordFiles.get(recordFiles.size() - 1);
        Files.write(last, new byte[(int)Files.size(last)]);
        for (final String command : List.of("verify", "stats", "dump"))
        {
            final Result result = run("journal", command, journal.toString());
            assertEquals(JournalVerifyCommand.TORN_TAIL, result.exitCode, command + ": " + result.err);
            assertTrue(result.err.contains("torn tail in " + last + " at byte offset 0, sequence " +
                firstSequence(last) + ": segment header: the file is all zeros"), command + ": " + result.err);
        }
    }

    @Test
    void dumpShowsEachPayloadOnOneLineAsTheEngineDecodesItsProtocol()
    {
        final Path odd = temp.resolve("odd");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final int cancelLength = io.lockstep.sbe.md.MessageHeaderEncoder.ENCODED_LENGTH +
            new io.lockstep.sbe.md.OrderCancelEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.lockstep.sbe.md.MessageHeaderEncoder())
            .instrumentId(1).eventTimeNs(2).orderId(3).cancelledQuantity(4).encodedLength();
        final byte[] cancel = new byte[cancelLength];
        buffer.getBytes(0, cancel);
        final byte[] hugeBlock = cancel.clone();
        hugeBlock[0] = (byte)0xFF;
        hugeBlock[1] = (byte)0xFF;
        final int killLength = MessageHeaderEncoder.ENCODED_LENGTH + new KillSwitchEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .commandId(1).engaged(BooleanType.TRUE).reason("r").encodedLength();
        final byte[] shortKill = new byte[killLength];
        buffer.getBytes(0, shortKill);
        shortKill[0] = 4; // a block shorter than KillSwitch's 9 bytes
        try (JournalWriter writer = JournalWriter.open(odd, new JournalConfig()
            .segmentLength(JournalConfig.MIN_SEGMENT_LENGTH).log((line) -> {})))
        {
            append(writer, ProtocolTag.SBE_MARKET_DATA, cancel);
            append(writer, ProtocolTag.SBE_CONTROL, cancel);
            append(writer, ProtocolTag.SBE_MARKET_DATA, hugeBlock);
            append(writer, ProtocolTag.SBE_CONTROL, shortKill);
            append(writer, ProtocolTag.LOBSTER, "34200.1,1,2\n3\r\u0000,\\".getBytes(StandardCharsets.ISO_8859_1));
            append(writer, ProtocolTag.CSV, new byte[] { 'a', ',', '\n', (byte)0xE9 });
            append(writer, ProtocolTag.ITCH50, new byte[] { '\n', 0 });
        }

        final List<String> lines = run("journal", "dump", odd.toString()).out().lines().toList();
        assertEquals(7, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith("OrderCancel: instrumentId=1 eventTimeNs=2 orderId=3 cancelledQuantity=4"),
            lines.get(0));
        assertTrue(lines.get(1).endsWith("wrong schema for SBE_CONTROL (schema 1, template 3): hex=" +
            hex(cancel)), lines.get(1));
        assertTrue(lines.get(2).endsWith("OrderCancel (rejected by the feed handler: TRUNCATED): hex=" +
            hex(hugeBlock)), lines.get(2));
        assertTrue(lines.get(3).endsWith("KillSwitch (malformed: block length 4 is shorter than KillSwitch's 9): " +
            "hex=" + hex(shortKill)), lines.get(3));
        assertTrue(lines.get(4).endsWith("type 1 (rejected by the feed handler: INVALID_NUMBER): " +
            "34200.1,1,2\\x0a3\\x0d\\x00,\\\\"), lines.get(4));
        assertTrue(lines.get(5).endsWith("CSV row: a,\\x0a\\xe9"), lines.get(5));
        assertTrue(lines.get(6).endsWith("'\\x0a' unknown type (rejected by the feed handler: UNKNOWN_TYPE): " +
            "hex=0a00"), lines.get(6));

        final Result csv = run("journal", "dump", odd.toString(), "--format", "csv");
        assertEquals(8, csv.out().lines().count(), csv.out());
        final Result stats = run("journal", "stats", odd.toString());
        assertTrue(stats.out().matches("(?s).*SBE_MARKET_DATA OrderCancel \\(rejected by the feed handler: " +
            "TRUNCATED\\) +1\\n.*"), stats.out());
    }

    private static void append(final JournalWriter writer, final ProtocolTag protocol, final byte[] payload)
    {
        writer.append(writer.nextSequence(), 1_000, 1, protocol, new UnsafeBuffer(payload), 0, payload.length);
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder out = new StringBuilder();
        for (final byte b : bytes)
        {
            out.append(String.format("%02x", b & 0xFF));
        }
        return out.toString();
    }

    private static long firstSequence(final Path segment)
    {
        return Long.parseLong(segment.getFileName().toString().substring(0, 20));
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
        assertEquals(LockstepCli.USAGE, usage.exitCode);
        assertEquals(1, usage.err.lines().count(), usage.err);

        final Result badFormat = run("journal", "dump", journal.toString(), "--format", "xml");
        assertEquals(LockstepCli.USAGE, badFormat.exitCode);
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
    void everyCommandHasHelpAndAOneLineSummary()
    {
        final CommandLine root = new CommandLine(new LockstepCli());
        final List<List<String>> commands = new ArrayList<>();
        collect(root, new ArrayList<>(), commands);
        assertTrue(commands.size() > 30, commands.toString()); // the whole tree, not only the top
        final List<String> longSummaries = new ArrayList<>();
        for (final List<String> command : commands)
        {
            final List<String> args = new ArrayList<>(command);
            args.add("--help");
            final Result result = run(args.toArray(String[]::new));
            assertEquals(0, result.exitCode, String.join(" ", args));
            assertTrue(result.out.contains("Usage: lockstep " + String.join(" ", command)), result.out);
            assertTrue(result.out.lines().allMatch((line) -> line.length() <= 120), result.out);

            // What its parent's list of commands shows: one whole sentence, not the first line of a paragraph.
            CommandLine spec = root;
            for (final String word : command)
            {
                spec = spec.getSubcommands().get(word);
            }
            final CommandLine.Model.UsageMessageSpec usage = spec.getCommandSpec().usageMessage();
            final String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            if (summary.length != 1 || !summary[0].endsWith(".") || summary[0].length() > 100)
            {
                longSummaries.add(String.join(" ", command) + ": " + String.join("|", summary));
            }
            // An option's description given as lines is wrapped line by line in its column, mid-sentence.
            for (final CommandLine.Model.ArgSpec arg : spec.getCommandSpec().args())
            {
                if (arg.description().length != 1)
                {
                    longSummaries.add(String.join(" ", command) + " " + arg.paramLabel() + ": " +
                        arg.description().length + " lines of description");
                }
            }
        }
        assertEquals(List.of(), longSummaries);
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
        // The last status line comes after the feed stopped and the venue's answers came back: the run's end.
        final List<String> statusLines = result.out().lines().filter((line) -> line.contains("events/s |")).toList();
        final java.util.regex.Matcher last = java.util.regex.Pattern.compile("orders ([\\d,]+) fills ([\\d,]+)")
            .matcher(statusLines.get(statusLines.size() - 1));
        assertTrue(last.find(), statusLines.toString());
        assertTrue(result.out().contains(String.format("%n  %-36s %s%n", "orders", last.group(1))) &&
            result.out().contains(String.format("%n  %-36s %s%n", "fills", last.group(2))), result.out());
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
