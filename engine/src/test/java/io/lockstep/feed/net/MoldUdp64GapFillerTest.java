package io.lockstep.feed.net;

import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.itch.MoldUdp64Handler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The gap filler between a feed socket and the MoldUDP64 decoder, driven packet by packet with a test clock: its
 * requests go over real loopback UDP to a socket standing in for the re-request server. Two gaps in one hold are
 * asked for in turn; the rest of a gap an answer filled in part is asked for once the answer is quiet; a heartbeat
 * can open a hold; a gap nobody answers is asked for three times, then given up with the held packets in sequence
 * order; a full hold gives its gap up and empties.
 */
@Timeout(30) // the server's receive blocks: a request never sent fails the test instead of hanging it
class MoldUdp64GapFillerTest
{
    private static final byte[] SESSION = "LOCKSTEP01".getBytes(StandardCharsets.US_ASCII);
    private static final long TIMEOUT_NS = 1_000_000;

    private final List<Long> delivered = new ArrayList<>();
    private final List<String> gaps = new ArrayList<>();
    private final MoldUdp64Decoder decoder = new MoldUdp64Decoder(new MoldUdp64Handler()
    {
        public void onMessage(
            final DirectBuffer buffer, final int offset, final int length, final long sequence, final long timestampNs)
        {
            delivered.add(sequence);
        }

        public void onGap(final DirectBuffer session, final int sessionOffset, final long expected, final long received)
        {
            gaps.add(expected + ".." + received);
        }
    });
    private UdpReceiver socket;
    private DatagramChannel server;
    private MoldUdp64GapFiller filler;

    @BeforeEach
    void open() throws Exception
    {
        socket = new UdpReceiver(new InetSocketAddress("127.0.0.1", 0), decoder, new SystemEpochNanoClock());
        server = DatagramChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        filler = new MoldUdp64GapFiller(decoder, socket, (InetSocketAddress)server.getLocalAddress(), TIMEOUT_NS);
    }

    @AfterEach
    void close() throws Exception
    {
        server.close();
        socket.close();
    }

