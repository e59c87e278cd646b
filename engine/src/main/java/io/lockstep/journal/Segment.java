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
    private boolean writtenWithZeros;

    private String journalId;
    private String engineVersion;
    private int segmentIndex;
    private int segmentLength;
    private long firstSequence;
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
     * Map a new, zero-filled (sparse) segment file and write its header.
     *
     * @param prepared a mapping of the segment length already named {@code file}, written with zeros (no holes), or
     *                 null to create the file here, sparse.
     */
    static Segment create(
        final Path file,
        final MappedByteBuffer prepared,
        final String journalId,
        final String engineVersion,
        final int segmentIndex,
        final int segmentLength,
        final long firstSequence,
        final int indexInterval,
        final long creationTimeNs)
    {
        final MappedByteBuffer mapped;
        if (prepared != null)
        {
            mapped = prepared;
        }
        else if (Files.exists(file))
        {
            throw new IllegalStateException("segment already exists: " + file);
        }
        else
        {
            mapped = IoUtil.mapNewFile(file.toFile(), segmentLength, false);
        }
        final Segment segment = new Segment(file, mapped, segmentLength);
        segment.writtenWithZeros = prepared != null;
        final int indexCapacity = indexCapacity(segmentLength, indexInterval);
        final SegmentHeaderEncoder header = new SegmentHeaderEncoder()
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
        header.headerChecksum(segment.crc32c(0, HEADER_CHECKSUM_OFFSET) & 0xFFFF_FFFFL);
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
     * Check the last segment of a journal before a writer recovers it, and grow a file cut short (by a crash or by
     * hand) back to the segment length its header states if {@link #cutShort} takes it for a cut.
     *
     * @param previous the segment before, or null when there is none.
     * @return true when the file was extended.
     * @throws JournalCorruptionException when the header is wrong or does not follow the previous segment's.
     */
    static boolean extendToSegmentLength(final Path file, final Segment previous)
    {
        final int segmentLength;
        try (Segment segment = open(file, false))
        {
            final JournalCorruptionException damaged = segment.notRecoverableAfter(previous);
            if (damaged != null)
            {
                throw damaged;
            }
            if (segment.fileLength == segment.segmentLength)
            {
                return false;
            }
            segmentLength = segment.segmentLength;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(segmentLength);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot extend segment " + file, ex);
        }
        return true;
    }

    /** The last segment must follow the one before it, and be whole or cut as a crash cuts. */
    private JournalCorruptionException notRecoverableAfter(final Segment previous)
    {
        if (previous == null)
        {
            return cutShort(0, true);
        }
        final JournalCorruptionException notNext = notAfter(previous.journalId, previous.segmentIndex);
        return notNext != null ? notNext : cutShort(previous.segmentLength, true);
    }

    /**
     * Is the file all zeros (or empty), or is its header cut short before its checksum with nothing written after
     * it? A segment file created but whose header never wholly reached the file: a crash while rolling to it (a
     * writer writes the header's fields in order and its checksum last, and no record before the header).
     */
    static boolean isTornCreation(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file))
        {
            final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long at = 0;
            int read;
            while ((read = channel.read(chunk.clear())) > 0)
            {
                for (int i = 0; i < read; i++)
                {
                    final long offset = at + i;
                    final boolean headerBeforeChecksum = offset < HEADER_CHECKSUM_OFFSET;
                    if (chunk.get(i) != 0 && !headerBeforeChecksum)
                    {
                        return false;
                    }
                }
                at += read;
            }
            return true;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read segment " + file, ex);
        }
    }

    /**
     * What a header must share with the segment before (the same journal id, the next index) is checked against that
     * one: a version 1 header has no checksum, and one whose checksum matches may still be another journal's.
     *
     * @return null, or the corruption naming both.
     */
    JournalCorruptionException notAfter(final String previousJournalId, final int previousIndex)
    {
        if (journalId.equals(previousJournalId) && segmentIndex == previousIndex + 1)
        {
            return null;
        }
        return new JournalCorruptionException(file, 0, firstSequence, "segment header: journal id " + journalId +
            ", segment index " + segmentIndex + " after segment " + previousIndex + " of journal " +
            previousJournalId + " (expected the same journal id and the next index)", false);
    }

    /**
     * A file shorter than its header's segment length is what a cut leaves (a crash, or by hand), and only in the last
     * segment. A damaged length must not pass for a cut (the writer would grow the file to it), and a version 1 header
     * has no checksum to tell, so a cut segment's length must also be the previous segment's (of either version).
     *
     * @param previousLength segment length of the segment before; 0 when there is none or it is not known.
     * @param last           whether this is the last segment of the journal.
     * @return null when the file is whole or cut as a crash may cut it; otherwise the corruption.
     */
    JournalCorruptionException cutShort(final int previousLength, final boolean last)
    {
        if (fileLength == segmentLength || last && (previousLength == 0 || previousLength == segmentLength))
        {
            return null;
        }
        return headerFailure("segment length " + segmentLength + ", but the file has " + fileLength + " bytes " +
            (last ? "and the segment before has length " + previousLength + ": a damaged header, not a cut" :
            "and segments follow it"));
    }

    /**
     * From version 2 on a header's CRC32C is checked before any field, so that damage is named as such rather than as
     * whatever range check it trips. Each field is still held to the values a writer writes: in a version 1 header,
     * which has no checksum, damage that keeps a field in range (or a length that agrees with the others) is what only
     * the comparisons with other segments can catch.
     */
    private void readHeader()
    {
        headerDecoder.wrap(buffer, 0);
        checkMessageHeader();
        final int version = headerDecoder.version();
        final int blockLength = headerDecoder.blockLength();
        final SegmentHeaderDecoder header = new SegmentHeaderDecoder().wrap(
            buffer, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        if (hasChecksum(version))
        {
            checkChecksum(header);
        }
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
        checkEngineVersion();
        segmentIndex = (int)header.segmentIndex();
        firstSequence = header.firstSequence();
        final long creationTimeNs = header.creationTimeNs();
        if (creationTimeNs < 0 || creationTimeNs % 1_000_000 != 0)
        {
            throw headerFailure("creation time " + creationTimeNs + " ns is not a whole number of milliseconds " +
                "since the epoch");
        }
        checkGeometry(header);
        checkReservedBytes(MessageHeaderDecoder.ENCODED_LENGTH + blockLength);
        if (fileLength > segmentLength)
        {
            throw headerFailure("file of " + fileLength + " bytes is longer than its segment length " + segmentLength);
        }
        if (!file.getFileName().toString().equals(segmentFileName(firstSequence)))
        {
            throw headerFailure("file name does not match its first sequence " + firstSequence);
        }
    }

    private void checkMessageHeader()
    {
        if (headerDecoder.schemaId() != SegmentHeaderDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != SegmentHeaderDecoder.TEMPLATE_ID)
        {
            throw headerFailure("not a segment header (schema id " + headerDecoder.schemaId() + ", template id " +
                headerDecoder.templateId() + ")");
        }
        final int version = headerDecoder.version();
        if (version < 1 || version > SegmentHeaderDecoder.SCHEMA_VERSION)
        {
            throw headerFailure("version " + version + ", where this build reads 1 to " +
                SegmentHeaderDecoder.SCHEMA_VERSION + " (a newer engine's journal, or a damaged header)");
        }
        final int blockLength = hasChecksum(version) ?
            SegmentHeaderDecoder.BLOCK_LENGTH : SegmentHeaderDecoder.headerChecksumEncodingOffset();
        if (headerDecoder.blockLength() != blockLength)
        {
            throw headerFailure("block length " + headerDecoder.blockLength() + ", where version " + version +
                " has " + blockLength);
        }
    }

    /** Version 1 headers have none: their block ends where the checksum field begins. */
    private static boolean hasChecksum(final int version)
    {
        return version >= SegmentHeaderDecoder.headerChecksumSinceVersion();
    }

    private void checkChecksum(final SegmentHeaderDecoder header)
    {
        final int stored = (int)header.headerChecksum();
        final int computed = crc32c(0, HEADER_CHECKSUM_OFFSET);
        if (stored != computed)
        {
            throw headerFailure(crcMismatch(stored, computed));
        }
    }

    private void checkEngineVersion()
    {
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH + SegmentHeaderDecoder.engineVersionEncodingOffset();
        if (!JournalConfig.isEngineVersion(engineVersion) ||
            !isZero(offset + engineVersion.length(), offset + SegmentHeaderDecoder.engineVersionLength()))
        {
            throw headerFailure("engine version is not 1 to " + SegmentHeaderDecoder.engineVersionLength() +
                " printable ASCII characters padded with NULs");
        }
    }

    /** Segment length, index interval, index capacity and data offset: each follows from the ones before. */
    private void checkGeometry(final SegmentHeaderDecoder header)
    {
        if (!JournalConfig.isSegmentLength(header.segmentLength()))
        {
            throw headerFailure("segment length " + header.segmentLength() + " is not a multiple of 4096 from " +
                JournalConfig.MIN_SEGMENT_LENGTH + " to " + Integer.MAX_VALUE);
        }
        segmentLength = (int)header.segmentLength();
        if (header.indexInterval() < 1 || header.indexInterval() > Integer.MAX_VALUE)
        {
            throw headerFailure("index interval " + header.indexInterval() + " is out of range");
        }
        indexInterval = (int)header.indexInterval();
        indexCapacity = (int)header.indexCapacity();
        if (header.indexCapacity() != indexCapacity(segmentLength, indexInterval))
        {
            throw headerFailure("index capacity " + header.indexCapacity() + ", where segment length " +
                segmentLength + " and index interval " + indexInterval + " give " +
                indexCapacity(segmentLength, indexInterval));
        }
        dataOffset = (int)header.dataOffset();
        if (dataOffset != JournalLayout.dataOffset(indexCapacity))
        {
            throw headerFailure("data offset " + header.dataOffset() + ", where index capacity " + indexCapacity +
                " gives " + JournalLayout.dataOffset(indexCapacity));
        }
    }

    /** @param from the end of the header's block: the padding up to {@link JournalLayout#HEADER_LENGTH}. */
    private void checkReservedBytes(final int from)
    {
        if (!isZero(from, HEADER_LENGTH))
        {
            throw headerFailure("reserved bytes " + from + " to " + (HEADER_LENGTH - 1) + " are not zero");
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

        final int frameLength = JournalLayout.getIntVolatile(buffer, position + FRAME_LENGTH_OFFSET);
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
            return fail(frameLength, crcMismatch(storedChecksum, computedChecksum));
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
        return crc32c(position + MESSAGE_OFFSET, position + frameLength);
    }

    private int crc32c(final int from, final int to)
    {
        crcView.limit(to).position(from);
        crc.reset();
        crc.update(crcView);
        return (int)crc.getValue();
    }

    private static String crcMismatch(final int stored, final int computed)
    {
        return "CRC32C mismatch: stored 0x" + Integer.toHexString(stored) + ", computed 0x" +
            Integer.toHexString(computed);
    }

    /**
     * Is a bad frame at this position a torn tail: a write cut short by a crash, with nothing valid after it?
     * Any valid frame further on means the damage is in the middle of the journal, which is never cut.
     */
    boolean nothingValidAfter(final int position, final long expectedSequence)
    {
        for (int p = position + FRAME_ALIGNMENT; p + RECORD_HEADER_LENGTH <= fileLength; p += FRAME_ALIGNMENT)
        {
            // Read as the writer publishes it (its ordered store), so that a frame seen whole was whole.
            final int frameLength = JournalLayout.getIntVolatile(buffer, p + FRAME_LENGTH_OFFSET);
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
        // A writer still at work writes each length last: if this one is set by now, the journal grew meanwhile.
        final int length = JournalLayout.getIntVolatile(buffer, position + FRAME_LENGTH_OFFSET);
        if (length != 0 && length != END_OF_SEGMENT_MARKER)
        {
            return null;
        }
        return new JournalCorruptionException(file, position, expectedSequence, "frame length " + length +
            " marks the end of the data, but records of later sequences follow it (a power cut can leave this: " +
            "`lockstep journal cut --after " + (expectedSequence - 1) + "` keeps the records before it)", false);
    }

    /**
     * @return the end of the last 8 bytes from {@code position} (a multiple of 8) that are not all zero, or
     * {@code position} when every byte from there to the end of the file is zero.
     */
    int nonZeroEnd(final int position)
    {
        int end = position;
        for (int i = position; i < fileLength; i += 8)
        {
            if (buffer.getLong(i) != 0)
            {
                end = i + 8;
            }
        }
        return end;
    }

    long nonZeroBytesFrom(final int position)
    {
        long count = 0;
        for (int i = position; i < fileLength; i++)
        {
            if (buffer.getByte(i) != 0)
            {
                count++;
            }
        }
        return count;
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
        cutAt(position, fileLength, recordsKept);
    }

    /**
     * Zero from a position to {@code end} (where all is zero already), and the index entries past the last record
     * kept.
     */
    void cutAt(final int position, final int end, final long recordsKept)
    {
        buffer.setMemory(position, end - position, (byte)0);
        final long firstDroppedEntry = (recordsKept + indexInterval - 1) / indexInterval;
        for (long entry = firstDroppedEntry; entry < indexCapacity; entry++)
        {
            buffer.putInt(indexEntryOffset((int)entry), 0, BYTE_ORDER);
        }
        force(0, end);
    }

    /**
     * @return file offset of the record {@code firstSequence + entry * indexInterval}, or 0 if not indexed.
     */
    int indexEntry(final int entry)
    {
        return entry < indexCapacity ? JournalLayout.getIntVolatile(buffer, indexEntryOffset(entry)) : 0;
    }

    void putIndexEntry(final int entry, final int offset)
    {
        JournalLayout.putIntOrdered(buffer, indexEntryOffset(entry), offset);
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

    int indexInterval()
    {
        return indexInterval;
    }

    int dataOffset()
    {
        return dataOffset;
    }

    /**
     * @return whether every block of the file exists (it was written with zeros when created), so that a store into
     * any page of it needs no block allocation; false for a sparse file or one opened, not created.
     */
    boolean isWrittenWithZeros()
    {
        return writtenWithZeros;
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
