package io.lockstep.journal;

import io.lockstep.sbe.journal.MessageHeaderDecoder;
import io.lockstep.sbe.journal.MessageHeaderEncoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.journal.RecordEnvelopeDecoder;
import io.lockstep.sbe.journal.SegmentHeaderDecoder;
import io.lockstep.sbe.journal.SegmentHeaderEncoder;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.lockstep.journal.JournalLayout.*;

/**
 * One memory-mapped segment file: its header, its sparse index and the checks of its frames.
 * Shared by the writer, the recovery on open and the readers, so all three judge a frame the same way.
 */
final class Segment implements AutoCloseable
{
    private static final ProtocolTag[] PROTOCOLS = ProtocolTag.values();

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final ByteBuffer crcView;
    private final CRC32C crc = new CRC32C();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RecordEnvelopeDecoder envelopeDecoder = new RecordEnvelopeDecoder();
    private final int fileLength;

    private String journalId;
    private String engineVersion;
    private int segmentIndex;
    private int segmentLength;
    private long firstSequence;
    private long creationTimeNs;
    private int indexInterval;
    private int indexCapacity;
    private int dataOffset;

    private String failure;
    private int failureExtent;

    private Segment(final Path file, final MappedByteBuffer mapped, final int fileLength)
    {
        this.file = file;
        this.mapped = mapped;
        this.fileLength = fileLength;
        this.buffer = new UnsafeBuffer(mapped);
        this.crcView = mapped.duplicate();
    }

