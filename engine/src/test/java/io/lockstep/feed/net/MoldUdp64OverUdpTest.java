package io.lockstep.feed.net;

import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.itch.MoldUdp64Handler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A MoldUDP64 stream sent over a real UDP socket on loopback, with one packet held back: the receiver reports
 * the gap (expected and received sequence) and still delivers everything that arrived.
 */
class MoldUdp64OverUdpTest
{
    private static final byte[] SESSION = "LOCKSTEP01".getBytes(StandardCharsets.US_ASCII);

    @Test
    void droppedPacketIsReportedAsAGap() throws Exception
    {
        final List<Long> delivered = new ArrayList<>();
        final List<long[]> gaps = new ArrayList<>();
        final MoldUdp64Decoder decoder = new MoldUdp64Decoder(new MoldUdp64Handler()
        {
            public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long sequence,
                final long timestampNs)
            {
                assertEquals('S', buffer.getByte(offset));
                assertTrue(timestampNs > 0);
                delivered.add(sequence);
            }

            public void onGap(final DirectBuffer session, final int sessionOffset, final long expected,
                final long received)
            {
                gaps.add(new long[] { expected, received });
            }
        });

        try (UdpReceiver receiver = new UdpReceiver(
            new InetSocketAddress("127.0.0.1", 0), decoder, new SystemEpochNanoClock());
            DatagramChannel sender = DatagramChannel.open())
        {
            final InetSocketAddress target = receiver.localAddress();
            for (long sequence = 1; sequence <= 6; sequence++)
            {
                if (sequence == 4)
                {
                    continue; // dropped on the way
                }
                sender.send(packet(sequence), target);
            }
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (receiver.datagrams() < 5 && System.nanoTime() < deadline)
            {
                if (receiver.poll(16) == 0)
                {
                    Thread.onSpinWait();
                }
            }
            assertEquals(5, receiver.datagrams(), "five datagrams arrive on loopback");
        }

        assertEquals(List.of(1L, 2L, 3L, 5L, 6L), delivered);
        assertEquals(1, gaps.size());
        assertEquals(4, gaps.get(0)[0], "expected sequence");
        assertEquals(5, gaps.get(0)[1], "received sequence");
        assertEquals(1, decoder.gaps());
        assertEquals(1, decoder.missingMessages());
    }

    /** One MoldUDP64 packet holding one 12-byte ITCH System Event message. */
    private static ByteBuffer packet(final long sequence)
    {
        final ByteBuffer packet = ByteBuffer.allocate(20 + 2 + 12);
        packet.put(SESSION).putLong(sequence).putShort((short)1);
        packet.putShort((short)12).put((byte)'S').putShort((short)1).putShort((short)0)
            .put(new byte[] { 0, 0, 0, 0, 0, 1 }).put((byte)'O');
        return packet.flip();
    }
}
