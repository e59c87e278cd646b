package io.lockstep.journal;

import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Deterministic record contents derived from the sequence, so a reader can check every byte it gets back.
 */
final class TestRecords
{
    static final ProtocolTag[] PROTOCOLS = {
        ProtocolTag.SBE_MARKET_DATA, ProtocolTag.ITCH50, ProtocolTag.SBE_CONTROL, ProtocolTag.LOBSTER };

    private TestRecords()
    {
    }

    static int payloadLength(final long sequence)
    {
        return 1 + (int)((sequence * 7919) % 200);
    }

    static void fillPayload(final long sequence, final UnsafeBuffer buffer)
    {
        final int length = payloadLength(sequence);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)(sequence * 31 + i));
        }
    }

    static long receiveTime(final long sequence)
    {
        return 1_700_000_000_000_000_000L + sequence * 1_000;
    }

    static void append(final JournalWriter writer, final long sequence, final UnsafeBuffer scratch)
    {
        fillPayload(sequence, scratch);
        writer.append(sequence, receiveTime(sequence), (int)(sequence % 5), PROTOCOLS[(int)(sequence % 4)],
            scratch, 0, payloadLength(sequence));
    }

    /** @return {@code dir}, a new journal of the records 1 to {@code records}. */
    static Path writeJournal(final Path dir, final JournalConfig config, final long records)
    {
        try (JournalWriter writer = JournalWriter.open(dir, config))
        {
            appendRange(writer, 1, records);
        }
        return dir;
    }

    static void appendRange(final JournalWriter writer, final long from, final long toInclusive)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        for (long sequence = from; sequence <= toInclusive; sequence++)
        {
            append(writer, sequence, scratch);
        }
    }

    /**
     * Check a record carries exactly what {@link #append} wrote for its sequence.
     */
    static void assertRecord(final long expectedSequence, final JournalRecord record)
    {
        assertEquals(expectedSequence, record.sequence());
        assertEquals(receiveTime(expectedSequence), record.receiveTimeNs());
        assertEquals((int)(expectedSequence % 5), record.sourceId());
        assertEquals(PROTOCOLS[(int)(expectedSequence % 4)], record.protocol());
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[256]);
        fillPayload(expectedSequence, expected);
        final byte[] expectedBytes = new byte[payloadLength(expectedSequence)];
        expected.getBytes(0, expectedBytes);
        final byte[] actual = new byte[record.payloadLength()];
        record.buffer().getBytes(record.payloadOffset(), actual);
        assertArrayEquals(expectedBytes, actual, "payload of sequence " + expectedSequence);
    }

    /**
     * Read a whole journal, checking that it holds exactly what {@link #append} wrote from sequence 1 on.
     */
    static void assertReadsBack(final Path dir, final long nextSequence)
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            final long[] next = { 1 };
            while (reader.poll((record) -> assertRecord(next[0]++, record), 1000) > 0)
            {
                // read all
            }
            reader.checkNothingBeyondEnd();
            assertEquals(nextSequence, next[0]);
        }
    }

    /** Where each record of a journal lies. */
    record Location(long sequence, Path file, int offset, int frameLength)
    {
    }

    static List<Location> locations(final Path dir)
    {
        final List<Location> locations = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.poll((r) -> locations.add(
                new Location(r.sequence(), r.file(), r.fileOffset(), r.frameLength())), 1000) > 0)
            {
                // drain
            }
        }
        return locations;
    }

    /** A copy of a journal's segment files, under {@code parent/name}, to damage. */
    static Path copyJournal(final Path from, final Path parent, final String name) throws IOException
    {
        final Path to = parent.resolve(name);
        Files.createDirectories(to);
        for (final Path segment : JournalLayout.segmentFiles(from))
        {
            Files.copy(segment, to.resolve(segment.getFileName()));
        }
        return to;
    }

    /** What a segment header's checksum field should hold for these bytes: the CRC32C of the bytes before it. */
    static int headerCrc32c(final byte[] segment)
    {
        final CRC32C crc = new CRC32C();
        crc.update(segment, 0, JournalLayout.HEADER_CHECKSUM_OFFSET);
        return (int)crc.getValue();
    }

    /** What a segment header's checksum field holds. */
    static int storedHeaderCrc32c(final byte[] segment)
    {
        return ByteBuffer.wrap(segment).order(JournalLayout.BYTE_ORDER).getInt(JournalLayout.HEADER_CHECKSUM_OFFSET);
    }

    /**
     * Store the checksum of a damaged header's bytes, as if a writer had written them: what the checks behind the
     * checksum must catch, as in a version 1 header (which has none) or a whole segment of another journal.
     */
    static void sealHeader(final Path segment) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer.wrap(bytes).order(JournalLayout.BYTE_ORDER)
            .putInt(JournalLayout.HEADER_CHECKSUM_OFFSET, headerCrc32c(bytes));
        Files.write(segment, bytes);
    }

    static JournalConfig smallSegments()
    {
        return new JournalConfig().segmentLength(JournalConfig.MIN_SEGMENT_LENGTH).indexInterval(16).log((line) -> {});
    }
}
