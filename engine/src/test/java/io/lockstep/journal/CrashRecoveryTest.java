package io.lockstep.journal;

import io.lockstep.sbe.journal.MessageHeaderDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
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
 * What a crash leaves behind, and what must never be mistaken for it.
 */
class CrashRecoveryTest
{
    private static final int RECORDS = 40;

    @TempDir
    Path temp;

    private Path writeJournal(final String name, final int records)
    {
        return TestRecords.writeJournal(temp.resolve(name), smallSegments(), records);
    }

    @Test
    void fileTruncatedAtEveryByteOfTheLastRecordRecoversToThePreviousRecord() throws IOException
    {
        final Path original = writeJournal("original", RECORDS);
        final List<Location> locations = locations(original);
        final Location last = locations.get(RECORDS - 1);
        assertEquals(1, JournalLayout.segmentFiles(original).size());

        for (int cut = last.offset(); cut < last.offset() + last.frameLength(); cut++)
        {
            final Path dir = copyJournal(original, temp, "cut-" + cut);
            final Path segment = dir.resolve(last.file().getFileName());
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
            {
                file.setLength(cut);
            }
            assertRecoversTo(dir, RECORDS - 1, "truncated at " + cut);
        }
    }

    @Test
    void lastRecordPartlyWrittenInPlaceIsCutAtEveryByte() throws IOException
    {
        final Path original = writeJournal("original", RECORDS);
        final Location last = locations(original).get(RECORDS - 1);

        for (int from = last.offset() + 1; from < last.offset() + last.frameLength(); from++)
        {
            final Path dir = copyJournal(original, temp, "torn-" + from);
            final Path segment = dir.resolve(last.file().getFileName());
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
            {
                file.seek(from);
                file.write(new byte[last.offset() + last.frameLength() - from]);
            }
            final List<String> log = assertRecoversTo(dir, RECORDS - 1, "zeroed from " + from);
            assertEquals(1, log.size(), "one line saying so: " + log);
            assertTrue(log.get(0).contains("torn tail") && log.get(0).contains("sequence " + RECORDS) &&
                log.get(0).contains("byte offset " + last.offset()), log.get(0));
        }
    }

