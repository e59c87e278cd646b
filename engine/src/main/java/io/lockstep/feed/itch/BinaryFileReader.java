package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Frames Nasdaq "BinaryFILE" ITCH data: repeated [2-byte big-endian length][message], nothing else. Hands each
 * message to an {@link ItchMessageHandler}. Single-threaded; allocation-free once constructed, except for
 * opening files.
 * <p>
 * Never drops bytes silently:
 * <ul>
 * <li>A zero length prefix frames no message (an ITCH message is at least 12 bytes). It is counted and the
 * two bytes are skipped; framing continues with the next prefix.</li>
 * <li>An incomplete last frame (a truncated file, or a stream cut mid-message) is reported by
 * {@link #endOfInput}, which {@link #read} and {@link #readFile} call: {@link #TRUNCATED_TAIL} is returned
 * and the tail's stream position and size are counted.</li>
 * </ul>
 * A length that is wrong but non-zero cannot be detected here; the {@link ItchDecoder} rejects the message
 * ({@code LENGTH_MISMATCH} or {@code UNKNOWN_TYPE}) and framing goes on from the length given.
 */
public final class BinaryFileReader
{
    public static final int LENGTH_FIELD_LENGTH = 2;
    public static final int OK = 0;
    public static final int TRUNCATED_TAIL = 1;
    /** Large enough for the longest possible frame (2 + 65535 bytes) with room to spare. */
    public static final int DEFAULT_CHUNK_LENGTH = 1024 * 1024;

    private final ByteBuffer chunkByteBuffer;
    private final UnsafeBuffer chunk;
    private long position;
    private long messages;
    private long zeroLengthFrames;
    private long lastZeroLengthPosition = -1;
    private long truncatedTails;
    private long truncatedTailBytes;
    private long truncatedTailPosition = -1;

    public BinaryFileReader()
    {
        this(DEFAULT_CHUNK_LENGTH);
    }

    /**
     * @param chunkLength read size for {@link #readFile}; at least 128 KiB so any frame fits.
     */
    public BinaryFileReader(final int chunkLength)
    {
        if (chunkLength < 128 * 1024)
        {
            throw new IllegalArgumentException("chunkLength must be at least 128 KiB: " + chunkLength);
        }
        chunkByteBuffer = ByteBuffer.allocateDirect(chunkLength);
        chunk = new UnsafeBuffer(chunkByteBuffer);
    }

    /**
     * Deliver every complete frame in the bytes; stop before an incomplete one.
     *
     * @return bytes consumed. Fewer than {@code length} means the rest is the start of a frame: keep it and
     * pass it again with more bytes appended, or call {@link #endOfInput} with its size if no more will come.
     */
    public int frame(final DirectBuffer buffer, final int offset, final int length, final ItchMessageHandler handler)
    {
        int consumed = 0;
        while (length - consumed >= LENGTH_FIELD_LENGTH)
        {
            final int frameOffset = offset + consumed;
            final int messageLength = buffer.getShort(frameOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (messageLength == 0)
            {
                zeroLengthFrames++;
                lastZeroLengthPosition = position + consumed;
                consumed += LENGTH_FIELD_LENGTH;
                continue;
            }
            if (length - consumed < LENGTH_FIELD_LENGTH + messageLength)
            {
                break;
            }
            messages++;
            handler.onMessage(buffer, frameOffset + LENGTH_FIELD_LENGTH, messageLength);
            consumed += LENGTH_FIELD_LENGTH + messageLength;
        }
        position += consumed;
        return consumed;
    }

    /**
     * The input has ended with {@code remainingBytes} not consumed by {@link #frame}.
     *
     * @return {@link #OK} if nothing remained, else {@link #TRUNCATED_TAIL} (counted).
     */
    public int endOfInput(final int remainingBytes)
    {
        if (remainingBytes <= 0)
        {
            return OK;
        }
        truncatedTails++;
        truncatedTailBytes += remainingBytes;
        truncatedTailPosition = position;
        return TRUNCATED_TAIL;
    }

    /**
     * Frame a whole input held in memory, starting a new stream position at 0.
     *
     * @return {@link #OK} or {@link #TRUNCATED_TAIL}.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length, final ItchMessageHandler handler)
    {
        position = 0;
        final int consumed = frame(buffer, offset, length, handler);
        return endOfInput(length - consumed);
    }

    /**
     * Frame a whole file of any size, reading it in chunks.
     *
     * @return {@link #OK} or {@link #TRUNCATED_TAIL}.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public int readFile(final Path file, final ItchMessageHandler handler)
    {
        position = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            chunkByteBuffer.clear();
            while (channel.read(chunkByteBuffer) >= 0)
            {
                final int filled = chunkByteBuffer.position();
                final int consumed = frame(chunk, 0, filled, handler);
                chunkByteBuffer.limit(filled).position(consumed);
                chunkByteBuffer.compact();
            }
            return endOfInput(chunkByteBuffer.position());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("failed to read " + file, ex);
        }
    }

    /**
     * @return messages handed to the handler.
     */
    public long messages()
    {
        return messages;
    }

    public long zeroLengthFrames()
    {
        return zeroLengthFrames;
    }

    /**
     * @return stream position of the last zero length prefix, or -1.
     */
    public long lastZeroLengthPosition()
    {
        return lastZeroLengthPosition;
    }

    public long truncatedTails()
    {
        return truncatedTails;
    }

    public long truncatedTailBytes()
    {
        return truncatedTailBytes;
    }

    /**
     * @return stream position where the last incomplete frame started, or -1.
     */
    public long truncatedTailPosition()
    {
        return truncatedTailPosition;
    }

    /**
     * @return bytes consumed since the start of the current stream.
     */
    public long position()
    {
        return position;
    }
}
