package io.lockstep.tooling;

import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.control.HeartbeatEncoder;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A command that fails says what went wrong in one line and leaves nothing half-done behind: no partial output
 * file, no journal an import started; a journal cut short by a crash is summed up to where it was cut. (Replay's
 * and the run reports' own cases are in {@link ReplayCommandTest}, beside the run they need.)
 */
class FailedCommandsTest
{
    private static final Path LOBSTER =
        Path.of("../engine/src/test/resources/data/lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv");

    @TempDir
    Path temp;

    @Test
    void researchFeaturesOnACorruptJournalLeavesNoOutput() throws Exception
    {
        final Path journal = lobsterJournal();
        flipByte(segments(journal).get(0), 40_000);
        final Path graph = graph();
        final Path out = temp.resolve("o.csv");
        final JournalCommandsTest.Result result = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", out.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("corrupt record in "), result.err());
        assertEquals(List.of("g.features", "lobster"), list(temp), "neither o.csv nor its partial");
    }

    /**
     * Events the books cannot take (a duplicate add, a cancel of more than rests) are named; a delete of an unknown
     * order is what a feed joined mid-session shows, and is not.
     */
    @Test
    void researchFeaturesNamesEventsInconsistentWithTheBooks() throws Exception
    {
        final Path messages = Files.writeString(temp.resolve("odd.csv"), "34200.1,1,100,50,1000000,1\n" +
            "34200.2,1,100,70,1010000,1\n34200.3,2,100,80,1000000,1\n34200.4,3,999,10,1000000,1\n" +
            "34200.5,1,300,10,1020000,-1\n");
        final Path journal = temp.resolve("odd");
        assertEquals(0, run("journal", "import", "--feed", "lobster:" + messages, "--out", journal.toString())
            .exitCode());
        final JournalCommandsTest.Result result = run("research", "features", "--journal", journal.toString(),
            "--graph", graph().toString(), "--out", temp.resolve("odd-features.csv").toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("warning: the order books met events inconsistent with them: " +
            "DUPLICATE_ORDER 1, OVER_CANCEL 1 (2)"), result.err());
    }

    /** A journal with no market data (a decision journal, say) gives no row: refused, not an empty matrix. */
    @Test
    void researchFeaturesOnAJournalWithNoMarketDataIsRefused() throws Exception
    {
        final Path journal = temp.resolve("control");
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().log((line) -> {})))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + new HeartbeatEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).sourceId(1).timeNs(5).encodedLength();
            writer.append(writer.nextSequence(), 5, 0, ProtocolTag.SBE_CONTROL, buffer, 0, length);
        }
        final Path graph = graph();
        final Path out = temp.resolve("o.csv");
        final JournalCommandsTest.Result result = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", out.toString());
        assertEquals(1, result.exitCode());
        assertEquals("lockstep research features: no market-data input in the 1 records of " + journal + " (0 " +
            "rejected by their decoder): no row to write; features come from an engine's input journal",
            result.err().lines().reduce((first, last) -> last).orElseThrow());
        assertFalse(Files.exists(out));
    }

    @Test
    void aLobsterOrderBookFileIsNoMessageFileAndRowsGoingBackInTimeAreNamed() throws Exception
    {
        final Path book = LOBSTER.resolveSibling(LOBSTER.getFileName().toString().replace("message", "orderbook"));
        final Path out = temp.resolve("book");
        final JournalCommandsTest.Result refused = run("journal", "import", "--feed", "lobster:" + book, "--out",
            out.toString());
        assertEquals(1, refused.exitCode());
        assertEquals("lockstep journal import: " + book + ":1: not a LOBSTER message file: its first row has 40 " +
            "fields, a message row has 6 (time, type, order id, size, price, direction; an order-book file has 4 " +
            "per level)", refused.err().trim());
        assertFalse(Files.exists(out), "no journal left behind");

        final List<String> rows = new ArrayList<>(Files.readAllLines(LOBSTER).subList(0, 20));
        rows.add(rows.get(0)); // the first row again, at the end: earlier than the rows before it
        final Path shuffled = temp.resolve("shuffled.csv");
        Files.write(shuffled, rows);
        final JournalCommandsTest.Result back = run("journal", "import", "--feed", "lobster:" + shuffled, "--out",
            temp.resolve("shuffled").toString());
        assertEquals(1, back.exitCode(), back.err());
        assertTrue(back.err().contains(shuffled + ":21: time goes back from the row before: " + rows.get(0)),
            back.err());
        assertTrue(back.err().contains("malformed rows: 0, rows going back in time: 1; journaled as read"),
            back.err());
        assertTrue(back.out().contains("21 rows"), back.out());
    }

    @Test
    void failedImportRemovesTheJournalItStarted() throws Exception
    {
        final Path csv = temp.resolve("bars.csv");
        Files.writeString(csv, "date,open,high,low,close\n2001-01-02,1,2,0.5,1.5\n2001-01-03,1,2,0.5,x\n");
        final Path out = temp.resolve("a/b/journal");
        final JournalCommandsTest.Result failed = run("journal", "import", "--feed", "csv:" + csv, "--out",
            out.toString());
        assertEquals(1, failed.exitCode());
        assertEquals("lockstep journal import: " + csv + ":3: price 'x' is not a number", failed.err().trim());
        assertFalse(Files.exists(temp.resolve("a")), "the directories the import created are gone");

        final Path empty = Files.createDirectory(temp.resolve("empty"));
        assertEquals(1, run("journal", "import", "--feed", "csv:" + csv, "--out", empty.toString()).exitCode());
        assertEquals(List.of(), list(empty), "a directory that was there stays, as empty as it was");

        Files.writeString(csv, "date,open,high,low,close\n2001-01-02,1,2,0.5,1.5\n2001-01-03,1,2,0.5,1\n");
        final JournalCommandsTest.Result negative = run("journal", "import", "--feed", "csv:" + csv, "--out",
            out.toString(), "--instrument", "-1");
        assertEquals(1, negative.exitCode());
        assertEquals("lockstep journal import: --instrument -1: must be from 0 to 2147483647", negative.err().trim());
        assertFalse(Files.exists(out), "refused before the journal is started");
        final JournalCommandsTest.Result again = run("journal", "import", "--feed", "csv:" + csv, "--out",
            out.toString());
        assertEquals(0, again.exitCode(), again.err());
    }

    @Test
    void fileErrorsSayWhatWentWrongWithWhichFile() throws Exception
    {
        final Path journal = lobsterJournal();
        final Path graph = graph();
        final Path nowhere = temp.resolve("nonexist/dir/x.csv");
        final JournalCommandsTest.Result noDirectory = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", nowhere.toString());
        assertEquals(1, noDirectory.exitCode());
        assertEquals("lockstep research features: cannot write " + nowhere + ": no such directory",
            noDirectory.err().trim());

        final Path missing = temp.resolve("cfg/nonexist.conf");
        final JournalCommandsTest.Result noFile = run("engine", "--config", missing.toString());
        assertEquals(1, noFile.exitCode());
        assertEquals("lockstep engine: no such file: " + missing, noFile.err().trim());

        final JournalCommandsTest.Result directory = run("engine", "--config", temp.toString());
        assertEquals(1, directory.exitCode());
        assertEquals("lockstep engine: " + temp + " is a directory, not a file", directory.err().trim());

        final JournalCommandsTest.Result outIsDirectory = run("research", "features", "--journal",
            journal.toString(), "--graph", graph.toString(), "--out", temp.toString());
        assertEquals(1, outIsDirectory.exitCode());
        assertEquals("lockstep research features: cannot write " + temp + ": it is a directory, not a file",
            outIsDirectory.err().trim());

        // Output into the journal it is computed from, or over the graph: refused, both left as they were.
        final Path segment;
        try (var files = Files.list(journal))
        {
            segment = files.filter((file) -> file.toString().endsWith(".segment")).findFirst().orElseThrow();
        }
        final byte[] segmentBytes = Files.readAllBytes(segment);
        final JournalCommandsTest.Result intoJournal = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", segment.toString());
        assertEquals(1, intoJournal.exitCode());
        assertEquals("lockstep research features: cannot write " + segment + ": it is inside the input " + journal +
            " of this command", intoJournal.err().trim());
        assertArrayEquals(segmentBytes, Files.readAllBytes(segment));
        final String graphText = Files.readString(graph);
        assertEquals(1, run("research", "features", "--journal", journal.toString(), "--graph", graph.toString(),
            "--out", graph.toString()).exitCode());
        assertEquals(graphText, Files.readString(graph));
        // Aliases: '..' after a link is taken from where the link leads; a dangling link, from where it would write.
        final Path deepGraph = Files.writeString(Files.createDirectories(temp.resolve("deep")).resolve("g.features"),
            graphText);
        final Path below = Files.createDirectories(temp.resolve("deep/below"));
        final Path up = Files.createSymbolicLink(temp.resolve("up"), below).resolve("../g.features"); // deep/g
        final JournalCommandsTest.Result throughLink = run("research", "features", "--journal", journal.toString(),
            "--graph", deepGraph.toString(), "--out", up.toString());
        assertEquals(1, throughLink.exitCode());
        assertTrue(throughLink.err().contains("it is the input " + deepGraph), throughLink.err());
        assertEquals(graphText, Files.readString(deepGraph));
        final Path dangling = Files.createSymbolicLink(temp.resolve("dangling.csv"), journal.resolve("new.csv"));
        final JournalCommandsTest.Result throughDangling = run("research", "features", "--journal",
            journal.toString(), "--graph", graph.toString(), "--out", dangling.toString());
        assertEquals(1, throughDangling.exitCode());
        assertTrue(throughDangling.err().contains("it is inside the input " + journal), throughDangling.err());
        assertFalse(Files.exists(journal.resolve("new.csv")));

        final JournalCommandsTest.Result feedIsDirectory = run("journal", "import", "--feed", "itch:" + temp,
            "--out", temp.resolve("from-a-directory").toString());
        assertEquals(1, feedIsDirectory.exitCode());
        assertEquals("lockstep journal import: --feed itch:" + temp + ": " + temp + " is a directory, not a file",
            feedIsDirectory.err().trim());

        assertEquals("permission denied: /x", LockstepCli.oneLine(new AccessDeniedException("/x")));
        assertEquals("/x already exists", LockstepCli.oneLine(new FileAlreadyExistsException("/x")));
        assertEquals("/x is not a directory", LockstepCli.oneLine(new NotDirectoryException("/x")));
    }

    @Test
    void statsSumsUpAJournalUpToItsTornTail() throws Exception
    {
        final Path journal = temp.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().log((line) -> {})))
        {
            for (int i = 0; i < 100; i++)
            {
                writer.append(writer.nextSequence(), 1_000L + i, 1, ProtocolTag.LOBSTER, buffer, 0, 40);
            }
        }
        final List<Long> offsets = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((record) -> offsets.add((long)record.fileOffset()), 100) > 0)
            {
                assertTrue(offsets.size() <= 100);
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(segments(journal).get(0).toFile(), "rw"))
        {
            file.setLength(offsets.get(99) + 20); // the last record cut short, as by a crash mid-write
        }

        final JournalCommandsTest.Result torn = run("journal", "stats", journal.toString());
        assertEquals(JournalVerifyCommand.TORN_TAIL, torn.exitCode(), torn.err());
        assertTrue(torn.out().contains("records        99\n") && torn.out().contains("sequences      1 .. 99\n"),
            torn.out());
        assertEquals(1, torn.err().lines().count(), torn.err());
        assertTrue(torn.err().startsWith("lockstep journal stats: the journal ends in a torn record (a crash " +
            "mid-write); the stats cover everything before it: torn tail in "), torn.err());

        flipByte(segments(journal).get(0), offsets.get(50) + 30);
        final JournalCommandsTest.Result corrupt = run("journal", "stats", journal.toString());
        assertEquals(1, corrupt.exitCode());
        assertTrue(corrupt.err().contains("corrupt record in "), corrupt.err());
    }

    private Path lobsterJournal()
    {
        final Path journal = temp.resolve("lobster");
        assertEquals(0, run("journal", "import", "--feed", "lobster:" + LOBSTER, "--out", journal.toString())
            .exitCode());
        return journal;
    }

    private Path graph() throws Exception
    {
        return Files.writeString(temp.resolve("g.features"), "m = mid\n");
    }

    static List<Path> segments(final Path journal) throws Exception
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter((p) -> p.toString().endsWith(".segment")).sorted().toList();
        }
    }

    private static List<String> list(final Path dir) throws Exception
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map((p) -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void flipByte(final Path file, final long offset) throws Exception
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x10);
        }
    }
}
