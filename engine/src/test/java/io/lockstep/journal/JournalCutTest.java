package io.lockstep.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.lockstep.journal.TestRecords.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Cutting a journal after a record: the way back from whole records after a hole, which no writer appends to.
 */
class JournalCutTest
{
    private static final int RECORDS = 3_000;

    @TempDir
    Path temp;

    @Test
    void aHoleIsCutAfterTheLastRecordBeforeItWithEverythingAfterItKeptInTheQuarantine() throws IOException
    {
        final Path dir = writeJournal();
        final Location hole = locations(dir).get(RECORDS / 2);
        setFrameLength(hole, 0);
        final Map<Path, byte[]> damaged = contents(dir);
        // Recovery scans only the last segment; a reader of the whole journal stops at the hole.
        final JournalCorruptionException refused = assertThrows(JournalCorruptionException.class, () ->
        {
            try (JournalReader reader = JournalReader.open(dir))
            {
                while (reader.poll((record) -> {}, 1000) > 0)
                {
                    assertTrue(reader.nextSequence() <= hole.sequence());
                }
                reader.checkNothingBeyondEnd();
            }
        });
        assertTrue(refused.getMessage().contains("`lockstep journal cut --after " + (hole.sequence() - 1) + "`"),
            refused.getMessage());

        final Path quarantine = temp.resolve("quarantine");
        final JournalCut.Result result = JournalCut.cutAfter(dir, hole.sequence() - 1, quarantine);

        assertEquals(1, result.firstSequence());
        assertEquals(hole.sequence() - 1, result.lastKept());
        assertEquals(hole.file(), result.segment());
        assertEquals(hole.offset(), result.offset());
        assertTrue(result.bytesZeroed() > 0, "records after the hole were zeroed: " + result.bytesZeroed());
        final List<Path> later = damaged.keySet().stream()
            .filter((file) -> file.getFileName().compareTo(hole.file().getFileName()) > 0).toList();
        assertFalse(later.isEmpty(), "the hole must be in a middle segment for this test");
        assertEquals(later.stream().map((file) -> quarantine.resolve(file.getFileName())).toList(),
            result.movedSegments());
        // Nothing lost: the cut segment as it was, and every later one, byte for byte.
        assertArrayEquals(damaged.get(hole.file()), Files.readAllBytes(quarantine.resolve(hole.file().getFileName())));
        for (final Path file : later)
        {
            assertFalse(Files.exists(file));
            assertArrayEquals(damaged.get(file), Files.readAllBytes(quarantine.resolve(file.getFileName())));
        }

        // The journal is whole again: a writer continues from the record after the last one kept.
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            assertEquals(hole.sequence(), writer.nextSequence());
            appendRange(writer, hole.sequence(), hole.sequence() + 99);
        }
        assertReadsBack(dir, hole.sequence() + 100);
    }

    @Test
    void cuttingAfterTheLastRecordOfAFullSegmentLetsTheWriterAppendInIt() throws IOException
    {
        final Path dir = writeJournal();
        final List<Location> locations = locations(dir);
        int last = 0;
        while (locations.get(last + 1).file().equals(locations.get(0).file()))
        {
            last++;
        }
        final JournalCut.Result result = JournalCut.cutAfter(dir, locations.get(last).sequence(),
            temp.resolve("quarantine"));
        assertEquals(locations.get(0).file(), result.segment());
        assertEquals(List.of(locations.get(0).file()), JournalLayout.segmentFiles(dir));

        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, writer.nextSequence(), RECORDS);
        }
        assertReadsBack(dir, RECORDS + 1);
    }

    @Test
    void cuttingBeforeTheFirstRecordKeepsNoneAndTheWriterStartsAgainAtIt() throws IOException
    {
        final Path dir = writeJournal();
        final Map<Path, byte[]> before = contents(dir);
        final Path quarantine = temp.resolve("quarantine");
        final JournalCut.Result result = JournalCut.cutAfter(dir, 0, quarantine);
        assertEquals(1, result.firstSequence());
        final Path first = before.keySet().iterator().next();
        assertEquals(first, result.segment());
        assertEquals(List.of(first), JournalLayout.segmentFiles(dir));
        assertEquals(before.size() - 1, result.movedSegments().size());
        for (final Map.Entry<Path, byte[]> segment : before.entrySet())
        {
            final Path kept = quarantine.resolve(segment.getKey().getFileName());
            assertArrayEquals(segment.getValue(), Files.readAllBytes(kept), kept.toString());
        }
        assertReadsBack(dir, 1);
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            assertEquals(1, writer.nextSequence());
            appendRange(writer, 1, 50);
        }
        assertReadsBack(dir, 51);
    }

    @Test
    void refusesWithoutChangingAByte() throws IOException
    {
        final Path dir = writeJournal();
        final Map<Path, byte[]> before = contents(dir);
        final Path quarantine = temp.resolve("quarantine");

        final IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
            () -> JournalCut.cutAfter(dir, RECORDS + 1, quarantine));
        assertEquals("sequence " + (RECORDS + 1) + " is not in " + dir + ": its records end at " + RECORDS,
            beyond.getMessage());
        assertEquals("sequence " + Long.MAX_VALUE + " is not in " + dir + ": its records end at " + RECORDS,
            assertThrows(IllegalArgumentException.class,
            () -> JournalCut.cutAfter(dir, Long.MAX_VALUE, quarantine)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournalCut.cutAfter(dir, -1, quarantine));
        final IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
            () -> JournalCut.cutAfter(dir, 10, dir.resolve("quarantine")));
        assertTrue(inside.getMessage().contains("inside the journal directory"), inside.getMessage());
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(dir)))
        {
            final IllegalArgumentException elsewhere = assertThrows(IllegalArgumentException.class,
                () -> JournalCut.cutAfter(dir, 10, shm.resolve("lockstep-cut-test")));
            assertTrue(elsewhere.getMessage().contains("is not on the file system of"), elsewhere.getMessage());
        }
        final Path notJournal = Files.createDirectories(temp.resolve("notes"));
        assertThrows(IllegalArgumentException.class, () -> JournalCut.cutAfter(notJournal, 10, quarantine));
        try (var files = Files.list(notJournal))
        {
            assertEquals(0, files.count(), "a refused cut writes nothing, not even a lock file");
        }

        Files.createDirectories(quarantine);
        final IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
            () -> JournalCut.cutAfter(dir, 10, quarantine));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        Files.delete(quarantine);

        try (JournalWriter ignored = JournalWriter.open(dir, smallSegments()))
        {
            final IllegalStateException running = assertThrows(IllegalStateException.class,
                () -> JournalCut.cutAfter(dir, 10, quarantine));
            assertTrue(running.getMessage().contains("stop it first"), running.getMessage());
        }

        // Damage before the last record to keep: a cut would keep it, so there is none.
        final Location damaged = locations(dir).get(100);
        setFrameLength(damaged, damaged.frameLength() + 8);
        final Map<Path, byte[]> withDamage = contents(dir);
        final JournalCorruptionException corrupt = assertThrows(JournalCorruptionException.class,
            () -> JournalCut.cutAfter(dir, RECORDS / 2, quarantine));
        assertEquals(damaged.sequence(), corrupt.sequence());
        assertFalse(Files.exists(quarantine));
        assertContentsEqual(withDamage, contents(dir));
        setFrameLength(damaged, damaged.frameLength());
        assertContentsEqual(before, contents(dir));
    }

    private Path writeJournal()
    {
        final Path dir = TestRecords.writeJournal(temp.resolve("journal"), smallSegments(), RECORDS);
        assertTrue(JournalLayout.segmentFiles(dir).size() > 3);
        return dir;
    }

    private static void setFrameLength(final Location location, final int length) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(location.file());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(location.offset(), length);
        Files.write(location.file(), bytes);
    }

    private static Map<Path, byte[]> contents(final Path dir) throws IOException
    {
        final Map<Path, byte[]> contents = new TreeMap<>();
        for (final Path file : JournalLayout.segmentFiles(dir))
        {
            contents.put(file, Files.readAllBytes(file));
        }
        return contents;
    }

    private static void assertContentsEqual(final Map<Path, byte[]> expected, final Map<Path, byte[]> actual)
    {
        assertEquals(expected.keySet(), actual.keySet());
        for (final Path file : expected.keySet())
        {
            assertArrayEquals(expected.get(file), actual.get(file), file.toString());
        }
    }
}
