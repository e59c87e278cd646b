package io.lockstep.journal;

/**
 * Receives journal records from a {@link JournalReader}. The record is a flyweight over the mapped segment,
 * valid only during the call.
 */
@FunctionalInterface
public interface RecordHandler
{
    void onRecord(JournalRecord record);
}
