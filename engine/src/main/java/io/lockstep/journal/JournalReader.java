package io.lockstep.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private final Path dir;
    private final JournalRecord record = new JournalRecord();
    private Segment segment;
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
        enter(Segment.open(files.get(0), false), -1);
        if (segment.segmentIndex() != 0)
        {
            final JournalCorruptionException ex = new JournalCorruptionException(segment.file(), 0, nextSequence,
                "segment header: the first segment file holds segment index " + segment.segmentIndex() +
                " (expected 0): the segments before it are missing", false);
            segment.close();
            throw ex;
        }
    }

    /**
     * @return the files of a journal directory that are neither its segments nor its writer's lock (a copy, a
     * renamed segment): a reader never reads them, so whoever checks a journal should hear of them.
     */
    public static List<Path> strayFiles(final Path dir)
    {
        final List<Path> segments = segmentFiles(dir);
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter((file) -> !segments.contains(file) &&
                !file.getFileName().toString().equals(JournalWriter.LOCK_FILE)).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal directory " + dir, ex);
        }
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
        segment.close();
        enter(next, nextSequence);
        // A segment's header has no checksum: what it must share with the one before is checked here.
        if (!next.journalId().equals(journalId) || next.segmentIndex() != segmentIndex + 1)
        {
            throw new JournalCorruptionException(next.file(), 0, nextSequence, "segment header: journal id " +
                next.journalId() + ", segment index " + next.segmentIndex() + " after segment " + segmentIndex +
                " of journal " + journalId + " (expected the same journal id and the next index)", false);
        }
        return true;
    }

    private JournalCorruptionException corruption()
    {
        final boolean lastSegment = segmentFiles(dir).stream()
            .noneMatch((file) -> firstSequenceOf(file.getFileName().toString()) > segment.firstSequence());
        final boolean tornTail = lastSegment && segment.nothingValidAfter(position, nextSequence);
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
        Path holder = null;
        for (final Path file : files)
        {
            if (firstSequenceOf(file.getFileName().toString()) <= sequence)
            {
                holder = file;
            }
        }
        if (holder == null)
        {
            throw new IllegalArgumentException("sequence " + sequence + " is before the first record of " + dir);
        }
        segment.close();
        enter(Segment.open(holder, false), -1);

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
        if (unopenedSegment != null)
        {
            throw unopenedSegment;
        }
        final JournalCorruptionException recordsAfter = segment.recordsAfterEnd(position, nextSequence);
        if (recordsAfter != null)
        {
            throw recordsAfter;
        }
        for (final Path file : segmentFiles(dir))
        {
            final long first = firstSequenceOf(file.getFileName().toString());
            if (first > segment.firstSequence())
            {
                throw new JournalCorruptionException(segment.file(), position, nextSequence,
                    "data ends here but segment " + file.getFileName() + " follows", false);
            }
        }
    }

    /**
     * @return the sequence of the next record to be delivered.
     */
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

    public long segmentCreationTimeNs()
    {
        return segment.creationTimeNs();
    }

    public void close()
    {
        segment.close();
    }
}