    /**
     * Create and map a new, zero-filled (sparse) segment file and write its header.
     */
    static Segment create(
        final Path dir,
        final String journalId,
        final String engineVersion,
        final int segmentIndex,
        final int segmentLength,
        final long firstSequence,
        final int indexInterval,
        final long creationTimeNs)
    {
        final Path file = dir.resolve(segmentFileName(firstSequence));
        if (Files.exists(file))
        {
            throw new IllegalStateException("segment already exists: " + file);
        }
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file.toFile(), segmentLength, false);
        final Segment segment = new Segment(file, mapped, segmentLength);
        final int indexCapacity = indexCapacity(segmentLength, indexInterval);
        new SegmentHeaderEncoder()
            .wrapAndApplyHeader(segment.buffer, 0, new MessageHeaderEncoder())
            .magic(MAGIC)
            .journalId(journalId)
            .engineVersion(engineVersion)
            .segmentIndex(segmentIndex)
            .segmentLength(segmentLength)
            .firstSequence(firstSequence)
            .creationTimeNs(creationTimeNs)
            .indexInterval(indexInterval)
            .indexCapacity(indexCapacity)
            .dataOffset(JournalLayout.dataOffset(indexCapacity));
        segment.readHeader();
        return segment;
    }

    /**
     * Map an existing segment file and check its header.
     *
     * @param writable map read-write (recovery and appending) rather than read-only.
     * @throws JournalCorruptionException when the header is missing or wrong.
     */
    static Segment open(final Path file, final boolean writable)
    {
        final long size;
        try
        {
            size = Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read segment " + file, ex);
        }
        if (size < HEADER_LENGTH)
        {
            throw new JournalCorruptionException(file, 0, -1, "file of " + size + " bytes is shorter than the " +
                HEADER_LENGTH + "-byte segment header", false);
        }
        if (size > Integer.MAX_VALUE)
        {
            throw new JournalCorruptionException(file, 0, -1, "file of " + size + " bytes is too large", false);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(
            file.toFile(), writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, "segment");
        final Segment segment = new Segment(file, mapped, (int)size);
        try
        {
            segment.readHeader();
        }
        catch (final RuntimeException ex)
        {
            segment.close();
            throw ex;
        }
        return segment;
    }

    /**
     * Grow a file cut short (by a crash or by hand) back to the segment length its header states.
     *
     * @return true when the file was extended.
     */
    static boolean extendToSegmentLength(final Path file)
    {
        try (Segment segment = open(file, false))
        {
            if (segment.fileLength >= segment.segmentLength)
            {
                return false;
            }
        }
        final int segmentLength;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final byte[] header = new byte[HEADER_LENGTH];
            raf.readFully(header);
            final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder();
            final SegmentHeaderDecoder headerDecoder = new SegmentHeaderDecoder();
            headerDecoder.wrapAndApplyHeader(new UnsafeBuffer(header), 0, messageHeader);
            segmentLength = (int)headerDecoder.segmentLength();
            raf.setLength(segmentLength);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot extend segment " + file, ex);
        }
        return true;
    }

    private void readHeader()
    {
        headerDecoder.wrap(buffer, 0);
        if (headerDecoder.schemaId() != SegmentHeaderDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != SegmentHeaderDecoder.TEMPLATE_ID)
        {
            throw headerFailure("not a segment header (schema id " + headerDecoder.schemaId() + ", template id " +
                headerDecoder.templateId() + ")");
        }
        final SegmentHeaderDecoder header = new SegmentHeaderDecoder().wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        if (header.magic() != MAGIC)
        {
            throw headerFailure("bad magic 0x" + Long.toHexString(header.magic()));
        }
        journalId = header.journalId();
        if (!isJournalId(journalId))
        {
            throw headerFailure("journal id '" + journalId + "' is not a UUID");
        }
        engineVersion = header.engineVersion();
        segmentIndex = (int)header.segmentIndex();
        segmentLength = (int)header.segmentLength();
        firstSequence = header.firstSequence();
        creationTimeNs = header.creationTimeNs();
        indexInterval = (int)header.indexInterval();
        indexCapacity = (int)header.indexCapacity();
        dataOffset = (int)header.dataOffset();
        if (segmentLength < JournalConfig.MIN_SEGMENT_LENGTH || indexInterval < 1 ||
            dataOffset != JournalLayout.dataOffset(indexCapacity) || dataOffset >= segmentLength)
        {
            throw headerFailure("inconsistent header (segment length " + segmentLength + ", index interval " +
                indexInterval + ", index capacity " + indexCapacity + ", data offset " + dataOffset + ")");
        }
        if (fileLength > segmentLength)
        {
            throw headerFailure("file of " + fileLength + " bytes is longer than its segment length " + segmentLength);
        }
        if (!file.getFileName().toString().equals(segmentFileName(firstSequence)))
        {
            throw headerFailure("file name does not match its first sequence " + firstSequence);
        }
    }

    /** A writer names its journal with a UUID in text form: 36 characters, hex digits and four dashes. */
    private static boolean isJournalId(final String id)
    {
        if (id.length() != 36)
        {
            return false;
        }
        for (int i = 0; i < id.length(); i++)
        {
            final char c = id.charAt(i);
            final boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private JournalCorruptionException headerFailure(final String reason)
    {
        return new JournalCorruptionException(file, 0, -1, "segment header: " + reason, false);
    }

    /**
     * Check the frame at a position. Allocation-free unless the frame is bad.
     *
     * @return the aligned length of a valid frame, {@link JournalLayout#END_OF_DATA},
     * {@link JournalLayout#END_OF_SEGMENT} or {@link JournalLayout#BAD_FRAME} (see {@link #failure()}).
     */
    int checkFrame(final int position, final long expectedSequence)
    {
        if (position + FRAME_HEADER_LENGTH > fileLength)
        {
            if (position >= segmentLength - FRAME_HEADER_LENGTH && fileLength == segmentLength)
            {
                return END_OF_SEGMENT;
            }
            return isZero(position, fileLength) ? END_OF_DATA : fail(fileLength - position,
                "frame header cut by the end of the file at " + fileLength);
        }

        final int frameLength = buffer.getIntVolatile(position + FRAME_LENGTH_OFFSET);
        if (frameLength == 0)
        {
            return END_OF_DATA;
        }
        if (frameLength == END_OF_SEGMENT_MARKER)
        {
            return END_OF_SEGMENT;
        }
        final int remaining = fileLength - position;
        if (frameLength < RECORD_HEADER_LENGTH || frameLength > segmentLength - dataOffset)
        {
            return fail(Math.min(remaining, FRAME_HEADER_LENGTH), "frame length " + frameLength + " out of range");
        }
        if (frameLength > remaining)
        {
            return fail(remaining, "frame of " + frameLength + " bytes runs past the end of the file (" +
                remaining + " bytes left)");
        }

        final int messageOffset = position + MESSAGE_OFFSET;
        headerDecoder.wrap(buffer, messageOffset);
        if (headerDecoder.schemaId() != RecordEnvelopeDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != RecordEnvelopeDecoder.TEMPLATE_ID)
        {
            return fail(frameLength, "not a record envelope (schema id " + headerDecoder.schemaId() +
                ", template id " + headerDecoder.templateId() + ")");
        }
        final int blockLength = headerDecoder.blockLength();
        final int payloadLengthOffset = messageOffset + MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        if (blockLength < RecordEnvelopeDecoder.BLOCK_LENGTH ||
            payloadLengthOffset + PAYLOAD_LENGTH_FIELD > position + frameLength)
        {
            return fail(frameLength, "envelope block length " + blockLength + " does not fit the frame");
        }
        final long payloadLength = buffer.getInt(payloadLengthOffset, BYTE_ORDER) & 0xFFFF_FFFFL;
        if (payloadLengthOffset + PAYLOAD_LENGTH_FIELD + payloadLength != position + frameLength)
        {
            return fail(frameLength, "payload length " + payloadLength + " disagrees with frame length " +
                frameLength);
        }

        final int storedChecksum = buffer.getInt(position + CHECKSUM_OFFSET, BYTE_ORDER);
        final int computedChecksum = checksum(position, frameLength);
        if (storedChecksum != computedChecksum)
        {
            return fail(frameLength, "CRC32C mismatch: stored 0x" + Integer.toHexString(storedChecksum) +
                ", computed 0x" + Integer.toHexString(computedChecksum));
        }

        envelopeDecoder.wrap(buffer, messageOffset + MessageHeaderDecoder.ENCODED_LENGTH, blockLength,
            headerDecoder.version());
        final long sequence = envelopeDecoder.sequence();
        if (sequence != expectedSequence)
        {
            return fail(frameLength, "sequence " + sequence + " where " + expectedSequence + " was expected");
        }
        if (!isKnownProtocol(envelopeDecoder.protocolRaw()))
        {
            return fail(frameLength, "unknown protocol tag " + envelopeDecoder.protocolRaw() +
                " (written by a newer engine?)");
        }
        return align(frameLength, FRAME_ALIGNMENT);
    }

    private static boolean isKnownProtocol(final int value)
    {
        for (final ProtocolTag protocol : PROTOCOLS)
        {
            if (protocol.value() == value && protocol != ProtocolTag.NULL_VAL)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * CRC32C over a frame's bytes after its length and checksum fields.
     */
    int checksum(final int position, final int frameLength)
    {
        crcView.limit(position + frameLength).position(position + MESSAGE_OFFSET);
        crc.reset();
        crc.update(crcView);
        return (int)crc.getValue();
    }

    /**
     * Is a bad frame at this position a torn tail: a write cut short by a crash, with nothing valid after it?
     * Any valid frame further on means the damage is in the middle of the journal, which is never cut.
     */
    boolean nothingValidAfter(final int position, final long expectedSequence)
    {
        for (int p = position + FRAME_ALIGNMENT; p + RECORD_HEADER_LENGTH <= fileLength; p += FRAME_ALIGNMENT)
        {
            final int frameLength = buffer.getInt(p + FRAME_LENGTH_OFFSET, BYTE_ORDER);
            if (frameLength >= RECORD_HEADER_LENGTH && frameLength <= fileLength - p &&
                buffer.getInt(p + CHECKSUM_OFFSET, BYTE_ORDER) == checksum(p, frameLength))
            {
                headerDecoder.wrap(buffer, p + MESSAGE_OFFSET);
                if (headerDecoder.schemaId() == RecordEnvelopeDecoder.SCHEMA_ID &&
                    headerDecoder.templateId() == RecordEnvelopeDecoder.TEMPLATE_ID &&
                    buffer.getLong(p + ENVELOPE_OFFSET, BYTE_ORDER) > expectedSequence)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * At the end of the data (a frame length of 0, or an end-of-segment mark): a whole record of a later sequence
     * after it means a length was overwritten in the middle of the records, not that the data ends. A writer writes
     * its frames in order and each frame's length last, so nothing whole follows its real end.
     *
     * @return null, or the corruption, naming the position.
     */
    JournalCorruptionException recordsAfterEnd(final int position, final long expectedSequence)
    {
        if (position + FRAME_HEADER_LENGTH > fileLength || nothingValidAfter(position, expectedSequence))
        {
            return null;
        }
        return new JournalCorruptionException(file, position, expectedSequence, "frame length " +
            buffer.getInt(position + FRAME_LENGTH_OFFSET, BYTE_ORDER) + " marks the end of the data, but records " +
            "of later sequences follow it", false);
    }

    private boolean isZero(final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (buffer.getByte(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private int fail(final int extent, final String reason)
    {
        failure = reason;
        failureExtent = extent;
        return BAD_FRAME;
    }

    /**
     * @return why the last {@link #checkFrame(int, long)} returned {@link JournalLayout#BAD_FRAME}.
     */
    String failure()
    {
        return failure;
    }

    /**
     * @return bytes the last bad frame claimed, clipped to the file.
     */
    int failureExtent()
    {
        return failureExtent;
    }

    /**
     * Zero everything from a position to the end of the file, and the index entries past the last record kept.
     */
    void cutAt(final int position, final long recordsKept)
    {
        buffer.setMemory(position, fileLength - position, (byte)0);
        final long firstDroppedEntry = (recordsKept + indexInterval - 1) / indexInterval;
        for (long entry = firstDroppedEntry; entry < indexCapacity; entry++)
        {
            buffer.putInt(indexEntryOffset((int)entry), 0, BYTE_ORDER);
        }
        force(0, fileLength);
    }

    /**
     * @return file offset of the record {@code firstSequence + entry * indexInterval}, or 0 if not indexed.
     */
    int indexEntry(final int entry)
    {
        return entry < indexCapacity ? buffer.getIntVolatile(indexEntryOffset(entry)) : 0;
    }

    void putIndexEntry(final int entry, final int offset)
    {
        buffer.putIntOrdered(indexEntryOffset(entry), offset);
    }

    void force(final int from, final int length)
    {
        mapped.force(from, length);
    }

    Path file()
    {
        return file;
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int fileLength()
    {
        return fileLength;
    }

    String journalId()
    {
        return journalId;
    }

    String engineVersion()
    {
        return engineVersion;
    }

    int segmentIndex()
    {
        return segmentIndex;
    }

    int segmentLength()
    {
        return segmentLength;
    }

    long firstSequence()
    {
        return firstSequence;
    }

    long creationTimeNs()
    {
        return creationTimeNs;
    }

    int indexInterval()
    {
        return indexInterval;
    }

    int dataOffset()
    {
        return dataOffset;
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
