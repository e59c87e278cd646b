package io.lockstep.feed.net;

import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.itch.UdpPayloadHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fills MoldUDP64 sequence gaps from a re-request server before the decoder sees them. A packet of a session whose
 * first sequence is beyond the next one the decoder expects is held, with every later packet of that session, and
 * a Request Packet (session, first missing sequence, count) goes to the re-request server from the feed's own
 * socket, so the answer, a downstream packet unicast back, arrives where the feed does. Retransmitted packets are
 * in sequence and go straight on; held packets follow, in sequence order, as soon as they are in sequence. The
 * decoder, and so the books and the journal, see the messages in order and none missing.
 * <p>
 * A server answers a request with one downstream packet, as many of the messages asked for as fit, so an answer
 * often brings only part of a large gap: the rest is asked for as soon as the answer has been quiet for
 * {@link #QUIET_DIVISOR a hundredth} of the timeout (at once, when everything asked for came). A request that brought
 * nothing is sent again after the whole timeout; after {@link #ATTEMPTS} requests that brought nothing that gap is
 * given up: the packet after it goes on and
 * the decoder counts the gap as it does without a re-request server, and the next gap is asked for again. When the
 * hold is full, and at shutdown, everything held goes on. One session is filled at a time; other sessions'
 * packets are not held, and their gaps meanwhile are only counted.
 * Single-threaded (the ingress thread); allocation-free.
 */
public final class MoldUdp64GapFiller
{
    /** Requests sent for one gap without any of it arriving, before it is given up. */
    public static final int ATTEMPTS = 3;
    /**
     * A partial answer's rest is asked for once no message more came for the timeout divided by this: long enough
     * for the rest of an answer a server sends as several packets, which arrive back to back.
     */
    public static final int QUIET_DIVISOR = 100;
    /** Bytes of held packets: about 6,000 full-size Ethernet datagrams. */
    public static final int HOLD_BYTES = 8 * 1024 * 1024;
    public static final int HOLD_PACKETS = 8_192;
    private static final int MAX_DATAGRAM = 65_536;
    private static final int REQUEST_LENGTH = MoldUdp64Decoder.HEADER_LENGTH;
    private static final int MAX_REQUEST_COUNT = 0xFFFE;
    private static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;

    private final MoldUdp64Decoder decoder;
    private final UdpReceiver socket;
    private final InetSocketAddress server;
    private final long timeoutNs;
    private final long quietNs;
    private final UnsafeBuffer held = new UnsafeBuffer(ByteBuffer.allocateDirect(HOLD_BYTES));
    private final long[] heldSequence = new long[HOLD_PACKETS];
    private final long[] heldTimestampNs = new long[HOLD_PACKETS];
    private final int[] heldOffset = new int[HOLD_PACKETS];
    private final int[] heldLength = new int[HOLD_PACKETS];
    private final UnsafeBuffer session = new UnsafeBuffer(new byte[MoldUdp64Decoder.SESSION_LENGTH]);
    private final UnsafeBuffer request = new UnsafeBuffer(ByteBuffer.allocateDirect(REQUEST_LENGTH));
    private int head;
    private int count;
    private int heldBytes;
    private long requestedFrom;
    private long requestedTo;
    private long requestSentNs;
    private int attempts;
    /** The decoder's expected sequence when last seen, and when it last moved on: how quiet an answer is. */
    private long seenExpected;
    private long progressNs;
    /** The gap before the next held packet is given up: that packet goes on regardless, once. */
    private boolean skipGap;
    /** Everything held goes on regardless, until the hold is empty (a full hold, or shutdown). */
    private boolean draining;
    /** A request is out for the gap before the next held packet. */
    private boolean awaitingAnswer;
    private long requestsSent;
    private long gapsFilled;

    /**
     * @param decoder   the decoder held packets go on to: its expected sequence says what is missing.
     * @param socket    the feed's receiver, which sends the requests so the answers come back to it.
     * @param server    the re-request server.
     * @param timeoutNs how long to wait for an answer before asking again.
     */
    public MoldUdp64GapFiller(
        final MoldUdp64Decoder decoder, final UdpReceiver socket, final InetSocketAddress server, final long timeoutNs)
    {
        this.decoder = decoder;
        this.socket = socket;
        this.server = server;
        this.timeoutNs = timeoutNs;
        this.quietNs = timeoutNs / QUIET_DIVISOR;
    }

    /**
     * @return true when the packet is held: it is of the session being filled, or opens a gap in a session. False
     * when it should go on now (in sequence, a retransmission, another session, or too short to tell).
     */
    public boolean hold(
        final DirectBuffer buffer, final int offset, final int length, final long timestampNs, final long nowNs)
    {
        if (length < MoldUdp64Decoder.HEADER_LENGTH || length > MAX_DATAGRAM)
        {
            return false;
        }
        final long sequence = buffer.getLong(offset + MoldUdp64Decoder.SEQUENCE_OFFSET, ORDER);
        if (holding())
        {
            if (!sameSession(buffer, offset) || sequence <= expected())
            {
                return false;
            }
            store(buffer, offset, length, sequence, timestampNs);
            return true;
        }
        final long expected = decoder.expectedSequence(buffer, offset + MoldUdp64Decoder.SESSION_OFFSET);
        if (expected == 0 || sequence <= expected)
        {
            return false;
        }
        session.putBytes(0, buffer, offset + MoldUdp64Decoder.SESSION_OFFSET, MoldUdp64Decoder.SESSION_LENGTH);
        store(buffer, offset, length, sequence, timestampNs);
        attempts = 0;
        request(nowNs);
        return true;
    }

    /**
     * Hand the next held packet on when it is in sequence (or its gap is given up); ask again, or give the gap up,
     * when an answer is overdue.
     *
     * @return true when a packet went on.
     */
    public boolean releaseOne(final UdpPayloadHandler handler, final long nowNs)
    {
        if (!holding())
        {
            return false;
        }
        final long expected = expected();
        if (expected != seenExpected)
        {
            seenExpected = expected;
            progressNs = nowNs;
        }
        if (heldSequence[head] > expected && !draining && !skipGap)
        {
            if (expected == 0)
            {
                skipGap = true; // the decoder no longer tracks the session: there is nothing to ask from
            }
            else if (requestedTo <= expected)
            {
                // What was asked for came, and more is missing before this packet: another gap, asked for at once.
                attempts = 0;
                request(nowNs);
                return false;
            }
            else if (expected > requestedFrom)
            {
                if (nowNs - progressNs < quietNs)
                {
                    return false;
                }
                // Part of it came, then nothing more: the answer was one packet, and the rest is asked for now.
                attempts = 0;
                request(nowNs);
                return false;
            }
            else if (nowNs - requestSentNs >= timeoutNs)
            {
                if (attempts < ATTEMPTS)
                {
                    request(nowNs);
                    return false;
                }
                skipGap = true;
            }
            else
            {
                return false;
            }
        }
        if (awaitingAnswer)
        {
            gapsFilled += heldSequence[head] > expected ? 0 : 1;
            awaitingAnswer = false;
        }
        if (skipGap)
        {
            // This gap is over: the next one starts its requests afresh.
            skipGap = false;
            requestedTo = 0;
            attempts = 0;
        }
        final int index = head++;
        if (head == count)
        {
            head = 0;
            count = 0;
            heldBytes = 0;
            requestedTo = 0;
            draining = false;
        }
        handler.onUdpPayload(held, heldOffset[index], heldLength[index], heldTimestampNs[index]);
        return true;
    }

    /** Stop waiting: what is held goes on, lowest sequence first, gaps and all (at shutdown). */
    public void giveUp()
    {
        draining = holding();
    }

    /** @return true while packets are held. */
    public boolean holding()
    {
        return head < count;
    }

    /**
     * @return true when one more packet of any size can be held. When not, everything held goes on, its gaps given
     * up, until the hold is empty and its space can be used again; receive nothing more until then, or packets
     * would overtake the held ones.
     */
    public boolean makeRoom()
    {
        if (count < HOLD_PACKETS && heldBytes + MAX_DATAGRAM <= HOLD_BYTES)
        {
            return true;
        }
        draining = true;
        return false;
    }

    /** @return Request Packets sent, repeats included. */
    public long requestsSent()
    {
        return requestsSent;
    }

    /** @return gaps closed by the messages missing from them arriving (answers, or late packets of the feed). */
    public long gapsFilled()
    {
        return gapsFilled;
    }

    private long expected()
    {
        return decoder.expectedSequence(session, 0);
    }

    private boolean sameSession(final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < MoldUdp64Decoder.SESSION_LENGTH; i++)
        {
            if (buffer.getByte(offset + MoldUdp64Decoder.SESSION_OFFSET + i) != session.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Keep a packet in sequence order: packets of a session mostly arrive in order, so this mostly appends. */
    private void store(
        final DirectBuffer buffer, final int offset, final int length, final long sequence, final long timestampNs)
    {
        held.putBytes(heldBytes, buffer, offset, length);
        int at = count;
        while (at > head && heldSequence[at - 1] > sequence)
        {
            heldSequence[at] = heldSequence[at - 1];
            heldTimestampNs[at] = heldTimestampNs[at - 1];
            heldOffset[at] = heldOffset[at - 1];
            heldLength[at] = heldLength[at - 1];
            at--;
        }
        heldSequence[at] = sequence;
        heldTimestampNs[at] = timestampNs;
        heldOffset[at] = heldBytes;
        heldLength[at] = length;
        heldBytes += length;
        count++;
    }

    /** Ask for the messages from the next expected one up to the first held packet (at most 65,534 at a time). */
    private void request(final long nowNs)
    {
        requestedFrom = expected();
        requestedTo = Math.min(heldSequence[head], requestedFrom + MAX_REQUEST_COUNT);
        request.putBytes(MoldUdp64Decoder.SESSION_OFFSET, session, 0, MoldUdp64Decoder.SESSION_LENGTH);
        request.putLong(MoldUdp64Decoder.SEQUENCE_OFFSET, requestedFrom, ORDER);
        request.putShort(MoldUdp64Decoder.COUNT_OFFSET, (short)(requestedTo - requestedFrom), ORDER);
        requestSentNs = nowNs;
        seenExpected = requestedFrom;
        progressNs = nowNs;
        attempts++;
        awaitingAnswer = true;
        if (socket.send(request, 0, REQUEST_LENGTH, server))
        {
            requestsSent++;
        }
    }
}