    @Test
    void twoGapsInOneHoldAreAskedForInTurnAndTheBooksSeeEveryMessageInOrder() throws Exception
    {
        arrive(1, 2, 0);
        arrive(5, 1, 0);
        assertEquals("3+2", nextRequest(), "the missing 3 and 4");
        arrive(8, 1, 0);
        assertFalse(filler.releaseOne(decoder, 0), "5 waits for 3 and 4");

        arrive(3, 2, 0); // the answer
        assertTrue(filler.releaseOne(decoder, 0), "5 goes on");
        assertFalse(filler.releaseOne(decoder, 0), "8 waits for 6 and 7");
        assertEquals("6+2", nextRequest(), "asked for at once: the first request was answered");

        arrive(6, 2, 0);
        assertTrue(filler.releaseOne(decoder, 0));
        assertFalse(filler.holding());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), delivered);
        assertEquals(List.of(), gaps);
        assertEquals(2, filler.requestsSent());
        assertEquals(2, filler.gapsFilled());
    }

    @Test
    void anAnswerBringingPartOfTheGapHasTheRestAskedForOnceItIsQuiet() throws Exception
    {
        final long quietNs = TIMEOUT_NS / MoldUdp64GapFiller.QUIET_DIVISOR;
        arrive(1, 1, 0);
        arrive(14, 1, 0);
        assertEquals("2+12", nextRequest());

        arrive(2, 3, 10); // a server answers with one packet: as many as fit
        assertFalse(filler.releaseOne(decoder, 10));
        assertFalse(filler.releaseOne(decoder, 10 + quietNs - 1), "more of the answer may still come");
        assertEquals(1, filler.requestsSent());
        arrive(5, 2, 20); // it did: another packet of the same answer, and the quiet starts again
        assertFalse(filler.releaseOne(decoder, 20));
        assertFalse(filler.releaseOne(decoder, 10 + quietNs));
        assertEquals(1, filler.requestsSent(), "quiet since the last message, not since the first");
        assertFalse(filler.releaseOne(decoder, 20 + quietNs));
        assertEquals(2, filler.requestsSent());
        assertEquals("7+7", nextRequest(), "the rest, asked for long before the timeout");

        arrive(7, 3, 30 + quietNs);
        arrive(10, 4, 30 + quietNs); // this server sent two packets: the whole rest came, 14 goes on
        assertTrue(filler.releaseOne(decoder, 30 + quietNs));
        assertFalse(filler.holding());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L), delivered);
        assertEquals(List.of(), gaps);
        assertEquals(2, filler.requestsSent());
        assertEquals(1, filler.gapsFilled());
    }

    @Test
    void aGapNobodyAnswersIsAskedForThreeTimesThenGivenUpInSequenceOrder() throws Exception
    {
        arrive(1, 1, 0);
        arrive(4, 1, 0);
        assertEquals("2+2", nextRequest());
        arrive(3, 1, 0); // late from the feed itself, after 4: held before it
        assertFalse(filler.releaseOne(decoder, TIMEOUT_NS - 1), "not overdue yet");
        assertFalse(filler.releaseOne(decoder, TIMEOUT_NS));
        assertEquals("2+1", nextRequest(), "asked again, for what is still missing");
        assertFalse(filler.releaseOne(decoder, 2 * TIMEOUT_NS));
        assertEquals("2+1", nextRequest());
        assertEquals(MoldUdp64GapFiller.ATTEMPTS, filler.requestsSent());

        assertTrue(filler.releaseOne(decoder, 3 * TIMEOUT_NS), "given up: 3 goes on");
        assertTrue(filler.releaseOne(decoder, 3 * TIMEOUT_NS), "then 4");
        assertFalse(filler.holding());
        assertEquals(List.of(1L, 3L, 4L), delivered);
        assertEquals(List.of("2..3"), gaps, "the decoder counts the gap that stayed");
        assertEquals(0, filler.gapsFilled());
    }

    @Test
    void aHeartbeatBeyondTheExpectedSequenceOpensAHoldToo() throws Exception
    {
        arrive(1, 1, 0);
        arrive(4, 0, 0); // a heartbeat: the next message will be 4, so 2 and 3 are missing
        assertEquals("2+2", nextRequest());
        arrive(2, 2, 0);
        assertTrue(filler.releaseOne(decoder, 0));
        assertEquals(List.of(1L, 2L, 3L), delivered);
        assertEquals(List.of(), gaps);
    }

    @Test
    void aFullHoldGivesItsGapUpAndEmpties() throws Exception
    {
        arrive(1, 1, 0);
        int held = 0;
        while (filler.makeRoom())
        {
            arrive(3 + held, 1, 0);
            held++;
        }
        assertEquals(MoldUdp64GapFiller.HOLD_PACKETS, held);
        assertEquals("2+1", nextRequest());
        while (filler.releaseOne(decoder, 0))
        {
            assertTrue(delivered.size() <= held + 1);
        }
        assertFalse(filler.holding());
        assertTrue(filler.makeRoom(), "empty again");
        assertEquals(held + 1, delivered.size());
        assertEquals(List.of("2..3"), gaps, "the gap given up, every held packet after it delivered in order");
        assertEquals(2 + held, (long)delivered.get(delivered.size() - 1));
    }

    /** A packet from the feed: held by the filler, or on to the decoder as ingress does. */
    private void arrive(final long sequence, final int count, final long nowNs)
    {
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[MoldUdp64Decoder.HEADER_LENGTH + 3 * count]);
        packet.putBytes(MoldUdp64Decoder.SESSION_OFFSET, SESSION);
        packet.putLong(MoldUdp64Decoder.SEQUENCE_OFFSET, sequence, ByteOrder.BIG_ENDIAN);
        packet.putShort(MoldUdp64Decoder.COUNT_OFFSET, (short)count, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < count; i++)
        {
            packet.putShort(MoldUdp64Decoder.HEADER_LENGTH + 3 * i, (short)1, ByteOrder.BIG_ENDIAN);
            packet.putByte(MoldUdp64Decoder.HEADER_LENGTH + 3 * i + 2, (byte)'S');
        }
        if (!filler.hold(packet, 0, packet.capacity(), 1, nowNs))
        {
            decoder.onUdpPayload(packet, 0, packet.capacity(), 1);
        }
    }

    /** @return the next Request Packet the server received, as "first+count". */
    private String nextRequest() throws Exception
    {
        final ByteBuffer request = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        assertNotNull(server.receive(request));
        request.flip();
        assertEquals(MoldUdp64Decoder.HEADER_LENGTH, request.remaining());
        final byte[] session = new byte[SESSION.length];
        request.get(session);
        assertArrayEquals(SESSION, session);
        return request.getLong() + "+" + (request.getShort() & 0xFFFF);
    }
}
