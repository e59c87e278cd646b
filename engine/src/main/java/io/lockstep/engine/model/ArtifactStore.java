package io.lockstep.engine.model;

import io.lockstep.engine.EngineSettings;
import io.lockstep.util.DirectoryTree;
import io.lockstep.util.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a run read from outside its data directory, kept in it under content hashes, so that the data directory
 * alone replays the run, wherever those files were and whatever has happened to them since:
 * <ul>
 * <li>model artifacts, as directory artifacts: {@code <data dir>/artifacts/<content hash>/};</li>
 * <li>single files (the feature graph, a plain model file): {@code <data dir>/artifacts/files/<sha-256>/<name>}.</li>
 * </ul>
 * A copy is written aside, checked to hash to its name, flushed to disk, then renamed into place, so it appears
 * whole or not at all. It is never rewritten, and every use checks it again: a copy that no longer hashes to its
 * name (edited, or damaged) is refused with both hashes, never used in place of what the run read.
 */
public final class ArtifactStore
{
    public static final String DIRECTORY = "artifacts";
    private static final String FILES = "files";
    private static final String PARTIAL = ".partial-";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final String CHANGED =
        "it changed after it was kept (remove it to use the original path)";

    /** Writes a copy into an empty directory. */
    @FunctionalInterface
    private interface Writer
    {
        void writeTo(Path directory) throws IOException;
    }

    private final Path dataDir;
    private final Path root;

    /**
     * @param dataDir the engine's data directory, the one holding its journals.
     */
    public ArtifactStore(final Path dataDir)
    {
        this.dataDir = dataDir;
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
        return place(root, HexFormat.of().formatHex(artifact.contentHash()), artifact.location().toString(),
            artifact::writeTo, ArtifactStore::artifactHash);
    }

