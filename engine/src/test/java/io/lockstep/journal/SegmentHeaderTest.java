package io.lockstep.journal;

import io.lockstep.sbe.journal.MessageHeaderDecoder;
import io.lockstep.sbe.journal.SegmentHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.journal.TestRecords.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A segment header carries a CRC32C of its bytes (from journal schema version 2 on; version 1 headers, which have none,
 * are still read). Every field is also checked against what a writer writes and against the segment before, and a
 * damaged header is never taken for what a crash leaves.
 */
class SegmentHeaderTest
{
    private static final int RECORDS = 3_000;
    private static final int ONE_SEGMENT_RECORDS = 100;
    private static final int JOURNAL_ID_AT = MessageHeaderDecoder.ENCODED_LENGTH +
        SegmentHeaderDecoder.journalIdEncodingOffset();
    private static final int CHECKSUM_END = JournalLayout.HEADER_CHECKSUM_OFFSET +
        SegmentHeaderDecoder.headerChecksumEncodingLength();
    private static final int SEGMENT_LENGTH_AT = MessageHeaderDecoder.ENCODED_LENGTH +
        SegmentHeaderDecoder.segmentLengthEncodingOffset();
    /** Written by an earlier build, with headers of journal schema version 1: see the README beside it. */
    private static final Path VERSION_1_JOURNAL = Path.of("src/test/resources/journals/v1");
    private static final int VERSION_1_RECORDS = 20;

    @TempDir
    Path temp;

    private Path writeJournal(final String name, final JournalConfig config)
    {
        final Path dir = writeJournal(name, config, RECORDS);
        assertTrue(JournalLayout.segmentFiles(dir).size() >= 3);
        return dir;
    }

    private Path writeJournal(final String name, final JournalConfig config, final int records)
    {
        return TestRecords.writeJournal(temp.resolve(name), config, records);
    }

    /** A journal of one segment: its header has no other to be compared with. */
    private Path writeOneSegmentJournal(final String name)
    {
        final Path dir = writeJournal(name, smallSegments(), ONE_SEGMENT_RECORDS);
        assertEquals(1, JournalLayout.segmentFiles(dir).size());
        return dir;
    }

    @Test
    void everyByteOfAHeaderFlippedIsRefusedByReadersAndByTheWriter() throws IOException
    {
        final Path original = writeJournal("original", smallSegments());
        final List<Path> segments = JournalLayout.segmentFiles(original);
        final Path middle = segments.get(1).getFileName();
        final Path last = segments.get(segments.size() - 1).getFileName();
        for (int at = 0; at < JournalLayout.HEADER_LENGTH; at++)
        {
            final Path inMiddle = copyJournal(original, temp, "middle-" + at);
            flip(inMiddle.resolve(middle), at);
            assertHeaderRefused(inMiddle, middle, "byte " + at + " of a middle segment");

            final Path inLast = copyJournal(original, temp, "last-" + at);
            flip(inLast.resolve(last), at);
            assertRefusedByReadersAndTheWriter(inLast, last, "byte " + at + " of the last segment");
        }
    }

    @Test
    void everyByteOfTheHeaderOfAOneSegmentJournalFlippedIsRefused() throws IOException
    {
        final Path original = writeOneSegmentJournal("original");
        final Path only = JournalLayout.segmentFiles(original).get(0).getFileName();
        for (int at = 0; at < JournalLayout.HEADER_LENGTH; at++)
        {
            final Path dir = copyJournal(original, temp, "flipped-" + at);
            flip(dir.resolve(only), at);
            final JournalCorruptionException ex = assertRefusedByReadersAndTheWriter(dir, only, "byte " + at);
            // The message header says where the checksum is; the padding after it is not covered, but must be zero.
            final String expected = at < MessageHeaderDecoder.ENCODED_LENGTH ? "segment header: " :
                at < CHECKSUM_END ? "segment header: CRC32C mismatch: stored 0x" : "segment header: reserved bytes";
            assertTrue(ex.reason().startsWith(expected), "byte " + at + ": " + ex.reason());
        }
    }

    @Test
    void aJournalIdWithAnotherHexDigitIsRefusedInAOneSegmentJournal() throws IOException
    {
        final Path dir = writeOneSegmentJournal("other-id");
        final Path only = JournalLayout.segmentFiles(dir).get(0).getFileName();
        final byte[] bytes = Files.readAllBytes(dir.resolve(only));
        bytes[JOURNAL_ID_AT] = (byte)(bytes[JOURNAL_ID_AT] == 'a' ? 'b' : 'a'); // still a UUID, another journal's
        Files.write(dir.resolve(only), bytes);
        final JournalCorruptionException ex = assertRefusedByReadersAndTheWriter(dir, only, "a hex digit");
        assertEquals(String.format("segment header: CRC32C mismatch: stored 0x%x, computed 0x%x",
            storedHeaderCrc32c(bytes), headerCrc32c(bytes)), ex.reason());
    }

