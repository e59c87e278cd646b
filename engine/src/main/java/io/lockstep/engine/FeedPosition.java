package io.lockstep.engine;

import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.control.FeedPositionDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The MoldUDP64 feed's position along an input journal, from the records themselves: ingress journals a
 * FeedPosition (session, sequence of the message after it) whenever a message does not follow the one journaled
 * before it, and each ITCH message journaled after it moves it on by one. Position 0 means unknown (messages without
 * sequence numbers). Only the feed's own records count: a FeedPosition sent on the control stream would be
 * journaled, but is no position of the feed. A restarted engine resumes its feed where this leaves it; {@code
 * lockstep journal stats} reports every place the feed did not follow on.
 */
public final class FeedPosition
{
    /** Told of each journaled FeedPosition, with the position the journal had reached before it. */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param record          the FeedPosition record.
         * @param previousSession the session before it (meaningful when {@code expected} is not 0).
         * @param expected        the sequence the next message would have had, 0 when unknown (none before it).
         * @param session         the session the next message is of.
         * @param next            that message's sequence, 0 when unknown.
         */
        void onPosition(
            JournalRecord record, DirectBuffer previousSession, long expected, DirectBuffer session, long next);
    }

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final FeedPositionDecoder position = new FeedPositionDecoder();
    private final UnsafeBuffer session = new UnsafeBuffer(new byte[FeedPositionDecoder.sessionLength()]);
    private final UnsafeBuffer previousSession = new UnsafeBuffer(new byte[FeedPositionDecoder.sessionLength()]);
    private final Listener listener;
    private long nextSequence;

    /**
     * @param listener told of each FeedPosition, or null.
     */
    public FeedPosition(final Listener listener)
    {
        this.listener = listener;
    }

    /** Take the next record of the input journal, in sequence order. */
    public void onRecord(final JournalRecord record)
    {
        if (record.sourceId() != EngineSources.MARKET_DATA)
        {
            return;
        }
        if (record.protocol() == ProtocolTag.ITCH50)
        {
            nextSequence += nextSequence == 0 ? 0 : 1;
            return;
        }
        final DirectBuffer buffer = record.buffer();
        final int offset = record.payloadOffset();
        if (record.protocol() != ProtocolTag.SBE_CONTROL ||
            record.payloadLength() < MessageHeaderDecoder.ENCODED_LENGTH + FeedPositionDecoder.BLOCK_LENGTH)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() == FeedPositionDecoder.SCHEMA_ID &&
            header.templateId() == FeedPositionDecoder.TEMPLATE_ID &&
            header.blockLength() >= FeedPositionDecoder.BLOCK_LENGTH)
        {
            position.wrapAndApplyHeader(buffer, offset, header);
            previousSession.putBytes(0, session, 0, session.capacity());
            final long expected = nextSequence;
            position.getSession(session.byteArray(), 0);
            nextSequence = position.nextSequence();
            if (listener != null)
            {
                listener.onPosition(record, previousSession, expected, session, nextSequence);
            }
        }
    }

    /** @return the session of the feed's last journaled message; valid when {@link #nextSequence()} is not 0. */
    public DirectBuffer session()
    {
        return session;
    }

    /** @return the MoldUDP64 sequence of the feed's next message after the records read, 0 when unknown. */
    public long nextSequence()
    {
        return nextSequence;
    }
}
