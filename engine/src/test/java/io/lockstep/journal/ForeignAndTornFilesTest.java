package io.lockstep.journal;

import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.journal.TestRecords.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Files in a journal directory that are not whole segments of that journal: a segment of another journal, a header
 * a crash cut short, a file of zeros that follows nothing, a name beyond a long. Each was mishandled once.
 */
class ForeignAndTornFilesTest
{
    @TempDir
    Path temp;

    private Path writeJournal(final String name, final JournalConfig config, final int records)
    {
        return TestRecords.writeJournal(temp.resolve(name), config, records);
    }

    /** A segment of another journal, named inside this one's range: reading from the start skips it, seek must too. */
    @Test
    void seekNeverReadsASegmentOfAnotherJournal() throws IOException
    {
        final Path dir = writeJournal("mine", smallSegments(), 2_000);
        // Another journal with bigger records: its second segment starts at a sequence inside our first segment.
        final Path other = temp.resolve("other");
        final UnsafeBuffer big = new UnsafeBuffer(new byte[1000]);
        try (JournalWriter writer = JournalWriter.open(other, smallSegments()))
        {
            for (long s = 1; s <= 200; s++)
            {
                writer.append(s, 0, 0, ProtocolTag.CSV, big, 0, big.capacity());
            }
        }
        final Path foreign = JournalLayout.segmentFiles(other).get(1);
        final long foreignFirst = JournalLayout.firstSequenceOf(foreign.getFileName().toString());
        final long mineSecond = JournalLayout.firstSequenceOf(
            JournalLayout.segmentFiles(dir).get(1).getFileName().toString());
        assertTrue(foreignFirst < mineSecond, foreignFirst + " " + mineSecond);
        Files.copy(foreign, dir.resolve(foreign.getFileName()));

        try (JournalReader reader = JournalReader.open(dir))
        {
            final long target = foreignFirst + 1;
            assertTrue(reader.seek(target));
            reader.poll((record) ->
            {
                assertNotEquals(foreign.getFileName(), record.file().getFileName(), "read from the other journal");
                assertRecord(target, record);
            }, 1);
        }
    }

    /** A crash (SIGKILL) inside Segment.create, after the header's first fields and before its checksum. */
    @Test
    void aLastSegmentWhoseHeaderWasCutShortAndHoldsNoRecordIsRecreated() throws IOException
    {
        final Path dir = writeJournal("half-header", smallSegments(), 3_000);
        final List<Path> segments = JournalLayout.segmentFiles(dir);
        final Path last = segments.get(segments.size() - 1);
        final long firstOfLast = JournalLayout.firstSequenceOf(last.getFileName().toString());
        final byte[] bytes = Files.readAllBytes(last);
        final byte[] torn = new byte[bytes.length];
        System.arraycopy(bytes, 0, torn, 0, 8); // the SBE message header only: the block never written
        Files.write(last, torn);

        final JournalCorruptionException seen = assertThrows(JournalCorruptionException.class,
            () -> assertReadsBack(dir, firstOfLast));
        assertTrue(seen.isTornTail(), "a crash while rolling, like an all-zero file: " + seen.getMessage());

        final List<String> log = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments().log(log::add)))
        {
            assertEquals(firstOfLast, writer.nextSequence());
            appendRange(writer, firstOfLast, 3_000);
        }
        assertTrue(log.toString().contains("torn header"), log.toString());
        assertReadsBack(dir, 3_001);
    }

    /** An all-zero file named after a later sequence than the journal's end is no crash's leftover: never a gap. */
    @Test
    void aZeroFileThatDoesNotFollowTheJournalIsNotRecreatedIntoAGap() throws IOException
    {
        final Path dir = writeJournal("gap", smallSegments(), 1_000);
        Files.write(dir.resolve(JournalLayout.segmentFileName(5_000)), new byte[JournalConfig.MIN_SEGMENT_LENGTH]);

        assertThrows(JournalCorruptionException.class, () -> JournalWriter.open(dir, smallSegments()).close());
        assertThrows(JournalCorruptionException.class, () -> assertReadsBack(dir, 1_001));
    }

    /** A stray file named like a segment with a number beyond a long: a stray file, not a crash of every tool. */
    @Test
    void aFileNamedWithTwentyNinesIsAStrayFile() throws IOException
    {
        final Path dir = writeJournal("nines", smallSegments(), 100);
        Files.write(dir.resolve("99999999999999999999.segment"), new byte[0]);

        assertEquals(List.of(dir.resolve("99999999999999999999.segment")), JournalReader.strayFiles(dir));
        assertReadsBack(dir, 101);
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            assertEquals(101, writer.nextSequence());
        }
    }
}
