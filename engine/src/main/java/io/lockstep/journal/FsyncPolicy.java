package io.lockstep.journal;

/**
 * When the journal asks the OS to make appended records durable ({@code msync} of the mapped range).
 * Whatever the policy, records are visible to readers of the same machine as soon as they are appended,
 * and {@link JournalWriter#close()} always forces what was written.
 */
public enum FsyncPolicy
{
    /** Never on the append path: the OS writes back in its own time. Survives a process crash, not a power cut. */
    NONE,
    /** After every {@link JournalConfig#fsyncEveryRecords()} records, and at each roll. */
    EVERY_N_RECORDS,
    /**
     * When a segment is full and the journal rolls to the next one. Meanwhile the journal's keeper thread forces the
     * data behind the writer 2 MiB at a time, so the roll itself waits for a few megabytes, not the segment.
     */
    ON_ROLL
}