    /** The writer writes a frame's length last: a crash just before leaves the frame's bytes with a length of 0. */
    @Test
    void anAppendWhoseLengthWasNeverWrittenIsZeroedBeforeTheNextAppend() throws IOException
    {
        final Path dir = writeJournal("unlengthed", RECORDS);
        final Location last = locations(dir).get(RECORDS - 1);
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(last.file().getFileName()).toFile(), "rw"))
        {
            file.seek(last.offset() + JournalLayout.FRAME_LENGTH_OFFSET);
            file.write(new byte[4]);
        }
        final List<String> log = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments().log(log::add)))
        {
            assertEquals(RECORDS, writer.nextSequence());
            // Shorter than the record it replaces: what it does not cover must not be left behind.
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            writer.append(RECORDS, 1, 0, ProtocolTag.SBE_MARKET_DATA, payload, 0, 8);
        }
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("an append cut short") && log.get(0).contains("sequence " + RECORDS) &&
            log.get(0).contains("byte offset " + last.offset()), log.get(0));
        try (JournalReader reader = JournalReader.open(dir))
        {
            final long[] records = { 0 };
            while (reader.poll((record) -> records[0]++, 100) > 0)
            {
                // count them
            }
            reader.checkNothingBeyondEnd();
            assertEquals(RECORDS, records[0]);
        }
    }

    @Test
    void crashRightAfterSealingASegmentStartsTheNextOne() throws IOException
    {
        final Path dir = writeJournal("sealed", 3_000);
        final List<Path> segments = JournalLayout.segmentFiles(dir);
        assertTrue(segments.size() > 1);
        final Path lastSegment = segments.get(segments.size() - 1);
        final long firstOfLast = JournalLayout.firstSequenceOf(lastSegment.getFileName().toString());
        final int recordsInLast = (int)(3_000 - firstOfLast + 1);

        // Keep the sealed segment, lose the one created after it: as if the crash came between the two.
        Files.delete(lastSegment);
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            assertEquals(firstOfLast, writer.nextSequence());
            appendRange(writer, firstOfLast, 3_000);
        }
        assertEquals(3_000, locations(dir).size());
        assertTrue(recordsInLast > 0);

        // A segment created but with nothing of its header on disk yet.
        Files.delete(lastSegment);
        Files.write(lastSegment, new byte[4096]);
        final List<String> log = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments().log(log::add)))
        {
            assertEquals(firstOfLast, writer.nextSequence());
        }
        assertTrue(log.get(0).contains("torn header"), log.toString());
        assertEquals((int)firstOfLast - 1, locations(dir).size());
    }

    @Test
    void flippedByteInAMiddleRecordIsReportedAndNeverCut() throws IOException
    {
        final Path original = writeJournal("original", RECORDS);
        final List<Location> locations = locations(original);
        final Location victim = locations.get(RECORDS / 2);

        final int[] positions = {
            victim.offset() + 1, // frame length field
            victim.offset() + 5, // stored checksum
            victim.offset() + 20, // envelope sequence
            victim.offset() + victim.frameLength() - 1 // last payload byte
        };
        for (final int position : positions)
        {
            final Path dir = copyJournal(original, temp, "flip-" + position);
            flipByte(dir.resolve(victim.file().getFileName()), position);

            final JournalCorruptionException read = assertThrows(JournalCorruptionException.class, () -> drain(dir));
            assertFalse(read.isTornTail(), read.getMessage());
            assertEquals(victim.offset(), read.offset(), read.getMessage());
            assertEquals(victim.sequence(), read.sequence(), read.getMessage());
            assertTrue(read.getMessage().contains(victim.file().getFileName().toString()), read.getMessage());

            final JournalCorruptionException append = assertThrows(JournalCorruptionException.class,
                () -> JournalWriter.open(dir, smallSegments()).close());
            assertEquals(victim.offset(), append.offset());
            assertEquals(RECORDS, locationsUpTo(dir, victim.sequence() - 1) + (RECORDS - victim.sequence() + 1),
                "the journal was left untouched");
            assertArrayEquals(Files.readAllBytes(dir.resolve(victim.file().getFileName())),
                flipped(original.resolve(victim.file().getFileName()), position), "no byte changed by the refusal");
        }
    }

    @Test
    void aLengthOverwrittenAsAnEndWithRecordsAfterItIsCorruptionNotTheEnd() throws IOException
    {
        final Path original = writeJournal("ends", RECORDS);
        final Location victim = locations(original).get(RECORDS / 2);
        for (final int length : new int[] { 0, -1 })
        {
            final Path dir = copyJournal(original, temp, "end-" + length);
            final Path file = dir.resolve(victim.file().getFileName());
            final byte[] bytes = Files.readAllBytes(file);
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(victim.offset(), length);
            Files.write(file, bytes);

            final JournalCorruptionException read = assertThrows(JournalCorruptionException.class, () ->
            {
                try (JournalReader reader = JournalReader.open(dir))
                {
                    while (reader.poll((record) -> {}, 1000) > 0)
                    {
                        assertTrue(reader.nextSequence() <= victim.sequence());
                    }
                    reader.checkNothingBeyondEnd();
                }
            });
            assertEquals(victim.offset(), read.offset(), read.getMessage());
            assertEquals(victim.sequence(), read.sequence(), read.getMessage());
            assertTrue(read.reason().contains("frame length " + length + " marks the end of the data, but records " +
                "of later sequences follow it"), read.reason());
            assertFalse(read.isTornTail());

            final JournalCorruptionException append = assertThrows(JournalCorruptionException.class,
                () -> JournalWriter.open(dir, smallSegments()).close(), "a writer must not append over them");
            assertEquals(victim.offset(), append.offset());
            assertArrayEquals(bytes, Files.readAllBytes(file), "no byte changed by the refusal");
        }
    }

    @Test
    void paddingAfterARecordIsNotCheckedSoDamageToItNeverCutsTheRecord() throws IOException
    {
        final Path original = writeJournal("padding", RECORDS);
        final Location last = locations(original).get(RECORDS - 1);
        assertNotEquals(0, last.frameLength() % 8, "the last record has padding after it");
        flipByte(last.file(), last.offset() + last.frameLength());
        assertRecoversTo(original, RECORDS, "padding damaged after the last record");
    }

    @Test
    void aJournalWhoseFirstSegmentIsMissingIsRefused() throws IOException
    {
        final Path dir = writeJournal("headless", 3_000);
        final List<Path> segments = JournalLayout.segmentFiles(dir);
        assertTrue(segments.size() > 2);
        Files.delete(segments.get(0));
        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class, () -> drain(dir));
        assertEquals(segments.get(1), ex.file());
        assertTrue(ex.reason().contains("the first segment file holds segment index 1 (expected 0): the segments " +
            "before it are missing"), ex.reason());
    }

    @Test
    void corruptionInAnEarlierSegmentNamesThatSegment() throws IOException
    {
        final Path dir = writeJournal("segments", 3_000);
        final List<Location> locations = locations(dir);
        final Location victim = locations.get(100);
        flipByte(victim.file(), victim.offset() + victim.frameLength() - 2);

        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class, () -> drain(dir));
        assertEquals(victim.file(), ex.file());
        assertEquals(101, ex.sequence());
        assertTrue(ex.reason().contains("CRC32C mismatch"), ex.reason());
        assertFalse(ex.isTornTail());
    }

    @Test
    void aSegmentHeaderThatDoesNotFollowTheOneBeforeIsReportedNamingIt() throws IOException
    {
        final Path original = writeJournal("headers", 3_000);
        final List<Path> segments = JournalLayout.segmentFiles(original);
        assertTrue(segments.size() >= 3, segments.toString());
        final Path victim = segments.get(1);
        final int idAt = MessageHeaderDecoder.ENCODED_LENGTH + SegmentHeaderDecoder.journalIdEncodingOffset() + 4;
        final int indexAt = MessageHeaderDecoder.ENCODED_LENGTH + SegmentHeaderDecoder.segmentIndexEncodingOffset();
        // Each header is sealed with the checksum of its new bytes, as a writer would have written it: another
        // journal's whole segment, or a version 1 header (which has no checksum).

        // One hex digit of the journal id for another: still a UUID, but another journal's.
        final Path otherId = copyJournal(original, temp, "other-id");
        final byte[] bytes = Files.readAllBytes(otherId.resolve(victim.getFileName()));
        bytes[idAt] = (byte)(bytes[idAt] == 'a' ? 'b' : 'a');
        Files.write(otherId.resolve(victim.getFileName()), bytes);
        sealHeader(otherId.resolve(victim.getFileName()));
        assertHeaderRefused(otherId, victim, "expected the same journal id and the next index");

        // A byte that no UUID has: refused by the segment's own check.
        final Path notUuid = copyJournal(original, temp, "not-uuid");
        final byte[] garbled = Files.readAllBytes(notUuid.resolve(victim.getFileName()));
        garbled[idAt] = 'x';
        Files.write(notUuid.resolve(victim.getFileName()), garbled);
        sealHeader(notUuid.resolve(victim.getFileName()));
        assertHeaderRefused(notUuid, victim, "is not a UUID");

        final Path otherIndex = copyJournal(original, temp, "other-index");
        flipByte(otherIndex.resolve(victim.getFileName()), indexAt);
        sealHeader(otherIndex.resolve(victim.getFileName()));
        assertHeaderRefused(otherIndex, victim, "expected the same journal id and the next index");
    }

    private static void assertHeaderRefused(final Path dir, final Path victim, final String reason)
    {
        final JournalCorruptionException ex = assertThrows(JournalCorruptionException.class, () ->
        {
            try (JournalReader reader = JournalReader.open(dir))
            {
                while (reader.poll((record) -> {}, 1000) > 0)
                {
                    assertTrue(reader.nextSequence() > 0);
                }
                reader.checkNothingBeyondEnd();
            }
        });
        assertEquals(dir.resolve(victim.getFileName()), ex.file());
        assertTrue(ex.reason().startsWith("segment header: "), ex.reason());
        assertTrue(ex.reason().contains(reason), ex.reason());
        assertFalse(ex.isTornTail());
    }

    private static long locationsUpTo(final Path dir, final long lastGood)
    {
        final long[] count = { 0 };
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.nextSequence() <= lastGood && reader.poll((r) -> count[0]++, 1) > 0)
            {
                assertTrue(count[0] <= lastGood);
            }
        }
        return count[0];
    }

    private static List<String> assertRecoversTo(final Path dir, final long lastSequence, final String what)
    {
        final List<String> log = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments().log(log::add)))
        {
            assertEquals(lastSequence + 1, writer.nextSequence(), what);
            appendRange(writer, lastSequence + 1, lastSequence + 1);
        }
        final long[] next = { 1 };
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.poll((record) -> assertRecord(next[0]++, record), 100) > 0)
            {
                assertTrue(next[0] <= lastSequence + 2, what);
            }
            reader.checkNothingBeyondEnd();
        }
        assertEquals(lastSequence + 2, next[0], what + ": every earlier record intact, then the new one");
        return log;
    }

    private static void drain(final Path dir)
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.poll((record) -> {}, 1000) > 0)
            {
                assertTrue(reader.nextSequence() > 0);
            }
        }
    }

    private static void flipByte(final Path file, final int position) throws IOException
    {
        Files.write(file, flipped(file, position));
    }

    private static byte[] flipped(final Path file, final int position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x5A;
        return bytes;
    }
}
