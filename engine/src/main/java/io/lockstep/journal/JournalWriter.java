package io.lockstep.journal;

import io.lockstep.sbe.journal.MessageHeaderEncoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.journal.RecordEnvelopeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

import static io.lockstep.journal.JournalLayout.*;

/**
 * Appends records to a journal directory: the single writer of the journal, on the business thread.
 * <p>
 * Opening recovers the journal: the last segment is scanned, a torn tail left by a crash is cut at the
 * last whole record (and said so through {@link JournalConfig#log()}), and corruption anywhere else
 * refuses the open. Appending is allocation-free; rolling to a new segment allocates once per segment.
 * A lock file keeps a second writer out. A {@link SegmentKeeper} on a thread of its own touches pages ahead of the
 * writer, prepares the next segment's file for the roll to rename, and unmaps full segments, so that page faults,
 * file creation and unmapping stay off the appending thread.
 */
public final class JournalWriter implements AutoCloseable
{
    static final String LOCK_FILE = "journal.lock";

    private final Path dir;
    private final JournalConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String journalId;
    private final int maxPayloadLength;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RecordEnvelopeEncoder envelopeEncoder = new RecordEnvelopeEncoder();
    private final SegmentKeeper keeper;
    private AgentRunner keeperRunner;

    private Segment segment;
    private UnsafeBuffer buffer;
    private int segmentLength;
    private int position;
    private int unsyncedFrom;
    private int unsyncedRecords;
    private long nextSequence;
    private boolean closed;

    private JournalWriter(
        final Path dir, final JournalConfig config, final FileChannel lockChannel, final FileLock lock)
    {
        this.dir = dir;
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.keeper = new SegmentKeeper("journal-keeper-" + dir.getFileName(), dir, config.segmentLength(),
            config.fsyncPolicy(), config.log());
        deleteLeftOverPreparedSegment();
        this.maxPayloadLength = config.maxPayloadLength();

        final List<Path> files = segmentFiles(dir);
        if (files.isEmpty())
        {
            journalId = UUID.randomUUID().toString();
            nextSequence = config.initialSequence();
            startSegment(0);
        }
        else
        {
            final Segment previous = files.size() > 1 ? Segment.open(files.get(files.size() - 2), false) : null;
            try
            {
                journalId = recoverLastSegment(files.get(files.size() - 1), previous);
            }
            finally
            {
                if (previous != null)
                {
                    previous.close();
                }
            }
        }
    }

