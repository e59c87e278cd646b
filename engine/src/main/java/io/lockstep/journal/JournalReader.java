package io.lockstep.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static io.lockstep.journal.JournalLayout.*;

/**
 * Reads a journal in sequence order, checking every record (length, structure, CRC32C, sequence) before
 * handing it out. Never skips: a bad record stops the reader with a {@link JournalCorruptionException}
 * naming file, offset, sequence and reason. {@link #poll} returns 0 at the current end of the data and can
 * be called again to follow a journal that a writer is still appending to.
 */
public final class JournalReader implements AutoCloseable
{
    /** Milliseconds a reader at its end waits for a writer to write the header of the segment it just mapped. */
    private static final int HEADER_WAIT_ATTEMPTS = 20;

    private final Path dir;
    private final JournalRecord record = new JournalRecord();
    /** The segment files gone through since the start or the last seek: any other among them is not the journal's. */
    private final Set<Path> segmentsRead = new HashSet<>();
    private Path firstSegmentRead;
    /** The journal's id, from its first segment: a seek never lands in a segment of another journal. */
    private final String journalId;
    private Segment segment;
    /** Segment length of the segment before the current one; 0 when not known. */
    private int previousSegmentLength;
    private Path nextSegmentFile;
    /** Why the next segment could not be opened at the last attempt; null when there was none. */
    private JournalCorruptionException unopenedSegment;
    private int position;
    private long nextSequence;

    private JournalReader(final Path dir)
    {
        this.dir = dir;
        final List<Path> files = segmentFiles(dir);
        if (files.isEmpty())
        {
            throw new IllegalArgumentException("no segment files in journal directory " + dir);
        }
        enter(openSegment(files.get(0)), -1);
        journalId = segment.journalId();
        if (segment.segmentIndex() != 0)
        {
            final JournalCorruptionException ex = new JournalCorruptionException(segment.file(), 0, nextSequence,
                "segment header: the first segment file holds segment index " + segment.segmentIndex() +
                " (expected 0): the segments before it are missing", false);
            segment.close();
            throw ex;
        }
    }

    /** Open a segment to read from its start: the first, or the one a {@link #seek} lands in. */
    private Segment openSegment(final Path file)
    {
        try
        {
            return Segment.open(file, false);
        }
        catch (final JournalCorruptionException ex)
        {
            throw asTornCreation(ex);
        }
    }

