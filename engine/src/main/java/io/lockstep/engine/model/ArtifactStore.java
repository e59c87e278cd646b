package io.lockstep.engine.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model artifacts a run deployed, kept in its data directory under their content hash, as directory artifacts
 * ({@code <data dir>/artifacts/<sha-256>/}). Replay takes a model from here first, so the data directory alone
 * replays its run, wherever the artifacts were loaded from and whatever has happened to those files since.
 * <p>
 * A copy is written aside, checked to hash to its name, flushed to disk, then renamed into place, so it appears
 * whole or not at all. It is never rewritten, and every use checks it again: a copy that no longer hashes to its
 * name (edited, or damaged) is refused with both hashes, never used in place of the run's model.
 */
public final class ArtifactStore
{
    public static final String DIRECTORY = "artifacts";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final String CHANGED = "it changed after it was kept";

    private final Path root;

    /**
     * @param dataDir the engine's data directory, the one holding its journals.
     */
    public ArtifactStore(final Path dataDir)
    {
        this.root = dataDir.resolve(DIRECTORY);
    }

    /**
     * Keep the bytes that were read and hashed (not a second read of the artifact's location), unless a sound copy
     * with the same hash is kept already.
     *
     * @return the kept copy.
     * @throws UncheckedIOException naming the artifact, the store and the cause when it cannot be kept.
     * @throws IllegalStateException when a copy under that name no longer hashes to it.
     */
    public Path keep(final ModelArtifact artifact)
    {
        final String hash = HexFormat.of().formatHex(artifact.contentHash());
        final Path kept = root.resolve(hash);
        if (Files.isDirectory(kept))
        {
            return check(kept, hash, CHANGED);
        }
        Path partial = null;
        boolean placed = false;
        try
        {
            Files.createDirectories(root);
            partial = Files.createTempDirectory(root, hash + ".partial-");
            artifact.writeTo(partial);
            check(partial, hash, "written out from " + artifact.location() + ", it does not read back the same");
            flushTree(partial);
            try
            {
                Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final FileAlreadyExistsException | DirectoryNotEmptyException raced)
            {
                return check(kept, hash, CHANGED);
            }
            placed = true;
            flush(root);
            return kept;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot keep model artifact " + artifact.location() + " in " + root +
                ": " + ex, ex);
        }
        finally
        {
            if (!placed)
            {
                discard(partial);
            }
        }
    }

    /**
     * @param hashHex an artifact's content hash, 64 lower-case hex digits.
     * @return its kept copy, checked, or null when none is kept (or the text is not a hash).
     * @throws IllegalStateException when the copy kept under that name no longer hashes to it.
     */
    public Path find(final String hashHex)
    {
        if (hashHex == null || !HASH.matcher(hashHex).matches())
        {
            return null;
        }
        final Path kept = root.resolve(hashHex);
        return Files.isDirectory(kept) ? check(kept, hashHex, CHANGED) : null;
    }

    private static Path check(final Path copy, final String hash, final String problem)
    {
        final String actual = HexFormat.of().formatHex(ModelArtifact.open(copy).contentHash());
        if (!actual.equals(hash))
        {
            throw new IllegalStateException("model artifact copy " + copy + " hashes to " + actual + ", not to " +
                hash + ": " + problem);
        }
        return copy;
    }

    /** Flushes every file and directory under {@code directory}, itself included. */
    private static void flushTree(final Path directory) throws IOException
    {
        try (Stream<Path> walk = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)walk::iterator)
            {
                flush(path);
            }
        }
    }

    /** A directory is flushed too, so that its entries (the files, the rename) survive a power loss. */
    private static void flush(final Path path) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    private static void discard(final Path partial)
    {
        if (partial == null)
        {
            return;
        }
        try
        {
            ModelDeployer.deleteQuietly(partial);
        }
        catch (final UncheckedIOException ex)
        {
            // Best effort: a .partial- folder left behind is never read as an artifact.
        }
    }
}