    /**
     * Open a journal for appending, creating the directory and the first segment if needed.
     *
     * @throws JournalCorruptionException if a segment is damaged anywhere but at the tail.
     * @throws IllegalStateException if another writer holds the journal.
     */
    public static JournalWriter open(final Path dir, final JournalConfig config)
    {
        FileChannel channel = null;
        try
        {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = tryLock(channel);
            if (lock == null)
            {
                throw new IllegalStateException("journal " + dir + " is already open for appending by another writer");
            }
            final JournalWriter writer = new JournalWriter(dir, config, channel, lock);
            writer.startKeeper();
            return writer;
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            // The cause names the file and why (permission denied, no space left): say it, not only the journal.
            throw new UncheckedIOException("cannot open journal " + dir + ": " +
                (ex.getMessage() == null ? ex.toString() : ex.getMessage()), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    /**
     * @return the lock that keeps a second writer out, or null when a writer holds it (in this process or another).
     */
    static FileLock tryLock(final FileChannel lockChannel) throws IOException
    {
        try
        {
            return lockChannel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            return null;
        }
    }

    private void startKeeper()
    {
        keeperRunner = new AgentRunner(new SleepingMillisIdleStrategy(1),
            (error) -> config.log().accept(keeper.roleName() + " error: " + error), null, keeper);
        AgentRunner.startOnThread(keeperRunner, (runnable) ->
        {
            final Thread thread = new Thread(runnable, keeper.roleName());
            thread.setDaemon(true);
            return thread;
        });
    }

    private String recoverLastSegment(final Path file, final Segment previous)
    {
        final long firstSequence = firstSequenceOf(file.getFileName().toString());
        try
        {
            if (Segment.extendToSegmentLength(file, previous))
            {
                config.log().accept("journal " + dir + ": " + file.getFileName() +
                    " was shorter than its segment length (cut by a crash?): extended with zeros");
            }
            segment = Segment.open(file, true);
        }
        catch (final JournalCorruptionException ex)
        {
            if (!Segment.isTornCreation(file))
            {
                throw ex;
            }
            if (previous != null)
            {
                requireFollows(previous, file, firstSequence);
            }
            config.log().accept("journal " + dir + ": " + file.getFileName() +
                " has a torn header and no records (crash while rolling): recreated");
            delete(file);
            nextSequence = firstSequence;
            return recreateSegment(previous);
        }

        final long first = segment.firstSequence();
        long expected = first;
        int offset = segment.dataOffset();
        while (true)
        {
            final int result = segment.checkFrame(offset, expected);
            if (result > 0)
            {
                offset += result;
                expected++;
            }
            else if (result == END_OF_DATA || result == END_OF_SEGMENT)
            {
                final JournalCorruptionException recordsAfter = segment.recordsAfterEnd(offset, expected);
                if (recordsAfter != null)
                {
                    segment.close();
                    throw recordsAfter;
                }
                if (result == END_OF_DATA)
                {
                    final int leftoversEnd = segment.nonZeroEnd(offset);
                    if (leftoversEnd > offset)
                    {
                        // An append a crash cut short after its bytes and before its length: left there, what a
                        // shorter record appended now did not cover would read as a damaged frame after it.
                        config.log().accept("journal " + dir + ": an append cut short in " + file.getFileName() +
                            " at byte offset " + offset + " (sequence " + expected + ", its length never written): " +
                            "zeroed the " + segment.nonZeroBytesFrom(offset) + " bytes it left; last whole record " +
                            "is sequence " + (expected - 1));
                        segment.cutAt(offset, leftoversEnd, expected - first);
                    }
                    break;
                }
                nextSequence = expected;
                final int segmentIndex = segment.segmentIndex();
                final String id = segment.journalId();
                segment.close();
                startSegment(segmentIndex + 1, id);
                return id;
            }
            else
            {
                if (!segment.nothingValidAfter(offset, expected))
                {
                    final JournalCorruptionException ex = new JournalCorruptionException(
                        file, offset, expected, segment.failure(), false);
                    segment.close();
                    throw ex;
                }
                config.log().accept("journal " + dir + ": torn tail in " + file.getFileName() + " at byte offset " +
                    offset + " (sequence " + expected + "): " + segment.failure() + "; cut " +
                    segment.failureExtent() + " bytes, last whole record is sequence " + (expected - 1));
                segment.cutAt(offset, expected - first);
                break;
            }
        }
        nextSequence = expected;
        attach(segment, offset);
        return segment.journalId();
    }

    /**
     * A segment is only rolled to from a full one: a file of zeros named after any other sequence than the one after
     * the previous segment's last record is no crash's leftover, and recreating it would leave a gap.
     */
    private static void requireFollows(final Segment previous, final Path file, final long firstSequence)
    {
        long expected = previous.firstSequence();
        int offset = previous.dataOffset();
        int result;
        while ((result = previous.checkFrame(offset, expected)) > 0)
        {
            offset += result;
            expected++;
        }
        if (expected != firstSequence || result == BAD_FRAME)
        {
            throw new JournalCorruptionException(file, 0, firstSequence, "segment header: the file holds no header " +
                "and no record, as a crash while rolling to it leaves, but the segment before it, " +
                previous.file().getFileName() + ", ends at sequence " + (expected - 1) +
                (result == BAD_FRAME ? " (" + previous.failure() + ")" : "") + ": not the segment after it", false);
        }
    }

    private String recreateSegment(final Segment previous)
    {
        final String id = previous != null ? previous.journalId() : UUID.randomUUID().toString();
        startSegment(previous != null ? previous.segmentIndex() + 1 : 0, id);
        return id;
    }

    private void startSegment(final int segmentIndex)
    {
        startSegment(segmentIndex, journalId);
    }

    private void startSegment(final int segmentIndex, final String id)
    {
        final Path file = dir.resolve(segmentFileName(nextSequence));
        if (keeperRunner == null)
        {
            // At open, before the keeper runs: a wait for the zeros here (0.03-0.23 s for 64 MiB on this machine)
            // spares the heavier faults of a sparse file just when trading starts, and a full disk is refused now
            // rather than met as a fault in a store.
            keeper.prepareNow();
        }
        final Segment created = Segment.create(file, keeper.renamePreparedTo(file), id, config.engineVersion(),
            segmentIndex, config.segmentLength(), nextSequence, config.indexInterval(),
            System.currentTimeMillis() * 1_000_000L);
        attach(created, created.dataOffset());
        if (config.fsyncPolicy() != FsyncPolicy.NONE)
        {
            segment.force(0, segment.dataOffset());
            syncDirectory();
        }
    }

    private void attach(final Segment segment, final int position)
    {
        this.segment = segment;
        this.buffer = segment.buffer();
        this.segmentLength = segment.segmentLength();
        this.position = position;
        this.unsyncedFrom = position;
        this.unsyncedRecords = 0;
        keeper.attached(segment, position);
    }

    /**
     * Append one record. Allocation-free; visible to readers as soon as it returns.
     *
     * @param sequence      must be {@link #nextSequence()}: the journal holds a gap-free run of sequences.
     * @param receiveTimeNs ingress receive time.
     * @param sourceId      configured id of the source.
     * @param protocol      how to decode the payload.
     * @param payload       the exact bytes the pipeline consumed.
     */
    public void append(
        final long sequence,
        final long receiveTimeNs,
        final int sourceId,
        final ProtocolTag protocol,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (sequence != nextSequence)
        {
            throw new IllegalArgumentException("sequence " + sequence + " appended where " + nextSequence +
                " was expected");
        }
        if (length < 0 || length > maxPayloadLength)
        {
            throw new IllegalArgumentException("payload of " + length + " bytes does not fit a segment (max " +
                maxPayloadLength + ")");
        }
        final int frameLength = RECORD_HEADER_LENGTH + length;
        final int alignedLength = align(frameLength, FRAME_ALIGNMENT);
        if (position + alignedLength > segmentLength)
        {
            roll();
        }

        final int frameOffset = position;
        envelopeEncoder.wrapAndApplyHeader(buffer, frameOffset + MESSAGE_OFFSET, headerEncoder)
            .sequence(sequence)
            .receiveTimeNs(receiveTimeNs)
            .sourceId(sourceId & 0xFFFF_FFFFL)
            .protocol(protocol)
            .putPayload(payload, offset, length);
        buffer.putInt(frameOffset + CHECKSUM_OFFSET, segment.checksum(frameOffset, frameLength), BYTE_ORDER);
        JournalLayout.putIntOrdered(buffer, frameOffset + FRAME_LENGTH_OFFSET, frameLength);

        final long recordInSegment = sequence - segment.firstSequence();
        if (recordInSegment % segment.indexInterval() == 0)
        {
            segment.putIndexEntry((int)(recordInSegment / segment.indexInterval()), frameOffset);
        }
        position += alignedLength;
        nextSequence++;
        keeper.advancedTo(position);

        if (config.fsyncPolicy() == FsyncPolicy.EVERY_N_RECORDS && ++unsyncedRecords >= config.fsyncEveryRecords())
        {
            flush();
        }
    }

    private void roll()
    {
        if (position + FRAME_HEADER_LENGTH <= segmentLength)
        {
            JournalLayout.putIntOrdered(buffer, position + FRAME_LENGTH_OFFSET, END_OF_SEGMENT_MARKER);
        }
        if (config.fsyncPolicy() != FsyncPolicy.NONE)
        {
            segment.force(0, segmentLength);
            keeper.checkWriteBehind();
        }
        // The next segment exists before the full one is let go: a failed create leaves this writer usable.
        final Segment full = segment;
        startSegment(full.segmentIndex() + 1);
        if (keeperRunner.isClosed())
        {
            full.close(); // an Error stopped the keeper: nothing else touches the segment
        }
        else
        {
            keeper.retire(full);
        }
    }

    /**
     * Force what was appended since the last force to the storage device.
     */
    public void flush()
    {
        if (position > unsyncedFrom)
        {
            segment.force(unsyncedFrom, position - unsyncedFrom);
        }
        unsyncedFrom = position;
        unsyncedRecords = 0;
    }

    private void syncDirectory()
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot sync journal directory " + dir, ex);
        }
    }

    /**
     * @return the sequence the next {@link #append} must carry.
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    public String journalId()
    {
        return journalId;
    }

    public Path directory()
    {
        return dir;
    }

    public int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    /**
     * Force the current segment (records, and under {@link FsyncPolicy#NONE} its header and index, and the directory:
     * the other policies forced those at the roll), then release the segment and the lock. Under NONE the segments
     * before it are left to the OS, as while running.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            // The keeper's last duty unmaps the retired segments; after it, no other thread touches the current one.
            keeperRunner.close();
            keeper.onClose(); // again: a keeper an Error stopped never ran it (it does nothing the second time)
            flush();
            if (config.fsyncPolicy() == FsyncPolicy.NONE)
            {
                // Nothing forced this segment's header and index, nor its name: a power cut after a clean close must
                // not find its records without them. Earlier segments are the OS's to write back, as while running.
                segment.force(0, position);
                syncDirectory();
            }
            segment.close();
            keeper.checkWriteBehind();
        }
        finally
        {
            try
            {
                lock.release();
            }
            catch (final IOException ignore)
            {
                // closing the channel releases it too
            }
            closeQuietly(lockChannel);
        }
    }

    /** A writer that did not close (a crash) can leave the segment its keeper prepared: never part of the journal. */
    private void deleteLeftOverPreparedSegment()
    {
        final Path prepared = dir.resolve(PREPARED_SEGMENT_FILE);
        if (Files.exists(prepared))
        {
            delete(prepared);
            config.log().accept("journal " + dir + ": deleted " + PREPARED_SEGMENT_FILE +
                ", a segment prepared ahead by a writer that did not close");
        }
    }

    private static void delete(final Path file)
    {
        try
        {
            Files.delete(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + file, ex);
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // nothing more to release
            }
        }
    }
}