    @Test
    void aDamagedSegmentLengthIsNotTakenForACutAndTheFileIsNotGrown() throws IOException
    {
        // An index interval so large that the index capacity is 1 at any length: only the length itself can tell.
        final JournalConfig config = smallSegments().indexInterval(1_000_000);
        final Path original = writeJournal("original", config);
        final List<Path> segments = JournalLayout.segmentFiles(original);
        final Path last = segments.get(segments.size() - 1).getFileName();

        // 64 KiB becomes 16,646,144 bytes: still a multiple of 4096, as in the audit's one-byte flip. The checksum
        // refuses that; sealed again, it is the damage a version 1 header (which has none) can carry.
        final Path grown = copyJournal(original, temp, "grown");
        flip(grown.resolve(last), SEGMENT_LENGTH_AT + 2);
        sealHeader(grown.resolve(last));
        final JournalCorruptionException read = assertThrows(JournalCorruptionException.class, () -> readAll(grown));
        assertFalse(read.isTornTail(), read.getMessage());
        assertEquals(grown.resolve(last), read.file());
        assertEquals("segment header: segment length 16646144, but the file has 65536 bytes and the segment " +
            "before has length 65536: a damaged header, not a cut", read.reason());
        final JournalCorruptionException append = assertThrows(JournalCorruptionException.class,
            () -> JournalWriter.open(grown, config).close());
        assertEquals(read.reason(), append.reason());
        assertEquals(JournalConfig.MIN_SEGMENT_LENGTH, Files.size(grown.resolve(last)), "not grown");

        // In a middle segment the file's own length gives it away.
        final Path middle = copyJournal(original, temp, "middle");
        flip(middle.resolve(segments.get(1).getFileName()), SEGMENT_LENGTH_AT + 2);
        sealHeader(middle.resolve(segments.get(1).getFileName()));
        final JournalCorruptionException inMiddle = assertThrows(JournalCorruptionException.class,
            () -> readAll(middle));
        assertEquals(middle.resolve(segments.get(1).getFileName()), inMiddle.file());
        assertTrue(inMiddle.reason().endsWith("but the file has 65536 bytes and segments follow it"),
            inMiddle.reason());
    }

