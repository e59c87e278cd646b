package io.lockstep.engine;

import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;

/** Appends decision records and digest checkpoints to the decision journal, next to the input journal. */
public final class JournalDecisionSink implements DecisionRecorder.Sink
{
    private final JournalWriter journal;

    public JournalDecisionSink(final JournalWriter journal)
    {
        this.journal = journal;
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        try
        {
            journal.append(journal.nextSequence(), receiveTimeNs, 0, ProtocolTag.SBE_DECISION, buffer, offset, length);
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw new JournalFailure("decision", ex);
        }
    }
}
