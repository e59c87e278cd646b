package io.lockstep.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static io.lockstep.journal.TestRecords.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalRoundTripTest
{
    private static final int RECORDS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void millionRecordsAcrossSegmentRollsReadBackInOrder()
    {
        final JournalConfig config = new JournalConfig().segmentLength(4 * 1024 * 1024).indexInterval(256);
        try (JournalWriter writer = JournalWriter.open(dir, config))
        {
            appendRange(writer, 1, RECORDS);
            assertEquals(RECORDS + 1, writer.nextSequence());
        }

        final int segments = JournalLayout.segmentFiles(dir).size();
        assertTrue(segments > 20, "expected many segment rolls, got " + segments + " segments");

        final long[] next = { 1 };
        try (JournalReader reader = JournalReader.open(dir))
        {
            int polled;
            while ((polled = reader.poll((record) -> assertRecord(next[0]++, record), 4096)) > 0)
            {
                assertTrue(polled <= 4096);
            }
            reader.checkNothingBeyondEnd();
            assertEquals(RECORDS + 1, reader.nextSequence());
        }
        assertEquals(RECORDS + 1, next[0]);
    }

    @Test
    void aFollowingReaderWaitsForTheNextSegmentsHeaderInsteadOfFailing() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 2_000);
        }
        final List<Path> files = JournalLayout.segmentFiles(dir);
        assertTrue(files.size() > 1);
        // As a writer leaves the second segment between mapping it and writing its header: all zeros.
        final Path second = files.get(1);
        final byte[] written = Files.readAllBytes(second);
        Files.write(second, new byte[written.length]);

        final long[] next = { 1 };
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.poll((record) -> assertRecord(next[0]++, record), 4096) > 0)
            {
                // the first segment, then nothing yet
            }
            final long endOfFirst = next[0];
            assertTrue(endOfFirst > 1 && endOfFirst < 2_001);
            assertEquals(0, reader.poll((record) -> fail("read past an unwritten header"), 4096));
            final JournalCorruptionException unopened =
                assertThrows(JournalCorruptionException.class, reader::checkNothingBeyondEnd);
            assertTrue(unopened.getMessage().contains(second.getFileName().toString()), unopened.getMessage());

            Files.write(second, written); // the header lands
            while (reader.poll((record) -> assertRecord(next[0]++, record), 4096) > 0)
            {
                // on from where it stopped
            }
            reader.checkNothingBeyondEnd();
        }
        assertEquals(2_001, next[0]);
    }

    @Test
    void seekBySequenceLandsOnThatRecordInAnySegment()
    {
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 20_000);
        }
        assertTrue(JournalLayout.segmentFiles(dir).size() > 10);

        final SplittableRandom random = new SplittableRandom(42);
        try (JournalReader reader = JournalReader.open(dir))
        {
            for (int i = 0; i < 200; i++)
            {
                final long target = 1 + random.nextLong(20_000);
                assertTrue(reader.seek(target), "seek " + target);
                assertEquals(1, reader.poll((record) -> assertRecord(target, record), 1));
            }
            assertFalse(reader.seek(20_001), "seek past the last record");
            assertEquals(20_001, reader.nextSequence());
            assertThrows(IllegalArgumentException.class, () -> reader.seek(0));
        }
    }

    @Test
    void reopenContinuesAfterTheLastRecordAndKeepsTheJournalId()
    {
        final String journalId;
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 1_000);
            journalId = writer.journalId();
        }
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            assertEquals(1_001, writer.nextSequence());
            assertEquals(journalId, writer.journalId());
            appendRange(writer, 1_001, 3_000);
        }
        assertEquals(3_000, locations(dir).size());
        final long[] next = { 1 };
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.poll((record) -> assertRecord(next[0]++, record), 100) > 0)
            {
                assertEquals(journalId, reader.journalId());
            }
        }
        assertEquals(3_001, next[0]);
    }

    @Test
    void everyFsyncPolicyWritesTheSameRecords()
    {
        for (final JournalConfig config : new JournalConfig[] {
            smallSegments().fsyncPolicy(FsyncPolicy.ON_ROLL), smallSegments().fsyncEveryRecords(100) })
        {
            final Path journal = dir.resolve(config.fsyncPolicy().name());
            try (JournalWriter writer = JournalWriter.open(journal, config))
            {
                appendRange(writer, 1, 2_000);
            }
            final long[] next = { 1 };
            try (JournalReader reader = JournalReader.open(journal))
            {
                while (reader.poll((record) -> assertRecord(next[0]++, record), 100) > 0)
                {
                    assertTrue(next[0] <= 2_001);
                }
            }
            assertEquals(2_001, next[0], config.fsyncPolicy().name());
        }
    }

    @Test
    void readerFollowsAWriterThatIsStillAppending()
    {
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments());
            JournalReader reader = openAfterFirstRecord(writer))
        {
            final long[] next = { 1 };
            for (long sequence = 2; sequence <= 5_000; sequence += 250)
            {
                appendRange(writer, sequence, sequence + 249);
                while (reader.poll((record) -> assertRecord(next[0]++, record), 64) > 0)
                {
                    assertTrue(next[0] <= sequence + 250);
                }
                assertEquals(sequence + 250, next[0], "reader caught up with the writer");
            }
        }
    }

    private JournalReader openAfterFirstRecord(final JournalWriter writer)
    {
        appendRange(writer, 1, 1);
        return JournalReader.open(dir);
    }

    @Test
    void refusesWrongSequencesOversizedPayloadsAndASecondWriter()
    {
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 10);
            final IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> appendRange(writer, 12, 12));
            assertTrue(gap.getMessage().contains("sequence 12 appended where 11 was expected"), gap.getMessage());

            final org.agrona.concurrent.UnsafeBuffer big =
                new org.agrona.concurrent.UnsafeBuffer(new byte[writer.maxPayloadLength() + 1]);
            final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> writer.append(11, 0, 0, PROTOCOLS[0], big, 0, big.capacity()));
            assertTrue(tooBig.getMessage().contains("does not fit a segment"), tooBig.getMessage());

            final IllegalStateException second = assertThrows(IllegalStateException.class,
                () -> JournalWriter.open(dir, smallSegments()));
            assertTrue(second.getMessage().contains("already open"), second.getMessage());
        }
    }

    @Test
    void largestPayloadFitsAndRollsToAFreshSegment()
    {
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 3);
            final org.agrona.concurrent.UnsafeBuffer big =
                new org.agrona.concurrent.UnsafeBuffer(new byte[writer.maxPayloadLength()]);
            big.setMemory(0, big.capacity(), (byte)7);
            writer.append(4, 0, 0, PROTOCOLS[0], big, 0, big.capacity());
            appendRange(writer, 5, 6);
        }
        final var locations = locations(dir);
        assertEquals(6, locations.size());
        assertEquals(3, JournalLayout.segmentFiles(dir).size(), "big record alone in the middle segment");
    }

    @Test
    void readingToTheEndOfAJournalBeingWrittenFindsNoFalseDamage() throws Exception
    {
        final Path live = dir.resolve("live");
        try (JournalWriter writer = JournalWriter.open(live, smallSegments()))
        {
            final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            final Thread appender = new Thread(() ->
            {
                final org.agrona.concurrent.UnsafeBuffer scratch =
                    new org.agrona.concurrent.UnsafeBuffer(new byte[512]);
                for (long sequence = 1; !stop.get(); sequence++)
                {
                    append(writer, sequence, scratch);
                }
            });
            appender.start();
            try
            {
                final long deadline = System.nanoTime() + 1_000_000_000L;
                int reads = 0;
                while (System.nanoTime() < deadline || reads < 20)
                {
                    try (JournalReader reader = JournalReader.open(live))
                    {
                        while (reader.poll((record) -> { }, 4096) > 0)
                        {
                            assertTrue(reader.nextSequence() > 1);
                        }
                        reader.checkNothingBeyondEnd(); // as journal verify does on a running engine's journal
                    }
                    reads++;
                }
            }
            finally
            {
                stop.set(true);
                appender.join();
            }
        }
    }
}