    /**
     * Read a file once and keep those bytes, under their SHA-256.
     *
     * @param what the setting that names the file, for messages ({@code features.file}).
     * @return the kept copy of the file, which has the file's name.
     */
    public Path keepFile(final String what, final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + ex, ex);
        }
        final Path name = file.getFileName();
        return onlyFile(place(root.resolve(FILES), Sha256.hex(bytes), file.toString(),
            (directory) -> Files.write(directory.resolve(name.toString()), bytes), ArtifactStore::fileHash));
    }

    /**
     * Delete the partial copies a crash left (a copy is written aside as {@code <hash>.partial-*} and renamed
     * into place when whole). Only while no copy is being written: the engine calls it as it starts, with the
     * data directory locked.
     *
     * @return how many were deleted (one that cannot be is left: it is never read as a copy).
     */
    public int removePartialCopies()
    {
        int removed = 0;
        for (final Path under : List.of(root, root.resolve(FILES)))
        {
            if (!Files.isDirectory(under))
            {
                continue;
            }
            try (DirectoryStream<Path> partials = Files.newDirectoryStream(under, "*" + PARTIAL + "*"))
            {
                for (final Path partial : partials)
                {
                    DirectoryTree.delete(partial);
                    removed += Files.exists(partial) ? 0 : 1;
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot list " + under + ": " + ex, ex);
            }
        }
        return removed;
    }

    /**
     * @return the content hashes of the model artifacts kept, sorted; not checked (see {@link #find}).
     */
    public List<String> artifactHashes()
    {
        if (!Files.isDirectory(root))
        {
            return List.of();
        }
        try (Stream<Path> kept = Files.list(root))
        {
            return kept.filter(Files::isDirectory).map((path) -> path.getFileName().toString())
                .filter((name) -> HASH.matcher(name).matches()).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the artifacts kept in " + root, ex);
        }
    }

    /**
     * @param prefix the first lower-case hex digits of a hash, as outputs print them.
     * @return the one kept artifact's hash that starts with them.
     * @throws IllegalArgumentException naming the store when none does, or the hashes when several do.
     */
    public String hashStartingWith(final String prefix)
    {
        final List<String> matches = artifactHashes().stream().filter((hash) -> hash.startsWith(prefix)).toList();
        if (matches.size() != 1)
        {
            throw new IllegalArgumentException(matches.isEmpty() ?
                "no model artifact kept in " + root + " has a hash starting " + prefix + " (the engine keeps " +
                "each artifact it loads there)" :
                "the hash prefix " + prefix + " names " + matches.size() + " kept artifacts: " + matches);
        }
        return matches.get(0);
    }

    /**
     * @param hashHex an artifact's content hash, 64 lower-case hex digits.
     * @return its kept copy, checked, or null when none is kept (or the text is not a hash).
     * @throws IllegalStateException when the copy kept under that name no longer hashes to it.
     */
    public Path find(final String hashHex)
    {
        return find(root, hashHex, ArtifactStore::artifactHash);
    }

    /**
     * Point the settings at the copies kept of the files their config names, found by the run manifest's hashes,
     * where {@code replace} says so of the configured path: replay always (the files may have changed since the
     * run), a restarted engine where a configured file is gone. A run from before the store has no copies, and its
     * settings keep their paths.
     *
     * @return each setting pointed at a copy, as {@code key configured-path -> copy}.
     */
    public List<String> useKeptCopies(
        final EngineSettings settings, final Properties manifest, final Predicate<Path> replace)
    {
        final List<String> used = new ArrayList<>();
        if (settings.featuresFile != null && replace.test(settings.featuresFile))
        {
            settings.featuresFile = kept(used, "features.file", settings.featuresFile,
                findFile(manifest.getProperty("features.file.hash")));
        }
        if (settings.modelFile != null && replace.test(settings.modelFile))
        {
            settings.modelFile = kept(used, "model.file", settings.modelFile,
                findFile(manifest.getProperty("model.hash")));
        }
        if (settings.modelArtifact != null && replace.test(settings.modelArtifact))
        {
            settings.modelArtifact = kept(used, "model.artifact", settings.modelArtifact,
                find(manifest.getProperty("model.hash")));
        }
        return used;
    }

    private static Path kept(final List<String> used, final String key, final Path configured, final Path copy)
    {
        if (copy == null)
        {
            return configured;
        }
        used.add(key + " " + configured + " -> " + copy);
        return copy;
    }

    /**
     * @param hashHex a file's SHA-256, 64 lower-case hex digits.
     * @return the kept copy of the file, checked, or null when none is kept (or the text is not a hash).
     * @throws IllegalStateException when the copy kept under that name no longer hashes to it.
     */
    public Path findFile(final String hashHex)
    {
        final Path kept = find(root.resolve(FILES), hashHex, ArtifactStore::fileHash);
        return kept == null ? null : onlyFile(kept);
    }

    private static Path find(final Path under, final String hashHex, final Function<Path, String> hasher)
    {
        if (hashHex == null || !HASH.matcher(hashHex).matches())
        {
            return null;
        }
        final Path kept = under.resolve(hashHex);
        return Files.isDirectory(kept) ? check(kept, hashHex, hasher, CHANGED) : null;
    }

    private Path place(
        final Path under, final String hash, final String source, final Writer writer,
        final Function<Path, String> hasher)
    {
        final Path kept = under.resolve(hash);
        if (Files.isDirectory(kept))
        {
            return check(kept, hash, hasher, CHANGED);
        }
        Path partial = null;
        boolean placed = false;
        try
        {
            Files.createDirectories(under);
            partial = Files.createTempDirectory(under, hash + PARTIAL);
            writer.writeTo(partial);
            check(partial, hash, hasher, "written out from " + source + ", it does not read back the same");
            flushTree(partial);
            try
            {
                Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final FileAlreadyExistsException | DirectoryNotEmptyException raced)
            {
                return check(kept, hash, hasher, CHANGED);
            }
            placed = true;
            // The rename, and the folders createDirectories may just have made, up to the data directory.
            for (Path directory = under; directory != null && directory.startsWith(dataDir);
                directory = directory.getParent())
            {
                flush(directory);
            }
            return kept;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot keep " + source + " in " + under + ": " + ex, ex);
        }
        finally
        {
            if (!placed)
            {
                DirectoryTree.delete(partial);
            }
        }
    }

    private static Path check(
        final Path kept, final String hash, final Function<Path, String> hasher, final String problem)
    {
        final String actual = hasher.apply(kept);
        if (!actual.equals(hash))
        {
            throw new IllegalStateException("kept copy " + kept + " hashes to " + actual + ", not to " + hash +
                ": " + problem);
        }
        return kept;
    }

    /**
     * @return the kept artifact's content hash; when it is the one the copy is kept under, its manifest must state
     * it too, as the deploy contract checks.
     */
    private static String artifactHash(final Path directory)
    {
        final ModelArtifact artifact = ModelArtifact.open(directory);
        final String actual = HexFormat.of().formatHex(artifact.contentHash());
        final String stated = artifact.manifest().string(ModelArtifact.HASH_KEY, "");
        if (actual.equals(directory.getFileName().toString()) && !stated.equals(actual))
        {
            throw new IllegalStateException("kept copy " + directory + " hashes to " + actual + " but its manifest " +
                "states " + ModelArtifact.HASH_KEY + " " + (stated.isEmpty() ? "none" : stated) + ": the deploy " +
                "contract would refuse it");
        }
        return actual;
    }

    private static String fileHash(final Path directory)
    {
        try
        {
            return Sha256.hex(Files.readAllBytes(onlyFile(directory)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read kept copy " + directory + ": " + ex, ex);
        }
    }

    private static Path onlyFile(final Path directory)
    {
        try (Stream<Path> entries = Files.list(directory))
        {
            final List<Path> files = entries.toList();
            if (files.size() != 1 || !Files.isRegularFile(files.get(0)))
            {
                throw new IllegalStateException("kept copy " + directory + " should hold one file, not " + files);
            }
            return files.get(0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read kept copy " + directory + ": " + ex, ex);
        }
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
}
