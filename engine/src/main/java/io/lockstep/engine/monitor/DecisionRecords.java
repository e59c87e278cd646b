package io.lockstep.engine.monitor;

import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.MessageHeaderDecoder;

/** Reading a decision journal's records: decision records, and the digest checkpoints between them. */
final class DecisionRecords
{
    private DecisionRecords()
    {
    }

    /**
     * Wrap a decision journal's record as a decision record, if it is one.
     *
     * @return false for a digest checkpoint.
     * @throws IllegalStateException on a record of another schema: a decision journal holds nothing else.
     */
    static boolean wrap(
        final JournalRecord record, final MessageHeaderDecoder header, final DecisionRecordDecoder decision)
    {
        header.wrap(record.buffer(), record.payloadOffset());
        if (header.schemaId() != DecisionRecordDecoder.SCHEMA_ID)
        {
            throw new IllegalStateException("record " + record.sequence() + " of " + record.file().getFileName() +
                " has schema id " + header.schemaId() + ", not the decision schema's " +
                DecisionRecordDecoder.SCHEMA_ID);
        }
        if (header.templateId() != DecisionRecordDecoder.TEMPLATE_ID)
        {
            return false;
        }
        decision.wrapAndApplyHeader(record.buffer(), record.payloadOffset(), header);
        return true;
    }
}
