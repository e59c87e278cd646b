package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;

/**
 * Receives the messages and sequence events of a {@link MoldUdp64Decoder}. Buffers are valid only during the
 * call. Only {@link #onMessage} is required.
 */
@FunctionalInterface
public interface MoldUdp64Handler
{
    /**
     * One message block of a packet, in sequence order.
     *
     * @param buffer      holding the message.
     * @param offset      of the message (after its 2-byte length).
     * @param length      of the message as framed.
     * @param sequence    MoldUDP64 sequence number of this message; 0 for a packet sent with sequence 0
     *                    (anonymised captures), whose messages carry no sequence.
     * @param timestampNs receive or capture time of the packet, as given to the decoder.
     */
    void onMessage(DirectBuffer buffer, int offset, int length, long sequence, long timestampNs);

    /**
     * Messages were lost: the packet's sequence is beyond the next one expected. Called before the packet's
     * own messages are delivered; the missing ones are [expectedSequence, receivedSequence).
     *
     * @param session       buffer holding the 10-byte session.
     * @param sessionOffset of the session in {@code session}.
     */
    default void onGap(
        final DirectBuffer session, final int sessionOffset, final long expectedSequence, final long receivedSequence)
    {
    }

    /**
     * An End of Session packet (message count 0xFFFF).
     *
     * @param nextSequence the sequence number following the last message of the session.
     */
    default void onEndOfSession(final DirectBuffer session, final int sessionOffset, final long nextSequence)
    {
    }
}
