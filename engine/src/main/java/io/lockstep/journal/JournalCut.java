package io.lockstep.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.journal.JournalLayout.segmentFiles;

/**
 * Cuts a journal after a chosen record: what an operator does when recovery refuses to, because whole records lie
 * after a hole (a power cut between two write-backs can leave one) and a journal is a gap-free run of sequences.
 * <p>
 * Nothing is deleted. The segment holding the cut is copied to a quarantine directory (and forced to disk) before it
 * is cut in place; every later segment is moved there. The records kept are read and checked first, so a cut never
 * keeps damage: it refuses when any record up to the last one kept fails its checks. The writer's lock is held
 * throughout, so a running writer is never cut under.
 */
public final class JournalCut
{
    /**
     * What a cut did.
     *
     * @param firstSequence  first sequence of the journal; greater than {@code lastKept} when no record was kept.
     * @param lastKept       last record kept.
     * @param segment        the segment cut in place; its copy, whole, is in the quarantine.
     * @param offset         byte offset in it from which the data was zeroed.
     * @param bytesZeroed    bytes from that offset to the end of the file that were not zero before the cut.
     * @param movedSegments  later segment files, now in the quarantine.
     * @param quarantine     where the copy and the moved segments are.
     */
    public record Result(
        long firstSequence,
        long lastKept,
        Path segment,
        int offset,
        long bytesZeroed,
        List<Path> movedSegments,
        Path quarantine)
    {
    }

    private JournalCut()
    {
    }

    /**
     * @param dir        journal directory.
     * @param lastKept   sequence of the last record to keep: one in the journal, or the one before its first record
     *                   to keep none.
     * @param quarantine directory for what the cut removes: new, outside the journal, on its file system.
     * @throws IllegalStateException    if a writer holds the journal.
     * @throws IllegalArgumentException if the record is not in the journal or the quarantine cannot be used.
     * @throws JournalCorruptionException if a record up to {@code lastKept} fails its checks (nothing changed).
     */
    public static Result cutAfter(final Path dir, final long lastKept, final Path quarantine)
    {
        if (!Files.isDirectory(dir) || segmentFiles(dir).isEmpty())
        {
            throw new IllegalArgumentException("not a journal directory (no segment files): " + dir);
        }
        checkQuarantine(dir, quarantine);
        try (FileChannel lockChannel = FileChannel.open(
            dir.resolve(JournalWriter.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        {
            final FileLock lock = JournalWriter.tryLock(lockChannel);
            if (lock == null)
            {
                throw new IllegalStateException("journal " + dir + " is open for appending by a writer: stop it first");
            }
            try
            {
                return cutLocked(dir, lastKept, quarantine);
            }
            finally
            {
                lock.release();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot cut journal " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * A new directory outside the journal, on its file system: moving a segment there is then a rename, which needs
     * no space and no copy that a power cut could lose.
     */
    private static void checkQuarantine(final Path dir, final Path quarantine)
    {
        if (Files.exists(quarantine))
        {
            throw new IllegalArgumentException("quarantine " + quarantine + " already exists: name a new directory");
        }
        final Path absolute = quarantine.toAbsolutePath().normalize();
        if (absolute.startsWith(dir.toAbsolutePath().normalize()))
        {
            throw new IllegalArgumentException("quarantine " + quarantine + " is inside the journal directory " + dir +
                ": name one outside it");
        }
        Path existing = absolute.getParent();
        while (existing != null && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        try
        {
            if (existing == null || !Files.getFileStore(existing).equals(Files.getFileStore(dir)))
            {
                throw new IllegalArgumentException("quarantine " + quarantine + " is not on the file system of " +
                    dir + ": name one there, where moving a segment is a rename");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot tell the file system of " + existing, ex);
        }
    }

    private static Result cutLocked(final Path dir, final long lastKept, final Path quarantine) throws IOException
    {
        final long firstSequence;
        final Path file;
        final int offset;
        try (JournalReader reader = JournalReader.open(dir))
        {
            firstSequence = reader.nextSequence();
            if (lastKept < firstSequence - 1)
            {
                throw new IllegalArgumentException("sequence " + lastKept + " is before the first record of " + dir +
                    " (" + firstSequence + "; " + (firstSequence - 1) + " keeps no record)");
            }
            final RecordHandler checkOnly = (record) -> {};
            while (reader.nextSequence() <= lastKept)
            {
                final long remaining = lastKept - reader.nextSequence();
                if (reader.poll(checkOnly, (int)Math.min(Integer.MAX_VALUE - 1, remaining) + 1) == 0)
                {
                    throw new IllegalArgumentException("sequence " + lastKept + " is not in " + dir +
                        ": its records end at " + (reader.nextSequence() - 1));
                }
            }
            file = reader.segmentFile();
            offset = reader.position();
        }

        final List<Path> later = new ArrayList<>();
        for (final Path segmentFile : segmentFiles(dir))
        {
            if (segmentFile.getFileName().compareTo(file.getFileName()) > 0)
            {
                later.add(segmentFile);
            }
        }

        copyToQuarantine(file, quarantine);
        final List<Path> moved = moveToQuarantine(later, quarantine);
        force(quarantine);

        final long bytesZeroed;
        try (Segment segment = Segment.open(file, true))
        {
            bytesZeroed = segment.nonZeroBytesFrom(offset);
            segment.cutAt(offset, lastKept - segment.firstSequence() + 1);
        }
        force(dir);
        return new Result(firstSequence, lastKept, file, offset, bytesZeroed, moved, quarantine);
    }

    /** The segment to cut, copied whole and forced; on failure the quarantine is removed and nothing has changed. */
    private static void copyToQuarantine(final Path file, final Path quarantine) throws IOException
    {
        Files.createDirectories(quarantine);
        final Path copy = quarantine.resolve(file.getFileName());
        try
        {
            Files.copy(file, copy);
            force(copy);
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(quarantine);
            throw new IOException("cannot copy " + file + " to the quarantine (nothing was changed): " + ex, ex);
        }
    }

    /** Later segments renamed into the quarantine; on failure those already moved are moved back. */
    private static List<Path> moveToQuarantine(final List<Path> segments, final Path quarantine) throws IOException
    {
        final List<Path> moved = new ArrayList<>();
        for (final Path segmentFile : segments)
        {
            final Path target = quarantine.resolve(segmentFile.getFileName());
            try
            {
                Files.move(segmentFile, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final IOException ex)
            {
                final List<Path> stranded = new ArrayList<>();
                for (final Path back : moved)
                {
                    try
                    {
                        Files.move(back, segmentFile.resolveSibling(back.getFileName()),
                            StandardCopyOption.ATOMIC_MOVE);
                    }
                    catch (final IOException notBack)
                    {
                        stranded.add(back);
                    }
                }
                throw new IOException("cannot move " + segmentFile + " to " + quarantine + ": " + ex + "; nothing " +
                    "was cut, " + (stranded.isEmpty() ? "and the segments moved before it are back" :
                    "and these segments could not be moved back, move them by hand: " + stranded), ex);
            }
            moved.add(target);
        }
        return moved;
    }

    private static void force(final Path path) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
