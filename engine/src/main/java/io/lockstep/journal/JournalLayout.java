package io.lockstep.journal;

import io.lockstep.sbe.journal.MessageHeaderDecoder;
import io.lockstep.sbe.journal.RecordEnvelopeDecoder;
import io.lockstep.sbe.journal.SegmentHeaderDecoder;
import org.agrona.concurrent.AtomicBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte layout of a journal segment, as specified in sbe-schemas/README.md.
 * <pre>
 *   0    SegmentHeader (SBE message header + block), padded to 128 bytes with zeros; from version 2 on the block
 *        ends with headerChecksum at 120: uint32 CRC32C of bytes [0, 120) (version 1 has none, its block ends at 120)
 *   128  sparse index: indexCapacity int32 file offsets
 *   dataOffset (128 + 4 * indexCapacity, aligned to 64): frames, each aligned to 8 bytes
 *
 *   frame: int32 frameLength | int32 CRC32C of bytes [8, frameLength) | SBE message header |
 *          RecordEnvelope block | uint32 payload length | payload | padding to 8
 * </pre>
 * A frame length of 0 means no record yet; -1 means the segment is full and the next one follows. Padding is written
 * as zeros but not checked: it carries no data, and damage to it must not stop a reader or cut a whole record.
 */
final class JournalLayout
{
    static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final boolean NATIVE_IS_FILE_ORDER = ByteOrder.nativeOrder() == BYTE_ORDER;
    static final long MAGIC = 0x4C4E524A5453434BL;
    static final int HEADER_LENGTH = 128;
    /** The segment header's CRC32C field, which covers the bytes before it (version 2 on). */
    static final int HEADER_CHECKSUM_OFFSET =
        MessageHeaderDecoder.ENCODED_LENGTH + SegmentHeaderDecoder.headerChecksumEncodingOffset();
    static final int DATA_ALIGNMENT = 64;
    static final int FRAME_ALIGNMENT = 8;

    static final int FRAME_LENGTH_OFFSET = 0;
    static final int CHECKSUM_OFFSET = 4;
    static final int FRAME_HEADER_LENGTH = 8;
    static final int MESSAGE_OFFSET = FRAME_HEADER_LENGTH;
    static final int ENVELOPE_OFFSET = MESSAGE_OFFSET + MessageHeaderDecoder.ENCODED_LENGTH;
    static final int PAYLOAD_LENGTH_FIELD = 4;
    static final int RECORD_HEADER_LENGTH = ENVELOPE_OFFSET + RecordEnvelopeDecoder.BLOCK_LENGTH + PAYLOAD_LENGTH_FIELD;
    static final int PAYLOAD_OFFSET = RECORD_HEADER_LENGTH;

    static final int END_OF_SEGMENT_MARKER = -1;

    /** {@link Segment#checkFrame(int, long)} results other than a frame length. */
    static final int END_OF_DATA = 0;
    static final int END_OF_SEGMENT = -1;
    static final int BAD_FRAME = -2;

    static final String SEGMENT_SUFFIX = ".segment";
    /** The next segment's file while it waits, zero-filled, for the writer to roll to it under its real name. */
    static final String PREPARED_SEGMENT_FILE = "next.segment.prepared";

    private JournalLayout()
    {
    }

    static int align(final int value, final int alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    /**
     * Enough index entries for the smallest possible records to fill the segment.
     */
    static int indexCapacity(final int segmentLength, final int indexInterval)
    {
        final long maxRecords = (segmentLength - HEADER_LENGTH) / align(RECORD_HEADER_LENGTH, FRAME_ALIGNMENT);
        return (int)(maxRecords / indexInterval) + 1;
    }

    static int dataOffset(final int indexCapacity)
    {
        return align(HEADER_LENGTH + 4 * indexCapacity, DATA_ALIGNMENT);
    }

    static int indexEntryOffset(final int entry)
    {
        return HEADER_LENGTH + 4 * entry;
    }

    /**
     * Segment files are named by the sequence of their first record, so they sort in order and the name of
     * the next segment is known from the last sequence of the current one.
     */
    static String segmentFileName(final long firstSequence)
    {
        final String digits = Long.toString(firstSequence);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + SEGMENT_SUFFIX;
    }

    /**
     * @return the first sequence a segment file name stands for, or -1 if it is not a segment file name.
     */
    static long firstSequenceOf(final String fileName)
    {
        if (!fileName.endsWith(SEGMENT_SUFFIX) || fileName.length() != 20 + SEGMENT_SUFFIX.length())
        {
            return -1;
        }
        for (int i = 0; i < 20; i++)
        {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9') // ASCII only: Character.isDigit takes any script's digits
            {
                return -1;
            }
        }
        try
        {
            return Long.parseLong(fileName.substring(0, 20));
        }
        catch (final NumberFormatException ex)
        {
            return -1; // beyond a long: no writer names a segment so, a stray file
        }
    }

    /**
     * @return the segment files of a journal directory in sequence order; empty if there are none.
     */
    static List<Path> segmentFiles(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("not a journal directory: " + dir);
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SEGMENT_SUFFIX))
        {
            for (final Path file : stream)
            {
                if (firstSequenceOf(file.getFileName().toString()) >= 0)
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal directory " + dir, ex);
        }
        files.sort(null);
        return files;
    }

    /**
     * Publish a frame length or an index entry: an ordered store, so a reader that sees it sees the bytes it
     * covers. Such stores write the platform's byte order and the file's is little-endian on every platform, so
     * a big-endian platform swaps the bytes first (as Aeron does with its frame lengths).
     */
    static void putIntOrdered(final AtomicBuffer buffer, final int index, final int value)
    {
        buffer.putIntOrdered(index, NATIVE_IS_FILE_ORDER ? value : Integer.reverseBytes(value));
    }

    /** Read what {@link #putIntOrdered(AtomicBuffer, int, int)} published. */
    static int getIntVolatile(final AtomicBuffer buffer, final int index)
    {
        final int value = buffer.getIntVolatile(index);
        return NATIVE_IS_FILE_ORDER ? value : Integer.reverseBytes(value);
    }
}
