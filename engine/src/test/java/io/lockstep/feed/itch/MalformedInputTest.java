package io.lockstep.feed.itch;

import io.lockstep.feed.itch.ItchTestSupport.RecordingListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.SplittableRandom;

import static io.lockstep.feed.itch.ItchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad input of every kind is rejected with a counted reason, never an exception, and decoding carries on with
 * the next frame.
 */
class MalformedInputTest
{
    private static final byte[] SYSTEM_EVENT = hex("53 0000 0000 1f1acedb02f0 51");
    private static final byte[] ADD_ORDER =
        hex("41 1598 0000 1f1aced85306 000000000166b53e 42 00000640 49564f4f20202020 000d55ac");

    private final ItchDecoder decoder = new ItchDecoder();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void truncatedTailOfABinaryFileIsReportedNotDropped() throws IOException
    {
        final byte[] sample = Files.readAllBytes(BINARY_FILE);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sample);
        out.writeBytes(hex("0024")); // an Add Order frame, 36 bytes announced ...
        out.write(ADD_ORDER, 0, 20);  // ... but the file ends after 20
        final byte[] bytes = out.toByteArray();

        final BinaryFileReader reader = new BinaryFileReader();
        final int status = reader.read(new UnsafeBuffer(bytes), 0, bytes.length, this::decode);

