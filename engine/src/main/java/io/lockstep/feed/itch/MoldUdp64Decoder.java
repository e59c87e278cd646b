package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Decodes MoldUDP64 downstream packets and hands each message block to a {@link MoldUdp64Handler}, tracking
 * the next expected sequence number per session. Single-threaded; allocation-free.
 * <pre>
 *   packet:  session (10 bytes, ASCII) | sequence of the first message (uint64) | message count (uint16) |
 *            count x [message length (uint16) | message]          all big-endian
 * </pre>
 * Rules, per session (up to {@link #MAX_SESSIONS} at once; beyond that the oldest slot is reused and counted):
 * <ul>
 * <li>The first packet (or heartbeat) seen for a session sets its baseline; it never reports a gap.</li>
 * <li>Sequence beyond the next expected: a gap. Counted (gaps, and missing messages = received - expected),
 * reported through {@link MoldUdp64Handler#onGap} before the packet's own messages, which are then delivered.
 * Nothing is recovered here: re-requesting is the caller's business.</li>
 * <li>Sequence before the next expected (a duplicate, a retransmission, or a late out-of-order packet): the
 * messages already passed are skipped and counted as duplicate messages; a packet with nothing new is
 * {@link #DUPLICATE}. One that straddles the expected sequence has its new messages delivered.</li>
 * <li>Heartbeat (count 0) and End of Session (count 0xFFFF) carry the next expected sequence: a higher one is
 * a gap, as above. End of Session is also reported through {@link MoldUdp64Handler#onEndOfSession}.</li>
 * <li>Sequence 0 is not a MoldUDP64 sequence (they start at 1). Anonymised captures zero it in every packet,
 * so such a packet is delivered without sequence tracking, its messages with sequence 0, and counted as
 * unsequenced.</li>
 * <li>A malformed packet is rejected whole, before anything is delivered and without touching the sequence
 * state, so the loss shows up as a gap at the next good packet: {@link #TOO_SHORT} (no full header),
 * {@link #MESSAGE_BEYOND_PACKET} (a length prefix or message runs past the end: count or lengths wrong),
 * {@link #TRAILING_BYTES} (bytes left after the counted messages, including after a heartbeat),
 * {@link #OUT_OF_BOUNDS} (offset or length outside the buffer).</li>
 * </ul>
 */
public final class MoldUdp64Decoder implements UdpPayloadHandler
{
    public static final int SESSION_OFFSET = 0;
    public static final int SESSION_LENGTH = 10;
    public static final int SEQUENCE_OFFSET = 10;
    public static final int COUNT_OFFSET = 18;
    public static final int HEADER_LENGTH = 20;
    public static final int LENGTH_FIELD_LENGTH = 2;
    public static final int HEARTBEAT_COUNT = 0;
    public static final int END_OF_SESSION_COUNT = 0xFFFF;
    public static final int MAX_SESSIONS = 8;

    /** Messages delivered (possibly after skipping duplicates, possibly after a gap). */
    public static final int OK = 0;
    public static final int HEARTBEAT = 1;
    public static final int END_OF_SESSION = 2;
    /** Every message in the packet had been delivered before: all skipped. */
    public static final int DUPLICATE = 3;
    public static final int TOO_SHORT = 4;
    public static final int MESSAGE_BEYOND_PACKET = 5;
    public static final int TRAILING_BYTES = 6;
    public static final int OUT_OF_BOUNDS = 7;
    public static final int STATUS_COUNT = 8;

    private static final ByteOrder BYTE_ORDER = ByteOrder.BIG_ENDIAN;
    private static final long UNKNOWN = 0;
    private static final String[] STATUS_NAMES =
    {
        "OK", "HEARTBEAT", "END_OF_SESSION", "DUPLICATE", "TOO_SHORT", "MESSAGE_BEYOND_PACKET", "TRAILING_BYTES",
        "OUT_OF_BOUNDS"
    };

    private final MoldUdp64Handler handler;
    private final long[] sessionHigh = new long[MAX_SESSIONS];
    private final short[] sessionLow = new short[MAX_SESSIONS];
    private final long[] expectedSequence = new long[MAX_SESSIONS];
    private final long[] statusCounts = new long[STATUS_COUNT];
    private int sessionCount;
    private int nextEviction;

    private long packets;
    private long messages;
    private long gaps;
    private long missingMessages;
    private long duplicateMessages;
    private long unsequencedPackets;
    private long sessionEvictions;
    private long lastGapExpected;
    private long lastGapReceived;

    public MoldUdp64Decoder(final MoldUdp64Handler handler)
    {
        this.handler = handler;
    }

    /**
     * {@link UdpPayloadHandler} entry point: decode, leaving the outcome in the counters.
     */
    public void onUdpPayload(final DirectBuffer buffer, final int offset, final int length, final long timestampNs)
    {
        decode(buffer, offset, length, timestampNs);
    }

    /**
     * Decode one packet (a whole UDP payload).
     *
     * @param timestampNs receive or capture time, passed on with every message.
     * @return a status: {@link #OK}, {@link #HEARTBEAT}, {@link #END_OF_SESSION}, {@link #DUPLICATE}, or a
     * reject reason.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final long timestampNs)
    {
        packets++;
        if (offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            return status(OUT_OF_BOUNDS);
        }
        if (length < HEADER_LENGTH)
        {
            return status(TOO_SHORT);
        }

        final long sequence = buffer.getLong(offset + SEQUENCE_OFFSET, BYTE_ORDER);
        final int count = buffer.getShort(offset + COUNT_OFFSET, BYTE_ORDER) & 0xFFFF;

        if (count == HEARTBEAT_COUNT || count == END_OF_SESSION_COUNT)
        {
            if (length != HEADER_LENGTH)
            {
                return status(TRAILING_BYTES);
            }
            if (sequence != 0)
            {
                final int slot = slot(buffer, offset);
                final long expected = expectedSequence[slot];
                if (expected != UNKNOWN && sequence > expected)
                {
                    gap(buffer, offset, expected, sequence);
                }
                if (expected == UNKNOWN || sequence > expected)
                {
                    expectedSequence[slot] = sequence;
                }
            }
            if (count == HEARTBEAT_COUNT)
            {
                return status(HEARTBEAT);
            }
            handler.onEndOfSession(buffer, offset + SESSION_OFFSET, sequence);
            return status(END_OF_SESSION);
        }

        // Check every block before delivering any, so a malformed packet is rejected whole.
        final int end = offset + length;
        int position = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            if (end - position < LENGTH_FIELD_LENGTH)
            {
                return status(MESSAGE_BEYOND_PACKET);
            }
            final int messageLength = buffer.getShort(position, BYTE_ORDER) & 0xFFFF;
            if (end - position - LENGTH_FIELD_LENGTH < messageLength)
            {
                return status(MESSAGE_BEYOND_PACKET);
            }
            position += LENGTH_FIELD_LENGTH + messageLength;
        }
        if (position != end)
        {
            return status(TRAILING_BYTES);
        }

        int skip = 0;
        if (sequence == 0)
        {
            unsequencedPackets++;
        }
        else
        {
            final int slot = slot(buffer, offset);
            final long expected = expectedSequence[slot];
            if (expected != UNKNOWN && sequence > expected)
            {
                gap(buffer, offset, expected, sequence);
            }
            else if (expected != UNKNOWN && sequence < expected)
            {
                final long alreadySeen = Math.min(count, expected - sequence);
                duplicateMessages += alreadySeen;
                if (alreadySeen == count)
                {
                    return status(DUPLICATE);
                }
                skip = (int)alreadySeen;
            }
            expectedSequence[slot] = sequence + count;
        }

        position = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int messageLength = buffer.getShort(position, BYTE_ORDER) & 0xFFFF;
            if (i >= skip)
            {
                messages++;
                final long messageSequence = sequence == 0 ? 0 : sequence + i;
                handler.onMessage(buffer, position + LENGTH_FIELD_LENGTH, messageLength, messageSequence, timestampNs);
            }
            position += LENGTH_FIELD_LENGTH + messageLength;
        }
        return status(OK);
    }

    /**
     * Carry on a session from where an earlier receiver left it (a restarted engine, from its journal): its next
     * packet then shows what was sent meanwhile as a gap, instead of setting a new baseline.
     *
     * @param session       buffer holding the 10-byte session.
     * @param sessionOffset of the session in {@code session}.
     */
    public void resume(final DirectBuffer session, final int sessionOffset, final long nextSequence)
    {
        expectedSequence[slot(session, sessionOffset - SESSION_OFFSET)] = nextSequence;
    }

    /**
     * @return the next sequence expected for the session, or 0 if the session has not been seen.
     */
    public long expectedSequence(final DirectBuffer session, final int sessionOffset)
    {
        final int slot = find(session, sessionOffset);
        return slot < 0 ? UNKNOWN : expectedSequence[slot];
    }

    /**
     * @return packets (UDP payloads) seen, whatever their status.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * @return messages handed to the handler.
     */
    public long messages()
    {
        return messages;
    }

    public long gaps()
    {
        return gaps;
    }

    /**
     * @return messages lost across all gaps.
     */
    public long missingMessages()
    {
        return missingMessages;
    }

    public long lastGapExpected()
    {
        return lastGapExpected;
    }

    public long lastGapReceived()
    {
        return lastGapReceived;
    }

    /**
     * @return packets whose messages had all been seen.
     */
    public long duplicatePackets()
    {
        return statusCounts[DUPLICATE];
    }

    /**
     * @return messages skipped because already seen, in whole or straddling duplicate packets.
     */
    public long duplicateMessages()
    {
        return duplicateMessages;
    }

    public long heartbeats()
    {
        return statusCounts[HEARTBEAT];
    }

    public long endOfSessions()
    {
        return statusCounts[END_OF_SESSION];
    }

    public long unsequencedPackets()
    {
        return unsequencedPackets;
    }

    public long sessionEvictions()
    {
        return sessionEvictions;
    }

    /**
     * @return how many packets ended with this status (OK, HEARTBEAT, ..., or a reject reason).
     */
    public long statusCount(final int status)
    {
        return status >= 0 && status < STATUS_COUNT ? statusCounts[status] : 0;
    }

    /**
     * @return malformed packets rejected, all reasons.
     */
    public long rejects()
    {
        return statusCounts[TOO_SHORT] + statusCounts[MESSAGE_BEYOND_PACKET] + statusCounts[TRAILING_BYTES] +
            statusCounts[OUT_OF_BOUNDS];
    }

    public static String statusName(final int status)
    {
        return status >= 0 && status < STATUS_COUNT ? STATUS_NAMES[status] : "UNKNOWN(" + status + ")";
    }

    private void gap(final DirectBuffer buffer, final int offset, final long expected, final long received)
    {
        gaps++;
        missingMessages += received - expected;
        lastGapExpected = expected;
        lastGapReceived = received;
        handler.onGap(buffer, offset + SESSION_OFFSET, expected, received);
    }

    private int status(final int status)
    {
        statusCounts[status]++;
        return status;
    }

    private int find(final DirectBuffer buffer, final int sessionOffset)
    {
        final long high = buffer.getLong(sessionOffset, BYTE_ORDER);
        final short low = buffer.getShort(sessionOffset + 8, BYTE_ORDER);
        for (int i = 0; i < sessionCount; i++)
        {
            if (sessionHigh[i] == high && sessionLow[i] == low)
            {
                return i;
            }
        }
        return -1;
    }

    private int slot(final DirectBuffer buffer, final int packetOffset)
    {
        final int sessionOffset = packetOffset + SESSION_OFFSET;
        final int found = find(buffer, sessionOffset);
        if (found >= 0)
        {
            return found;
        }

        final int slot;
        if (sessionCount < MAX_SESSIONS)
        {
            slot = sessionCount++;
        }
        else
        {
            // More live sessions than slots is not expected (one session per day per feed): reuse the oldest.
            slot = nextEviction;
            nextEviction = (nextEviction + 1) % MAX_SESSIONS;
            sessionEvictions++;
        }
        sessionHigh[slot] = buffer.getLong(sessionOffset, BYTE_ORDER);
        sessionLow[slot] = buffer.getShort(sessionOffset + 8, BYTE_ORDER);
        expectedSequence[slot] = UNKNOWN;
        return slot;
    }
}
