package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.feed.itch.ItchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class MoldUdp64DecoderTest
{
    private static final String SESSION = "000010059B";
    private static final byte[] M1 = hex("53 0000 0001 1f1acedb02f0 51");
    private static final byte[] M2 = hex("53 0000 0002 1f1acedb02f0 51");
    private static final byte[] M3 = hex("53 0000 0003 1f1acedb02f0 51");
    private static final byte[] M4 = hex("53 0000 0004 1f1acedb02f0 51");

    private final List<String> events = new ArrayList<>();
    private final MoldUdp64Decoder decoder = new MoldUdp64Decoder(new MoldUdp64Handler()
    {
        public void onMessage(
            final DirectBuffer buffer, final int offset, final int length, final long sequence, final long timestampNs)
        {
            if (length < ItchMessage.BODY_OFFSET)
            {
                events.add("msg " + sequence + " length=" + length);
                return;
            }
            // Tracking number of the test messages identifies them.
            events.add("msg " + sequence + " tracking=" + buffer.getShort(offset + 3, ByteOrder.BIG_ENDIAN) +
                " ts=" + timestampNs);
        }

        public void onGap(
            final DirectBuffer session,
            final int sessionOffset,
            final long expectedSequence,
            final long receivedSequence)
        {
            events.add("gap " + session.getStringWithoutLengthAscii(sessionOffset, 10) +
                " expected=" + expectedSequence + " received=" + receivedSequence);
        }

        public void onEndOfSession(final DirectBuffer session, final int sessionOffset, final long nextSequence)
        {
            events.add("end " + session.getStringWithoutLengthAscii(sessionOffset, 10) + " next=" + nextSequence);
        }
    });

    @Test
    void contiguousPacketsHaveNoGap()
    {
        // Sequence 1 carries messages 1 and 2, so 3 is the next one: no gap.
        assertEquals(MoldUdp64Decoder.OK, decode(moldPacket(SESSION, 1, M1, M2), 100));
        assertEquals(MoldUdp64Decoder.OK, decode(moldPacket(SESSION, 3, M3), 200));

        assertEquals(List.of("msg 1 tracking=1 ts=100", "msg 2 tracking=2 ts=100", "msg 3 tracking=3 ts=200"), events);
        assertEquals(0, decoder.gaps());
        assertEquals(4, decoder.expectedSequence(new UnsafeBuffer(moldPacket(SESSION, 0, 0)), 0));
    }

    @Test
    void gapOfOneMissingMessageIsReportedThenThePacketDelivered()
    {
        decode(moldPacket(SESSION, 1, M1, M2), 100);          // 1, 2
        assertEquals(MoldUdp64Decoder.OK, decode(moldPacket(SESSION, 4, M4), 200)); // 3 is missing

        assertEquals(List.of(
            "msg 1 tracking=1 ts=100",
            "msg 2 tracking=2 ts=100",
            "gap 000010059B expected=3 received=4",
            "msg 4 tracking=4 ts=200"), events);
        assertEquals(1, decoder.gaps());
        assertEquals(1, decoder.missingMessages());
        assertEquals(3, decoder.lastGapExpected());
        assertEquals(4, decoder.lastGapReceived());
        assertEquals(3, decoder.messages());
    }

    @Test
    void duplicatePacketIsCountedAndSkipped()
    {
        decode(moldPacket(SESSION, 1, M1, M2), 100);
        assertEquals(MoldUdp64Decoder.DUPLICATE, decode(moldPacket(SESSION, 1, M1, M2), 101));

        assertEquals(2, events.size());
        assertEquals(1, decoder.duplicatePackets());
        assertEquals(2, decoder.duplicateMessages());
        assertEquals(0, decoder.gaps());
        assertEquals(3, decoder.expectedSequence(new UnsafeBuffer(moldPacket(SESSION, 0, 0)), 0));
    }

    @Test
    void outOfOrderPacketAfterAGapIsCountedAsOldAndSkipped()
    {
        decode(moldPacket(SESSION, 1, M1), 1);
        decode(moldPacket(SESSION, 3, M3), 3);   // gap: 2 missing
        assertEquals(MoldUdp64Decoder.DUPLICATE, decode(moldPacket(SESSION, 2, M2), 2)); // late: behind expected 4

        assertEquals(
            List.of("msg 1 tracking=1 ts=1", "gap 000010059B expected=2 received=3", "msg 3 tracking=3 ts=3"), events);
        assertEquals(1, decoder.gaps());
        assertEquals(1, decoder.missingMessages());
        assertEquals(1, decoder.duplicatePackets());
        assertEquals(1, decoder.duplicateMessages());
    }

    @Test
    void packetStraddlingTheExpectedSequenceDeliversOnlyTheNewMessages()
    {
        decode(moldPacket(SESSION, 1, M1, M2), 1);
        assertEquals(MoldUdp64Decoder.OK, decode(moldPacket(SESSION, 2, M2, M3, M4), 2)); // 2 seen, 3 and 4 new

        assertEquals(List.of("msg 1 tracking=1 ts=1", "msg 2 tracking=2 ts=1", "msg 3 tracking=3 ts=2",
            "msg 4 tracking=4 ts=2"), events);
        assertEquals(1, decoder.duplicateMessages());
        assertEquals(0, decoder.duplicatePackets());
    }

    @Test
    void heartbeatsCarryTheNextSequenceAndRevealGaps()
    {
        decode(moldPacket(SESSION, 1, M1), 1);
        assertEquals(MoldUdp64Decoder.HEARTBEAT, decode(moldPacket(SESSION, 2, 0), 2)); // up to date
        assertEquals(0, decoder.gaps());
        assertEquals(MoldUdp64Decoder.HEARTBEAT, decode(moldPacket(SESSION, 5, 0), 3)); // 2, 3, 4 were lost
        assertEquals(1, decoder.gaps());
        assertEquals(3, decoder.missingMessages());
        assertEquals(2, decoder.heartbeats());
        assertEquals(MoldUdp64Decoder.OK, decode(moldPacket(SESSION, 5, M1), 4)); // resumes without a second gap
        assertEquals(1, decoder.gaps());
    }

    @Test
    void endOfSessionIsReported()
    {
        decode(moldPacket(SESSION, 1, M1, M2), 1);
        assertEquals(MoldUdp64Decoder.END_OF_SESSION,
            decode(moldPacket(SESSION, 3, MoldUdp64Decoder.END_OF_SESSION_COUNT), 2));

        assertEquals("end 000010059B next=3", events.get(events.size() - 1));
        assertEquals(1, decoder.endOfSessions());
        assertEquals(0, decoder.gaps());
    }

    @Test
    void sessionsAreTrackedSeparately()
    {
        decode(moldPacket("SESSION_A_", 1, M1), 1);
        decode(moldPacket("SESSION_B_", 100, M1), 1);  // first packet of B sets its baseline: no gap
        decode(moldPacket("SESSION_A_", 2, M2), 2);
        decode(moldPacket("SESSION_B_", 101, M2), 2);
        assertEquals(0, decoder.gaps());
        assertEquals(4, decoder.messages());
    }

    @Test
    void sequenceZeroPacketsAreDeliveredUntracked()
    {
        // The anonymised OMI captures zero session and sequence in every packet.
        final String zeros = "\0\0\0\0\0\0\0\0\0\0";
        decode(moldPacket(zeros, 0, M1), 1);
        decode(moldPacket(zeros, 0, M2), 2);
        decode(moldPacket(zeros, 0, M3), 3);

        assertEquals(List.of("msg 0 tracking=1 ts=1", "msg 0 tracking=2 ts=2", "msg 0 tracking=3 ts=3"), events);
        assertEquals(3, decoder.unsequencedPackets());
        assertEquals(0, decoder.gaps());
        assertEquals(0, decoder.duplicatePackets());
    }

    @Test
    void malformedPacketsAreRejectedWholeAndTheLossShowsAsAGap()
    {
        decode(moldPacket(SESSION, 1, M1), 1);

        // Count says 3 but only 2 blocks are there.
        assertEquals(MoldUdp64Decoder.MESSAGE_BEYOND_PACKET, decode(moldPacket(SESSION, 2, 3, M2, M3), 2));
        // A block length beyond the packet.
        final byte[] longBlock = moldPacket(SESSION, 2, M2);
        longBlock[MoldUdp64Decoder.HEADER_LENGTH + 1] = 100;
        assertEquals(MoldUdp64Decoder.MESSAGE_BEYOND_PACKET, decode(longBlock, 2));
        // Bytes after the counted blocks.
        assertEquals(MoldUdp64Decoder.TRAILING_BYTES, decode(moldPacket(SESSION, 2, 1, M2, M3), 2));
        // Shorter than the header.
        assertEquals(MoldUdp64Decoder.TOO_SHORT, decode(hex("3030303031303035394200000000"), 2));
        // A heartbeat with a body.
        final byte[] heartbeatWithBody = moldPacket(SESSION, 2, 0, M2);
        assertEquals(MoldUdp64Decoder.TRAILING_BYTES, decode(heartbeatWithBody, 2));
        // Offset and length outside the buffer.
        assertEquals(MoldUdp64Decoder.OUT_OF_BOUNDS, decoder.decode(new UnsafeBuffer(new byte[30]), 20, 30, 2));

        assertEquals(1, events.size(), "nothing of the bad packets was delivered");
        assertEquals(2, decoder.statusCount(MoldUdp64Decoder.MESSAGE_BEYOND_PACKET));
        assertEquals(2, decoder.statusCount(MoldUdp64Decoder.TRAILING_BYTES));
        assertEquals(1, decoder.statusCount(MoldUdp64Decoder.TOO_SHORT));
        assertEquals(1, decoder.statusCount(MoldUdp64Decoder.OUT_OF_BOUNDS));
        assertEquals(6, decoder.rejects());

        // The next good packet continues; the rejected messages 2 and 3 show as a gap.
        assertEquals(MoldUdp64Decoder.OK, decode(moldPacket(SESSION, 4, M4), 3));
        assertEquals("gap 000010059B expected=2 received=4", events.get(1));
        assertEquals(2, decoder.missingMessages());
        assertEquals(8, decoder.packets());
    }

    @Test
    void zeroLengthMessageBlockIsDeliveredForTheItchDecoderToReject()
    {
        assertEquals(MoldUdp64Decoder.OK, decode(moldPacket(SESSION, 1, new byte[0], M2), 1));
        assertEquals(List.of("msg 1 length=0", "msg 2 tracking=2 ts=1"), events);
    }

    private int decode(final byte[] packet, final long timestampNs)
    {
        // At an offset inside a larger buffer, as a pcap reader would pass it.
        final byte[] padded = new byte[packet.length + 7];
        System.arraycopy(packet, 0, padded, 5, packet.length);
        return decoder.decode(new UnsafeBuffer(padded), 5, packet.length, timestampNs);
    }
}
