package io.lockstep.journal;

import io.lockstep.sbe.journal.MessageHeaderDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.journal.RecordEnvelopeDecoder;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

import static io.lockstep.journal.JournalLayout.*;

/**
 * Zero-copy view of one checked journal record: its envelope fields and where its payload lies in the
 * mapped segment. Reused for every record; copy what must outlive the callback.
 */
public final class JournalRecord
{
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RecordEnvelopeDecoder envelopeDecoder = new RecordEnvelopeDecoder();
    private Segment segment;
    private int frameOffset;
    private int frameLength;
    private int payloadOffset;
    private int payloadLength;

    void wrap(final Segment segment, final int frameOffset)
    {
        this.segment = segment;
        this.frameOffset = frameOffset;
        final DirectBuffer buffer = segment.buffer();
        frameLength = buffer.getInt(frameOffset + FRAME_LENGTH_OFFSET, BYTE_ORDER);
        headerDecoder.wrap(buffer, frameOffset + MESSAGE_OFFSET);
        envelopeDecoder.wrap(buffer, frameOffset + ENVELOPE_OFFSET, headerDecoder.blockLength(),
            headerDecoder.version());
        final int lengthOffset = frameOffset + ENVELOPE_OFFSET + headerDecoder.blockLength();
        payloadLength = buffer.getInt(lengthOffset, BYTE_ORDER);
        payloadOffset = lengthOffset + PAYLOAD_LENGTH_FIELD;
    }

    public long sequence()
    {
        return envelopeDecoder.sequence();
    }

    public long receiveTimeNs()
    {
        return envelopeDecoder.receiveTimeNs();
    }

    public int sourceId()
    {
        return (int)envelopeDecoder.sourceId();
    }

    public ProtocolTag protocol()
    {
        return envelopeDecoder.protocol();
    }

    /**
     * @return the mapped segment; the payload is at {@link #payloadOffset()} for {@link #payloadLength()} bytes.
     */
    public DirectBuffer buffer()
    {
        return segment.buffer();
    }

    public int payloadOffset()
    {
        return payloadOffset;
    }

    public int payloadLength()
    {
        return payloadLength;
    }

    /**
     * @return the stored CRC32C of the frame.
     */
    public int checksum()
    {
        return segment.buffer().getInt(frameOffset + CHECKSUM_OFFSET, BYTE_ORDER);
    }

    public int frameLength()
    {
        return frameLength;
    }

    public Path file()
    {
        return segment.file();
    }

    /**
     * @return byte offset of the frame in {@link #file()}.
     */
    public int fileOffset()
    {
        return frameOffset;
    }
}
