package io.lockstep.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Best-effort removal of scratch directories (unpacked artifacts, partial copies). These run in cleanup paths,
 * often in a {@code finally}, so they never throw: a scratch folder left behind is harmless, masking the real
 * outcome is not.
 */
public final class DirectoryTree
{
    private DirectoryTree()
    {
    }

    /** Delete a directory and everything under it, deepest first; a null or missing directory is nothing to do. */
    public static void delete(final Path directory)
    {
        if (directory == null || !Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory))
        {
            walk.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // Best effort, see the class comment.
        }
    }

    /** Have the JVM delete the directory at exit: it deletes in reverse order of registration, files first. */
    public static void deleteOnExit(final Path directory)
    {
        try (Stream<Path> walk = Files.walk(directory))
        {
            walk.forEach((path) -> path.toFile().deleteOnExit());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // Best effort, see the class comment.
        }
    }
}
