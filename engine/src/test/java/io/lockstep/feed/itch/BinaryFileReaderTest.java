package io.lockstep.feed.itch;

import io.lockstep.feed.itch.ItchTestSupport.RecordingListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.feed.itch.ItchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class BinaryFileReaderTest
{
    @TempDir
    Path tempDir;

    @Test
    void fileLargerThanTheReadChunkIsFramedAcrossChunkBoundaries() throws IOException
    {
        final byte[] sample = Files.readAllBytes(BINARY_FILE);
        final ByteArrayOutputStream four = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++)
        {
            four.writeBytes(sample);
        }
        final Path file = tempDir.resolve("four.itch");
        Files.write(file, four.toByteArray());
        assertTrue(Files.size(file) > 128 * 1024);

        final ItchDecoder decoder = new ItchDecoder();
        final RecordingListener listener = new RecordingListener();
        final BinaryFileReader reader = new BinaryFileReader(128 * 1024);
        final int status = reader.readFile(
            file, (buffer, offset, length) -> decoder.decode(buffer, offset, length, listener));

        assertEquals(BinaryFileReader.OK, status);
        assertEquals(4000, reader.messages());
        assertEquals(4 * 993, decoder.counters().decodedCount('R'));
        assertEquals(0, decoder.counters().totalRejects());
        assertEquals(4L * sample.length, reader.position());
        assertEquals(4 * 993, listener.calls);
    }

    @Test
    void streamingInSmallPiecesKeepsTheIncompleteFrameForTheNextCall() throws IOException
    {
        final byte[] sample = Files.readAllBytes(BINARY_FILE);
        final BinaryFileReader reader = new BinaryFileReader();
        final List<Integer> lengths = new ArrayList<>();

        // Feed 7 bytes at a time into a small work buffer, carrying over what frame() did not consume.
        final UnsafeBuffer work = new UnsafeBuffer(new byte[70_000]);
        int held = 0;
        for (int position = 0; position < sample.length; position += 7)
        {
            final int piece = Math.min(7, sample.length - position);
            work.putBytes(held, sample, position, piece);
            held += piece;
            final int consumed = reader.frame(work, 0, held, (buffer, offset, length) -> lengths.add(length));
            final byte[] rest = copy(work, consumed, held - consumed);
            work.putBytes(0, rest);
            held -= consumed;
        }

        assertEquals(BinaryFileReader.OK, reader.endOfInput(held));
        assertEquals(1000, lengths.size());
        assertEquals(12, lengths.get(0));
        assertEquals(39, lengths.get(1));
    }
}