    @Test
    void aLastSegmentCutShortWithTheLengthOfTheOneBeforeIsStillExtended() throws IOException
    {
        final Path dir = writeJournal("cut", smallSegments());
        final List<Location> locations = locations(dir);
        final Location lastRecord = locations.get(RECORDS - 1);
        try (RandomAccessFile file = new RandomAccessFile(lastRecord.file().toFile(), "rw"))
        {
            file.setLength(lastRecord.offset()); // at a record boundary: the last record gone, as a crash may leave
        }
        readAll(dir);
        final List<String> log = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments().log(log::add)))
        {
            assertEquals(RECORDS, writer.nextSequence());
        }
        assertTrue(log.get(0).contains("extended with zeros"), log.toString());
        assertEquals(JournalConfig.MIN_SEGMENT_LENGTH, Files.size(lastRecord.file()));
    }

    @Test
    void anAllZeroLastSegmentIsATornTailThatTheWriterRecreates() throws IOException
    {
        final Path dir = writeJournal("zeros", smallSegments());
        final List<Path> segments = JournalLayout.segmentFiles(dir);
        final Path last = segments.get(segments.size() - 1);
        Files.write(last, new byte[(int)Files.size(last)]);

        final JournalCorruptionException torn = assertThrows(JournalCorruptionException.class, () -> readAll(dir));
        assertTrue(torn.isTornTail(), torn.getMessage());
        assertEquals(last, torn.file());
        assertTrue(torn.reason().contains("all zeros") && torn.reason().contains("the next writer open recreates it"),
            torn.reason());

        // A lone first segment of zeros likewise; one with segments after it is not the tail.
        final Path lone = temp.resolve("lone");
        Files.createDirectories(lone);
        Files.write(lone.resolve(JournalLayout.segmentFileName(1)), new byte[4096]);
        assertTrue(assertThrows(JournalCorruptionException.class, () -> readAll(lone)).isTornTail());
        Files.write(segments.get(1), new byte[(int)Files.size(segments.get(1))]);
        assertFalse(assertThrows(JournalCorruptionException.class, () -> readAll(dir)).isTornTail());
    }

    @Test
    void aFileNamedLikeASegmentAmongTheSegmentsIsNamed() throws IOException
    {
        final Path dir = writeJournal("stray", smallSegments());
        final Path second = JournalLayout.segmentFiles(dir).get(1);
        final Path copy = dir.resolve(JournalLayout.segmentFileName(
            JournalLayout.firstSequenceOf(second.getFileName().toString()) + 1));
        Files.copy(second, copy);
        try (JournalReader reader = JournalReader.open(dir))
        {
            drain(reader);
            reader.checkNothingBeyondEnd();
            assertEquals(RECORDS + 1, reader.nextSequence(), "every record read, the copy not among them");
            assertEquals(List.of(copy), reader.unreadSegmentFiles());
        }
    }

    @Test
    void aJournalOfVersion1HeadersStillReadsRecordByRecord()
    {
        assertReadsBack(VERSION_1_JOURNAL, VERSION_1_RECORDS + 1);
        try (JournalReader reader = JournalReader.open(VERSION_1_JOURNAL))
        {
            assertEquals("6c65e2fb-e1b8-44d3-b11b-d30324959509", reader.journalId());
            assertEquals("0.1.0-SNAPSHOT", reader.engineVersion());
        }
    }

    @Test
    void aVersion1HeaderMustBeZeroFromTheEndOfItsBlock() throws IOException
    {
        final Path only = JournalLayout.segmentFiles(VERSION_1_JOURNAL).get(0).getFileName();
        // Where version 2 keeps its checksum, version 1 has padding: damage there is damage, not a checksum.
        for (final int at : new int[] { JournalLayout.HEADER_CHECKSUM_OFFSET, JournalLayout.HEADER_LENGTH - 1 })
        {
            final Path dir = copyJournal(VERSION_1_JOURNAL, temp, "version-1-padding-" + at);
            flip(dir.resolve(only), at);
            final JournalCorruptionException ex = assertRefusedByReadersAndTheWriter(dir, only, "byte " + at);
            assertEquals("segment header: reserved bytes " + JournalLayout.HEADER_CHECKSUM_OFFSET + " to " +
                (JournalLayout.HEADER_LENGTH - 1) + " are not zero", ex.reason());
        }
    }

    @Test
    void aWriterAppendsToAVersion1JournalAndRollsToSegmentsOfItsOwnVersion() throws IOException
    {
        final Path dir = copyJournal(VERSION_1_JOURNAL, temp, "version-1");
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            assertEquals(VERSION_1_RECORDS + 1, writer.nextSequence());
            appendRange(writer, VERSION_1_RECORDS + 1, RECORDS);
        }
        final List<Path> segments = JournalLayout.segmentFiles(dir);
        assertTrue(segments.size() >= 3, segments.toString());
        assertEquals(1, headerVersion(segments.get(0)), "the old segment keeps its header");
        assertEquals(SegmentHeaderDecoder.SCHEMA_VERSION, headerVersion(segments.get(segments.size() - 1)));
        assertReadsBack(dir, RECORDS + 1);
    }

    @Test
    void engineVersionsAHeaderCannotHoldAreRefused()
    {
        for (final String version : new String[] { "", "x".repeat(33), "1.0\n", "caf\u00e9" })
        {
            assertThrows(IllegalArgumentException.class, () -> new JournalConfig().engineVersion(version), version);
        }
        assertEquals("1.2.3-SNAPSHOT", new JournalConfig().engineVersion("1.2.3-SNAPSHOT").engineVersion());
    }

    private static JournalCorruptionException assertHeaderRefused(final Path dir, final Path victim, final String what)
    {
        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class, () -> readAll(dir), what);
        assertEquals(dir.resolve(victim), ex.file(), what + ": " + ex.getMessage());
        assertTrue(ex.reason().startsWith("segment header"), what + ": " + ex.getMessage());
        assertFalse(ex.isTornTail(), what + ": " + ex.getMessage());
        return ex;
    }

    /** Refused by a reader and by a writer's recovery on open, each naming the file; the writer changes nothing. */
    private static JournalCorruptionException assertRefusedByReadersAndTheWriter(
        final Path dir, final Path victim, final String what) throws IOException
    {
        final JournalCorruptionException read = assertHeaderRefused(dir, victim, what);
        final byte[] before = Files.readAllBytes(dir.resolve(victim));
        final JournalCorruptionException recovery = assertThrows(JournalCorruptionException.class,
            () -> JournalWriter.open(dir, smallSegments()).close(), what + ": the writer must not recover from it");
        assertEquals(dir.resolve(victim), recovery.file(), what + ": " + recovery.getMessage());
        assertEquals(read.reason(), recovery.reason(), what);
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(victim)), what + ": nothing changed");
        return read;
    }

    private static void readAll(final Path dir)
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            drain(reader);
            reader.checkNothingBeyondEnd();
        }
    }

    private static void drain(final JournalReader reader)
    {
        while (reader.poll((record) -> {}, 4096) > 0)
        {
            assertTrue(reader.nextSequence() <= RECORDS + 1);
        }
    }

    private static int headerVersion(final Path segment) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(segment);
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(bytes), 0).version();
    }

    private static void flip(final Path file, final int position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= (byte)0xFF;
        Files.write(file, bytes);
    }
}
