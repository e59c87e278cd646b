package io.lockstep.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DSYNC;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Keeps the costs of mapped segment memory off the writer's thread, which is the business thread.
 * <p>
 * The first write to a fresh page of a segment takes a page fault (about 2 us on these machines, one page every
 * 30-odd small records), the first write to a new file can wait milliseconds for the file system's journal, and
 * unmapping a full 64 MiB segment takes milliseconds. The keeper runs on a thread of its own: it touches the pages
 * ahead of the writer's position, so they are mapped when the writer gets there; it prepares the next segment's
 * file, written with zeros a megabyte per duty cycle (every block allocated, at the price of writing each segment
 * twice), mapped and with its first pages touched, for the writer to rename at its next roll (and, at open, before
 * its thread starts, the writer's first segment); it unmaps the segments the writer has retired; and under
 * {@link FsyncPolicy#ON_ROLL} it forces the data behind the writer 2 MiB at a time, so that the roll's force of
 * the whole segment, on the writer's thread, has a few megabytes left to write rather than the whole segment
 * (64 MiB, tens to hundreds of milliseconds).
 * <p>
 * A touch is a compare-and-set of an int from 0 to 0 where the file's blocks exist (a read in a sparse file): it makes
 * the page present without ever changing a byte, even if the writer is writing the same word at the same time. The
 * keeper is the only thread that unmaps a
 * retired segment, so it never touches memory that is gone; the writer publishes its new segment before it retires
 * the old one, so a retired segment is never the current one.
 */
final class SegmentKeeper implements Agent
{
    /** How far ahead of the writer pages are made present: 30 ms of appends at 128 MiB/s. */
    static final int TOUCH_AHEAD = 4 * 1024 * 1024;
    /**
     * The write-behind forces whole 2 MiB blocks of the segment, those wholly behind the writer: the kernel writes
     * back and write-protects whole page-cache folios (up to 2 MiB on x86-64), and a force reaching into the folio
     * the writer is in, or into the pages touched ahead of it, would make the writer fault on each page again
     * (thousands of faults per segment, measured). At most about two such blocks are left for the roll.
     */
    static final int WRITE_BEHIND_CHUNK = 2 * 1024 * 1024;
    static final int PAGE_SIZE = 4096;

    private static final int EMPTY = 0;
    private static final int READY = 1;
    private static final int TAKEN = 2;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1024 * 1024);

    private static final VarHandle POSITION;

    static
    {
        try
        {
            POSITION = MethodHandles.lookup().findVarHandle(SegmentKeeper.class, "position", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String roleName;
    private final Path preparedFile;
    private final int segmentLength;
    private final Consumer<String> log;
    private final boolean writeBehind;
    private final boolean prepareDurably;
    /** Who owns the prepared file: the keeper while EMPTY (preparing it), the writer while TAKEN (renaming it). */
    private final AtomicInteger preparedState = new AtomicInteger(EMPTY);
    private MappedByteBuffer prepared;
    private final ManyToOneConcurrentLinkedQueue<Segment> retired = new ManyToOneConcurrentLinkedQueue<>();
    private volatile Segment current;
    @SuppressWarnings("unused") // written and read through POSITION
    private int position;

    private Segment touching;
    private int touchedTo;
    private boolean touchFailed;
    private Segment writingBehind;
    private int forcedTo;
    /**
     * Why a force behind the writer failed. Linux reports a write-back error once per open file, to the first force
     * that meets it, and marks the pages clean: the writer's own force at the roll would then succeed, so it must hear
     * of the failure from here.
     */
    private volatile UncheckedIOException writeBehindFailure;
    private Throwable prepareFailure;
    /** The prepared file while its zeros are written, a chunk per duty cycle; null otherwise. */
    private FileChannel preparing;
    private long zerosWritten;

    /**
     * @param fsyncPolicy the writer's: under any but {@link FsyncPolicy#NONE} a prepared segment's zeros are written
     *                    through to the disk, so that the writer's force of its header at the roll need not wait for
     *                    the whole file (7-28 ms measured here, against 1-8 ms); under {@link FsyncPolicy#ON_ROLL}
     *                    the data behind the writer is forced {@link #WRITE_BEHIND_CHUNK} at a time.
     */
    SegmentKeeper(
        final String roleName,
        final Path dir,
        final int segmentLength,
        final FsyncPolicy fsyncPolicy,
        final Consumer<String> log)
    {
        this.roleName = roleName;
        this.preparedFile = dir.resolve(JournalLayout.PREPARED_SEGMENT_FILE);
        this.segmentLength = segmentLength;
        this.writeBehind = fsyncPolicy == FsyncPolicy.ON_ROLL;
        this.prepareDurably = fsyncPolicy != FsyncPolicy.NONE;
        this.log = log;
    }

    /**
     * Writer thread: the segment now appended to, from the given byte position.
     */
    void attached(final Segment segment, final int position)
    {
        POSITION.setRelease(this, position);
        current = segment;
    }

    /**
     * Writer thread, once per append: a plain store on x86, read by the keeper about once a millisecond.
     */
    void advancedTo(final int position)
    {
        POSITION.setRelease(this, position);
    }

    /**
     * Writer thread, at a roll: rename the prepared file to the new segment's name.
     *
     * @return its mapping, zero-filled and of the segment length, now the writer's; or null when none is ready (the
     * writer then creates the file itself).
     */
    MappedByteBuffer renamePreparedTo(final Path file)
    {
        if (!preparedState.compareAndSet(READY, TAKEN))
        {
            return null;
        }
        final MappedByteBuffer mapped = prepared;
        prepared = null;
        try
        {
            if (Files.exists(file))
            {
                throw new IllegalStateException("segment already exists: " + file);
            }
            // The mapping follows the file: it stays valid under the new name.
            Files.move(preparedFile, file, StandardCopyOption.ATOMIC_MOVE);
            return mapped;
        }
        catch (final IOException | RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            deletePreparedFile();
            throw ex instanceof IOException ?
                new UncheckedIOException("cannot rename " + preparedFile + " to " + file, (IOException)ex) :
                (RuntimeException)ex;
        }
        finally
        {
            preparedState.set(EMPTY);
        }
    }

    /**
     * Writer thread: a segment the writer has let go of, after it {@link #attached} the next one.
     */
    void retire(final Segment segment)
    {
        retired.offer(segment);
    }

    /**
     * Opening thread, before the keeper's thread starts: prepare the next segment now, for a writer that needs one at
     * once.
     *
     * @throws UncheckedIOException when it cannot be prepared (a full disk): better refused at start than met as a
     * fault while trading.
     */
    void prepareNow()
    {
        while (preparedState.get() == EMPTY && prepareFailure == null)
        {
            prepareNext();
        }
        if (prepareFailure != null)
        {
            throw new UncheckedIOException("cannot prepare the first segment of journal " + preparedFile.getParent() +
                ": " + prepareFailure, prepareFailure instanceof IOException io ? io : new IOException(prepareFailure));
        }
    }

    public int doWork()
    {
        // Retired segments first: whatever current is read after this, it is not closed until the next duty cycle.
        int workCount = closeRetired();
        final Segment segment = current;
        if (segment != null)
        {
            final int writerPosition = (int)POSITION.getAcquire(this);
            if (!touchFailed)
            {
                workCount += touchAhead(segment, writerPosition);
            }
            if (writeBehind && writeBehindFailure == null)
            {
                workCount += forceBehind(segment, writerPosition);
            }
        }
        if (preparedState.get() == EMPTY && prepareFailure == null)
        {
            workCount += prepareNext();
        }
        return workCount;
    }

    /**
     * One step of preparing the next segment: a chunk of zeros per duty cycle, so that touching ahead of the writer
     * goes on between them; then the mapping, its first pages touched, handed over.
     */
    private int prepareNext()
    {
        MappedByteBuffer mapped = null;
        try
        {
            if (preparing == null)
            {
                // Never reuse a file: a new one is all zeros, as a segment must start. The zeros are written through
                // the channel before the file is mapped, so a full disk is an IOException here, never a fault in a
                // store to the mapping (IoUtil.mapNewFile's own filling stores through the mapping). Under a policy
                // that forces, each chunk goes through to the disk (DSYNC), so the writer's force of the new header at
                // its roll does not wait for the file system to allocate and write the whole segment.
                Files.deleteIfExists(preparedFile);
                preparing = prepareDurably ?
                    FileChannel.open(preparedFile, CREATE_NEW, READ, WRITE, DSYNC) :
                    FileChannel.open(preparedFile, CREATE_NEW, READ, WRITE);
                zerosWritten = 0;
            }
            final int chunk = (int)Math.min(ZEROS.capacity(), segmentLength - zerosWritten);
            zerosWritten += preparing.write(ZEROS.duplicate().limit(chunk), zerosWritten);
            if (zerosWritten < segmentLength)
            {
                return 1;
            }
            mapped = preparing.map(FileChannel.MapMode.READ_WRITE, 0, segmentLength);
            closePreparing();
            final int pages = touch(new UnsafeBuffer(mapped), 0, Math.min(segmentLength, TOUCH_AHEAD), true);
            prepared = mapped;
            preparedState.set(READY);
            return pages;
        }
        catch (final IOException | RuntimeException | InternalError ex)
        {
            // The writer creates each segment itself from now on, and meets the same trouble there if it lasts.
            prepareFailure = ex;
            log.accept(roleName + ": stopped preparing segments ahead of the writer: " + ex);
            if (mapped != null)
            {
                IoUtil.unmap(mapped);
            }
            closePreparing();
            deletePreparedFile();
            return 0;
        }
    }

    private void closePreparing()
    {
        if (preparing != null)
        {
            try
            {
                preparing.close(); // a mapping made from it stays valid
            }
            catch (final IOException ex)
            {
                log.accept(roleName + ": cannot close " + preparedFile + ": " + ex);
            }
            preparing = null;
        }
    }

    private int touchAhead(final Segment segment, final int writerPosition)
    {
        final UnsafeBuffer buffer = segment.buffer();
        if (segment != touching)
        {
            touching = segment;
            touchedTo = 0;
        }
        // The page the writer is in is present already (it wrote there), and left alone: the writer owns its lines.
        final int from = Math.max(touchedTo, JournalLayout.align(writerPosition, PAGE_SIZE));
        final int limit = (int)Math.min(buffer.capacity(), (long)writerPosition + TOUCH_AHEAD);
        try
        {
            final int pages = touch(buffer, from, limit, segment.isWrittenWithZeros());
            touchedTo = Math.max(touchedTo, from + pages * PAGE_SIZE);
            return pages;
        }
        catch (final InternalError ex)
        {
            // A page that cannot be read (a file cut under its mapping): the writer meets it too and stops the engine.
            touchFailed = true;
            log.accept(roleName + ": stopped touching pages ahead of the writer: " + ex.getMessage());
            return 0;
        }
    }

    /**
     * Force the {@link #WRITE_BEHIND_CHUNK}s wholly behind the writer not forced yet. The writer only appends, so
     * their data is final; only the index entries at the head of the segment change later, and the roll forces them.
     */
    private int forceBehind(final Segment segment, final int writerPosition)
    {
        if (segment != writingBehind)
        {
            writingBehind = segment;
            forcedTo = 0;
        }
        // Clamped to the file: the position read may be of a newer, longer segment than the one read before it.
        final int to = Math.min(writerPosition, segment.fileLength()) & -WRITE_BEHIND_CHUNK;
        if (to <= forcedTo)
        {
            return 0;
        }
        try
        {
            segment.force(forcedTo, to - forcedTo);
            forcedTo = to;
            return 1;
        }
        catch (final UncheckedIOException ex)
        {
            writeBehindFailure = ex;
            log.accept(roleName + ": forcing segment data behind the writer failed: " + ex.getMessage());
            return 0;
        }
    }

    /**
     * Writer thread, at a roll and at close: fail as a force of the writer's own would have.
     *
     * @throws UncheckedIOException when a force behind the writer failed: data of the journal may not be on disk.
     */
    void checkWriteBehind()
    {
        final UncheckedIOException failure = writeBehindFailure;
        if (failure != null)
        {
            throw new UncheckedIOException(roleName + ": segment data forced behind the writer did not reach the " +
                "disk: " + failure.getMessage(), failure.getCause());
        }
    }

    /**
     * Make the pages of [from, to) present without changing a byte.
     * <p>
     * Where the file's blocks exist (a segment the keeper prepared, written with zeros), a compare-and-set of 0 to 0
     * maps each page writable: the writer's store then takes no fault at all. A sparse range (a segment the writer
     * created itself) is only read: a store into a hole allocates a block, and on a full disk that is a SIGBUS, which
     * HotSpot cannot turn into an error in an interpreted compare-and-set. A read maps the page; the writer's first
     * store to it then takes a lighter fault (about half the cost measured here).
     *
     * @return the number of pages touched.
     */
    private static int touch(final UnsafeBuffer buffer, final int from, final int to, final boolean writable)
    {
        int pages = 0;
        for (int page = from; page < to; page += PAGE_SIZE)
        {
            if (writable)
            {
                buffer.compareAndSetInt(page, 0, 0);
            }
            else
            {
                buffer.getIntVolatile(page);
            }
            pages++;
        }
        return pages;
    }

    private int closeRetired()
    {
        int closed = 0;
        Segment segment;
        while ((segment = retired.poll()) != null)
        {
            segment.close();
            closed++;
        }
        return closed;
    }

    public void onClose()
    {
        closeRetired();
        closePreparing();
        if (preparedState.compareAndSet(READY, EMPTY))
        {
            IoUtil.unmap(prepared);
            prepared = null;
        }
        deletePreparedFile();
    }

    private void deletePreparedFile()
    {
        try
        {
            Files.deleteIfExists(preparedFile);
        }
        catch (final IOException ex)
        {
            log.accept(roleName + ": cannot delete " + preparedFile + ": " + ex);
        }
    }

    public String roleName()
    {
        return roleName;
    }
}