        assertEquals(BinaryFileReader.TRUNCATED_TAIL, status);
        assertEquals(1000, reader.messages(), "every complete frame before the tail is delivered");
        assertEquals(1, reader.truncatedTails());
        assertEquals(22, reader.truncatedTailBytes());
        assertEquals(sample.length, reader.truncatedTailPosition());
        assertEquals(1000, decoder.counters().totalDecoded());
    }

    @Test
    void truncatedMessageInsideItsFrameIsALengthMismatch()
    {
        // A frame that says 30 bytes holding the first 30 bytes of a 36-byte Add Order, then a good message.
        final byte[] stream = frames(slice(ADD_ORDER, 30), SYSTEM_EVENT);

        assertEquals(BinaryFileReader.OK, frameAndDecode(stream));
        assertEquals(1, decoder.counters().rejects(ItchDecoder.LENGTH_MISMATCH));
        assertEquals(1, decoder.counters().decodedCount(ItchMessageType.SYSTEM_EVENT));
        assertEquals(0, decoder.counters().decodedCount(ItchMessageType.ADD_ORDER));
        assertEquals(0, listener.calls, "no half order reaches the book");
    }

    @Test
    void messageLongerThanItsTypeIsALengthMismatch()
    {
        final byte[] padded = new byte[SYSTEM_EVENT.length + 4];
        System.arraycopy(SYSTEM_EVENT, 0, padded, 0, SYSTEM_EVENT.length);
        assertEquals(ItchDecoder.LENGTH_MISMATCH, decoder.decode(new UnsafeBuffer(padded), 0, padded.length, listener));
    }

    @Test
    void unknownTypeIsRejectedAndTheNextFrameDecodes()
    {
        // 'T' was the ITCH 4.1 seconds message; 'Z' was never a type.
        final byte[] stream = frames(hex("54 00000000"), hex("5a 0000 0000 1f1acedb02f0 51"), ADD_ORDER);

        assertEquals(BinaryFileReader.OK, frameAndDecode(stream));
        assertEquals(2, decoder.counters().rejects(ItchDecoder.UNKNOWN_TYPE));
        assertEquals(1, decoder.counters().decodedCount(ItchMessageType.ADD_ORDER));
        assertEquals("add", listener.last);
    }

    @Test
    void lengthOrOffsetBeyondTheBufferIsRejected()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(SYSTEM_EVENT);
        assertEquals(ItchDecoder.OUT_OF_BOUNDS, decoder.decode(buffer, 0, SYSTEM_EVENT.length + 1, listener));
        assertEquals(ItchDecoder.OUT_OF_BOUNDS, decoder.decode(buffer, 5, SYSTEM_EVENT.length, listener));
        assertEquals(ItchDecoder.OUT_OF_BOUNDS, decoder.decode(buffer, -1, 4, listener));
        assertEquals(ItchDecoder.OUT_OF_BOUNDS, decoder.decode(buffer, 1, Integer.MAX_VALUE, listener));
        assertEquals(4, decoder.counters().rejects(ItchDecoder.OUT_OF_BOUNDS));

        assertEquals(ItchDecoder.OK, decoder.decode(buffer, 0, SYSTEM_EVENT.length, listener));
    }

    @Test
    void emptyMessagesAndZeroLengthFramesAreCounted()
    {
        assertEquals(ItchDecoder.EMPTY, decoder.decode(new UnsafeBuffer(SYSTEM_EVENT), 0, 0, listener));
        assertEquals(1, decoder.counters().rejects(ItchDecoder.EMPTY));

        final byte[] stream = frames(SYSTEM_EVENT, new byte[0], new byte[0], ADD_ORDER);
        final BinaryFileReader reader = new BinaryFileReader();
        assertEquals(BinaryFileReader.OK, reader.read(new UnsafeBuffer(stream), 0, stream.length, this::decode));
        assertEquals(2, reader.zeroLengthFrames());
        // The second zero prefix: after the 14-byte first frame and the first prefix.
        assertEquals(14 + 2, reader.lastZeroLengthPosition());
        assertEquals(2, reader.messages());
        assertEquals(2, decoder.counters().totalDecoded());
    }

    @Test
    void addOrderWithAnInvalidSideIsRejected()
    {
        final byte[] bad = ADD_ORDER.clone();
        bad[ItchMessage.ADD_SIDE_OFFSET] = 'X';

        assertEquals(ItchDecoder.INVALID_SIDE, decoder.decode(new UnsafeBuffer(bad), 0, bad.length, listener));
        assertEquals(1, decoder.counters().rejects(ItchDecoder.INVALID_SIDE));
        assertEquals(0, decoder.counters().totalDecoded());
        assertEquals(0, listener.calls);
        assertEquals("INVALID_SIDE", new ItchDecoder().counters().reasonName(ItchDecoder.INVALID_SIDE));
    }

    @Test
    void outOfOrderSequenceThroughTheWholePipeline()
    {
        // Three packets captured in the order 1, 3, 2: a gap at 3, then 2 is old and skipped.
        final String session = "000010059B";
        final byte[] p1 = ethernet(new int[] { 0x8100 }, 0x0800, ipv4(17, 0, moldPacket(session, 1, SYSTEM_EVENT)));
        final byte[] p3 = ethernet(new int[] { 0x8100 }, 0x0800, ipv4(17, 0, moldPacket(session, 3, ADD_ORDER)));
        final byte[] p2 = ethernet(new int[] { 0x8100 }, 0x0800, ipv4(17, 0, moldPacket(session, 2, SYSTEM_EVENT)));
        final byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, true, new long[] { 1, 2, 3 }, p1, p3, p2);

        final MoldUdp64Decoder mold = new MoldUdp64Decoder(
            (buffer, offset, length, sequence, timestampNs) -> decoder.decode(buffer, offset, length, listener));
        assertEquals(PcapReader.OK, new PcapReader(mold).read(new UnsafeBuffer(file), 0, file.length));

        assertEquals(1, mold.gaps());
        assertEquals(1, mold.missingMessages());
        assertEquals(1, mold.duplicatePackets());
        assertEquals(1, mold.duplicateMessages());
        assertEquals(2, decoder.counters().totalDecoded());
    }

    @Test
    void garbageBytesNeverThrowAndEveryInputIsAccountedFor()
    {
        final SplittableRandom random = new SplittableRandom(20230822);
        final byte[] bytes = new byte[256];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final MoldUdp64Decoder mold = new MoldUdp64Decoder(
            (b, offset, length, sequence, timestampNs) -> decoder.decode(b, offset, length, listener));
        final PcapReader pcap = new PcapReader(mold);
        final BinaryFileReader binary = new BinaryFileReader();
        final byte[] pcapHeader = hex("4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000");

        final ItchDecoder direct = new ItchDecoder();
        final int iterations = 20_000;
        for (int i = 0; i < iterations; i++)
        {
            random.nextBytes(bytes);
            int length = random.nextInt(bytes.length + 1);
            if (i % 3 == 0)
            {
                // A valid type byte and its exact length, random everything else: must decode (or INVALID_SIDE).
                final String types = ItchMessageType.ALL_TYPES;
                final byte type = (byte)types.charAt(random.nextInt(types.length()));
                bytes[0] = type;
                length = ItchMessageType.length(type);
            }
            final int offset = i % 3 == 0 ? 0 : random.nextInt(bytes.length - length + 1);

            direct.decode(buffer, offset, length, listener);
            mold.decode(buffer, offset, length, i);
            binary.read(buffer, offset, length, (b, o, l) -> decoder.decode(b, o, l, listener));
            if (length >= pcapHeader.length)
            {
                System.arraycopy(pcapHeader, 0, bytes, 0, pcapHeader.length);
                pcap.read(buffer, 0, length);
            }
        }

        assertEquals(iterations, direct.counters().totalDecoded() + direct.counters().totalRejects(),
            "every input decoded or rejected");
        assertTrue(direct.counters().totalDecoded() > iterations / 4,
            "random bodies behind a valid type and length decode");
        assertTrue(direct.counters().rejects(ItchDecoder.UNKNOWN_TYPE) > 0);
        assertTrue(direct.counters().rejects(ItchDecoder.LENGTH_MISMATCH) > 0);
        assertEquals(iterations, mold.packets());
        assertTrue(mold.rejects() > 0);
        assertTrue(binary.truncatedTails() > 0);
    }

    private int frameAndDecode(final byte[] stream)
    {
        return new BinaryFileReader().read(new UnsafeBuffer(stream), 0, stream.length, this::decode);
    }

    private void decode(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        decoder.decode(buffer, offset, length, listener);
    }

    private static byte[] slice(final byte[] bytes, final int length)
    {
        final byte[] slice = new byte[length];
        System.arraycopy(bytes, 0, slice, 0, length);
        return slice;
    }

    /**
     * BinaryFILE framing: [2-byte big-endian length][message] for each.
     */
    private static byte[] frames(final byte[]... messages)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] message : messages)
        {
            out.write(message.length >>> 8);
            out.write(message.length);
            out.writeBytes(message);
        }
        return out.toByteArray();
    }
}
