package io.lockstep.journal;

import java.nio.file.Path;

/**
 * A journal record that cannot be trusted. Names the segment file, the byte offset of the frame in it,
 * the sequence expected there and the reason. A torn tail (the last record of the last segment, with no
 * valid record after it) is what a crash mid-append leaves; anything else is corruption.
 */
public final class JournalCorruptionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final long sequence;
    private final String reason;
    private final boolean tornTail;

    public JournalCorruptionException(
        final Path file, final long offset, final long sequence, final String reason, final boolean tornTail)
    {
        super((tornTail ? "torn tail" : "corrupt record") + " in " + file + " at byte offset " + offset +
            (sequence >= 0 ? ", sequence " + sequence : "") + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.sequence = sequence;
        this.reason = reason;
        this.tornTail = tornTail;
    }

    public Path file()
    {
        return file;
    }

    public long offset()
    {
        return offset;
    }

    /**
     * @return sequence the record at {@link #offset()} should carry, or -1 when the segment header is bad.
     */
    public long sequence()
    {
        return sequence;
    }

    public String reason()
    {
        return reason;
    }

    public boolean isTornTail()
    {
        return tornTail;
    }
}