    /**
     * @return the files of a journal directory that are neither its segments nor its writer's own (lock, prepared
     * next segment): a copy, a renamed segment. A reader never reads them, so whoever checks a journal should hear
     * of them.
     */
    public static List<Path> strayFiles(final Path dir)
    {
        final List<Path> segments = segmentFiles(dir);
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter((file) -> !segments.contains(file) && !isWritersFile(file.getFileName().toString()))
                .sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal directory " + dir, ex);
        }
    }

    private static boolean isWritersFile(final String name)
    {
        return name.equals(JournalWriter.LOCK_FILE) || name.equals(PREPARED_SEGMENT_FILE);
    }

    /**
     * Open a journal at its first record.
     */
    public static JournalReader open(final Path dir)
    {
        return new JournalReader(dir);
    }

    /**
     * Deliver up to {@code limit} records.
     *
     * @return records delivered; 0 when no further record has been written yet.
     * @throws JournalCorruptionException on the first record that fails its checks.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit)
        {
            final int result = segment.checkFrame(position, nextSequence);
            if (result > 0)
            {
                record.wrap(segment, position);
                handler.onRecord(record);
                position += result;
                nextSequence++;
                count++;
            }
            else if (result == END_OF_SEGMENT)
            {
                if (!advanceSegment())
                {
                    break;
                }
            }
            else if (result == END_OF_DATA)
            {
                break;
            }
            else
            {
                throw corruption();
            }
        }
        return count;
    }

    private boolean advanceSegment()
    {
        if (nextSegmentFile == null)
        {
            nextSegmentFile = dir.resolve(segmentFileName(nextSequence));
        }
        if (!Files.exists(nextSegmentFile))
        {
            return false;
        }
        final JournalCorruptionException cut = segment.cutShort(0, false);
        if (cut != null)
        {
            throw cut;
        }
        final Segment next;
        try
        {
            next = Segment.open(nextSegmentFile, false);
        }
        catch (final JournalCorruptionException ex)
        {
            // A writer maps the next segment, then writes its header: a reader following it may get there between
            // the two. Try again at the next poll; on a journal no longer written, checkNothingBeyondEnd says why.
            unopenedSegment = ex;
            return false;
        }
        unopenedSegment = null;
        final String journalId = segment.journalId();
        final int segmentIndex = segment.segmentIndex();
        previousSegmentLength = segment.segmentLength();
        segment.close();
        enter(next, nextSequence);
        final JournalCorruptionException notNext = next.notAfter(journalId, segmentIndex);
        if (notNext != null)
        {
            throw notNext;
        }
        return true;
    }

    private JournalCorruptionException corruption()
    {
        final boolean tornTail = segmentFileAfter(segment.file()) == null &&
            segment.nothingValidAfter(position, nextSequence);
        return new JournalCorruptionException(segment.file(), position, nextSequence, segment.failure(), tornTail);
    }

    private void enter(final Segment segment, final long expectedFirstSequence)
    {
        if (expectedFirstSequence >= 0 && segment.firstSequence() != expectedFirstSequence)
        {
            segment.close();
            throw new JournalCorruptionException(segment.file(), 0, expectedFirstSequence,
                "segment header says first sequence " + segment.firstSequence(), false);
        }
        if (segmentsRead.isEmpty())
        {
            firstSegmentRead = segment.file();
        }
        segmentsRead.add(segment.file());
        this.segment = segment;
        this.position = segment.dataOffset();
        this.nextSequence = segment.firstSequence();
        this.nextSegmentFile = null;
    }

    /**
     * Position the reader so that the next record delivered is {@code sequence}, using the sparse index of the
     * segment that holds it and scanning (with full checks) from the index entry.
     *
     * @return false if the record {@code sequence} has not been written; the reader is then at the end.
     */
    public boolean seek(final long sequence)
    {
        final List<Path> files = segmentFiles(dir);
        Segment holder = null;
        for (int i = files.size() - 1; i >= 0 && holder == null; i--)
        {
            if (firstSequenceOf(files.get(i).getFileName().toString()) <= sequence)
            {
                holder = openSegment(files.get(i));
                if (!holder.journalId().equals(journalId))
                {
                    holder.close(); // a segment of another journal: never read, as from the start
                    holder = null;
                }
            }
        }
        if (holder == null)
        {
            throw new IllegalArgumentException("sequence " + sequence + " is before the first record of " + dir);
        }
        segment.close();
        segmentsRead.clear();
        previousSegmentLength = 0;
        enter(holder, -1);

        final int interval = segment.indexInterval();
        for (int entry = (int)((sequence - segment.firstSequence()) / interval); entry > 0; entry--)
        {
            final int offset = segment.indexEntry(entry);
            final long indexedSequence = segment.firstSequence() + (long)entry * interval;
            if (offset >= segment.dataOffset() && segment.checkFrame(offset, indexedSequence) > 0)
            {
                position = offset;
                nextSequence = indexedSequence;
                break;
            }
        }

        final RecordHandler skip = (record) -> {};
        while (nextSequence < sequence)
        {
            if (poll(skip, (int)Math.min(Integer.MAX_VALUE, sequence - nextSequence)) == 0)
            {
                return false;
            }
        }
        while (true)
        {
            final int result = segment.checkFrame(position, nextSequence);
            if (result == BAD_FRAME)
            {
                throw corruption();
            }
            if (result != END_OF_SEGMENT || !advanceSegment())
            {
                return result > 0;
            }
        }
    }

    /**
     * After {@link #poll} returned 0 on a journal no longer written: check that no record lies beyond the end
     * reached, in this segment (a length overwritten in the middle of the records) or in a later one, which would
     * mean records the reader could not get to.
     *
     * @throws JournalCorruptionException naming the unreachable records or segment, or why the next segment did
     * not open.
     */
    public void checkNothingBeyondEnd()
    {
        // A writer maps the next segment, then writes its header: one still at work gets a moment to.
        for (int attempt = 0; unopenedSegment != null && attempt < HEADER_WAIT_ATTEMPTS; attempt++)
        {
            LockSupport.parkNanos(1_000_000);
            if (advanceSegment())
            {
                return;
            }
        }
        if (unopenedSegment != null)
        {
            throw asTornCreation(unopenedSegment);
        }
        // Damage stays put; a journal still being written grows. Each finding is checked against growth since poll
        // found its end, so that verifying a running engine's journal reports no damage it does not have.
        if (grew())
        {
            return;
        }
        final Path later = segmentFileAfter(segment.file());
        JournalCorruptionException damage = segment.recordsAfterEnd(position, nextSequence);
        if (damage == null)
        {
            damage = segment.cutShort(previousSegmentLength, later == null);
        }
        if (damage == null && later != null)
        {
            damage = new JournalCorruptionException(segment.file(), position, nextSequence,
                "data ends here but segment " + later.getFileName() + " follows", false);
        }
        if (damage != null && !grew())
        {
            throw damage;
        }
    }

    /** @return the end the last poll found has moved: a record written there since, or a roll to the next segment. */
    private boolean grew()
    {
        final int now = segment.checkFrame(position, nextSequence);
        return now > 0 || now == END_OF_SEGMENT && Files.exists(dir.resolve(segmentFileName(nextSequence)));
    }

    /**
     * After reading to the end from the first segment (or from a {@link #seek}): the files named like segments,
     * among the ones read, that are not part of the journal (a copy, a renamed file). The reader goes from each
     * segment to the file named after the next sequence, so it never opens them; whoever checks a journal should
     * hear of them.
     */
    public List<Path> unreadSegmentFiles()
    {
        final long from = firstSequenceOf(firstSegmentRead.getFileName().toString());
        return segmentFiles(dir).stream().filter((file) -> !segmentsRead.contains(file) &&
            firstSequenceOf(file.getFileName().toString()) >= from &&
            firstSequenceOf(file.getFileName().toString()) < segment.firstSequence()).toList();
    }

    /** @return the first segment file named after a later sequence than this one's, or null. */
    private Path segmentFileAfter(final Path file)
    {
        final long first = firstSequenceOf(file.getFileName().toString());
        for (final Path other : segmentFiles(dir))
        {
            if (firstSequenceOf(other.getFileName().toString()) > first)
            {
                return other;
            }
        }
        return null;
    }

    /**
     * A last segment file of zeros was created, but its header never reached the disk: a crash while rolling, which
     * the next writer open recreates. Anything else that fails to open stays corruption.
     */
    private JournalCorruptionException asTornCreation(final JournalCorruptionException ex)
    {
        if (segmentFileAfter(ex.file()) != null || !Segment.isTornCreation(ex.file()))
        {
            return ex;
        }
        return new JournalCorruptionException(ex.file(), 0, firstSequenceOf(ex.file().getFileName().toString()),
            "segment header: the file is all zeros (or its header stops before its checksum, with nothing after it), " +
            "created but its header never written (a crash while rolling " +
            "to it); the next writer open recreates it", true);
    }

    /**
     * @return the sequence of the next record to be delivered.
     */
    /** The segment the reader is in, and the byte offset in it of the next record: where a cut would go. */
    Path segmentFile()
    {
        return segment.file();
    }

    int position()
    {
        return position;
    }

    public long nextSequence()
    {
        return nextSequence;
    }

    public String journalId()
    {
        return segment.journalId();
    }

    public String engineVersion()
    {
        return segment.engineVersion();
    }

    public void close()
    {
        segment.close();
    }
}
