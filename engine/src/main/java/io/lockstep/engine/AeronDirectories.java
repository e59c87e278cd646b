package io.lockstep.engine;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.lockstep.util.DirectoryTree;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default Aeron directory of an engine with an embedded media driver: one per process,
 * {@code $TMPDIR/lockstep-aeron-<pid>}, so two engines on one machine never share a driver. A clean stop deletes
 * it; a killed engine cannot, and each one left its 48 MB behind for good. So an engine that starts its embedded
 * driver first removes the default directories of processes that are gone and whose driver is no longer beating.
 */
public final class AeronDirectories
{
    private static final String PREFIX = "lockstep-aeron-";
    private static final Pattern DEFAULT_NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)");
    /** Aeron's own client liveness timeout: a driver heartbeat older than this is a dead driver. */
    private static final long DRIVER_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    private AeronDirectories()
    {
    }

    /** @return the default Aeron directory of this process. */
    public static String defaultDirectory()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), PREFIX + ProcessHandle.current().pid()).toString();
    }

    /**
     * Deletes the default directories in {@code parent} left by processes that no longer run. A directory is kept
     * when its process is alive (even if the pid was reused: nothing is lost by keeping it) or its driver's
     * heartbeat is recent.
     *
     * @return how many directories were removed.
     */
    public static int sweepLeftovers(final Path parent, final Consumer<String> log)
    {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*"))
        {
            for (final Path entry : entries)
            {
                final Matcher name = DEFAULT_NAME.matcher(entry.getFileName().toString());
                if (name.matches() && Files.isDirectory(entry) && sweep(entry, name.group(1), log))
                {
                    removed++;
                }
            }
        }
        catch (final IOException | DirectoryIteratorException ex)
        {
            log.accept("could not look for Aeron directories left by stopped engines in " + parent + ": " + ex);
        }
        if (removed > 0)
        {
            log.accept("removed " + removed + " Aeron director" + (removed == 1 ? "y" : "ies") +
                " left in " + parent + " by engines that were killed");
        }
        return removed;
    }

    /**
     * An embedded media driver deletes its directory when it starts and when it stops: refuse one that holds
     * anything but a stopped driver's files, rather than delete a user's files or a running driver's.
     *
     * @throws IllegalStateException naming the directory and what it holds.
     */
    public static void checkForEmbeddedDriver(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            if (Files.exists(directory))
            {
                throw new IllegalStateException("aeron.dir " + directory + " is a file, not a directory");
            }
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            final boolean cnc = Files.exists(directory.resolve(CncFileDescriptor.CNC_FILE));
            for (final Path entry : entries)
            {
                if (!cnc)
                {
                    throw new IllegalStateException("aeron.dir " + directory + " holds files that are not a media " +
                        "driver's (" + entry.getFileName() + "), and the embedded driver deletes its directory: " +
                        "give a new or empty one");
                }
            }
            if (cnc && driverRuns(directory))
            {
                throw new IllegalStateException("aeron.dir " + directory + " is in use by a running media driver " +
                    "(another engine?)");
            }
        }
        catch (final IOException | DirectoryIteratorException ex)
        {
            throw new IllegalStateException("cannot look into aeron.dir " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * With {@code aeron.embedded = false} the engine connects to a driver already running: said at once when there
     * is none, rather than after Aeron's ten-second connect timeout.
     *
     * @throws IllegalStateException naming the directory.
     */
    public static void checkForExternalDriver(final Path directory)
    {
        try
        {
            if (driverRuns(directory))
            {
                return;
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the media driver's CnC file in aeron.dir " + directory +
                ": " + ex.getMessage(), ex);
        }
        throw new IllegalStateException("aeron.embedded = false but no media driver runs at aeron.dir " + directory +
            ": start one there, or let the engine embed its own");
    }

    /**
     * @return whether a media driver that still beats has its directory here.
     * @throws IOException when its CnC file cannot be read.
     */
    private static boolean driverRuns(final Path directory) throws IOException
    {
        return hasInitialisedCnc(directory) &&
            CommonContext.isDriverActive(directory.toFile(), DRIVER_TIMEOUT_MS, (message) -> { });
    }

    /**
     * A cleanup must never stop a start: a directory that cannot be judged (a CnC file of another Aeron version,
     * or a damaged one) or deleted (another user's) is named and left.
     *
     * @return whether it was a leftover and is gone.
     */
    private static boolean sweep(final Path directory, final String pid, final Consumer<String> log)
    {
        try
        {
            if (!isLeftOver(directory, Long.parseLong(pid)))
            {
                return false;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            log.accept("left " + directory + ": cannot tell whether its engine is gone: " + ex);
            return false;
        }
        DirectoryTree.delete(directory);
        if (Files.exists(directory))
        {
            log.accept("left " + directory + ": its engine is gone but it could not be deleted");
            return false;
        }
        return true;
    }

    private static boolean isLeftOver(final Path directory, final long pid) throws IOException
    {
        return ProcessHandle.of(pid).isEmpty() && !driverRuns(directory);
    }

    /**
     * Checked first because Aeron's liveness check waits out its whole timeout for a CnC file whose driver has not
     * written its version yet, and a driver killed while starting never will.
     */
    private static boolean hasInitialisedCnc(final Path directory) throws IOException
    {
        final Path cnc = directory.resolve(CncFileDescriptor.CNC_FILE);
        if (!Files.isRegularFile(cnc) || Files.size(cnc) <= CncFileDescriptor.META_DATA_LENGTH)
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(cnc, StandardOpenOption.READ))
        {
            final ByteBuffer version = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(version, CncFileDescriptor.cncVersionOffset(0));
            return version.flip().remaining() == Integer.BYTES && version.getInt() != 0;
        }
    }
}
