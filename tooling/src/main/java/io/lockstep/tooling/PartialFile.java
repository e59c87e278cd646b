package io.lockstep.tooling;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file written aside, as {@code NAME.partial} next to it, and moved into place only by {@link #commit()}:
 * a command that fails leaves no half-written output behind, and a file it would replace stays whole. Closed
 * without a commit, the partial is deleted. An output that exists and is no regular file (a pipe, {@code
 * /dev/stdout}) cannot be replaced and is written as it goes, as is one opened {@link #direct}. Failures are worded
 * {@code cannot write NAME: reason}.
 * <pre>
 * try (PartialFile file = PartialFile.open(out))
 * {
 *     file.writer().write(...);
 *     file.commit();
 * }
 * </pre>
 */
final class PartialFile implements AutoCloseable
{
    private final Path file;
    /** Null when the output is written as it goes. */
    private final Path partial;
    private final BufferedWriter writer;
    private boolean committed;

    private PartialFile(final Path file, final Path partial, final BufferedWriter writer)
    {
        this.file = file;
        this.partial = partial;
        this.writer = writer;
    }

    /**
     * @param file the output file; it is created or replaced by {@link #commit()}.
     */
    static PartialFile open(final Path file) throws IOException
    {
        if (Files.isDirectory(file))
        {
            throw FileErrors.cannotWriteDirectory(file); // found now, not after the whole output is written
        }
        if (Files.exists(file) && !Files.isRegularFile(file))
        {
            return direct(file);
        }
        try
        {
            // Through a link, the file it names is the one replaced: the link stays.
            final Path target = Files.exists(file) ? file.toRealPath() : file;
            final Path partial = target.resolveSibling(target.getFileName() + ".partial");
            return new PartialFile(target, partial, Files.newBufferedWriter(partial));
        }
        catch (final IOException ex)
        {
            throw FileErrors.cannotWrite(file, ex);
        }
    }

    /**
     * @return the output written as it goes, for one read while it grows (a replay following a running engine).
     */
    static PartialFile direct(final Path file) throws IOException
    {
        try
        {
            return new PartialFile(file, null, Files.newBufferedWriter(file));
        }
        catch (final IOException ex)
        {
            throw FileErrors.cannotWrite(file, ex);
        }
    }

    /** Write a whole file at once, through its partial. */
    static void write(final Path file, final String content) throws IOException
    {
        try (PartialFile out = open(file))
        {
            out.writer().write(content);
            out.commit();
        }
    }

    BufferedWriter writer()
    {
        return writer;
    }

    /** Close the partial and move it into place (a rename: readers see the old file or the whole new one). */
    void commit() throws IOException
    {
        try
        {
            writer.close();
            if (partial != null)
            {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException ex)
        {
            throw FileErrors.cannotWrite(file, ex);
        }
        committed = true;
    }

    /** Delete the partial unless committed. */
    public void close() throws IOException
    {
        if (committed)
        {
            return;
        }
        try
        {
            writer.close();
        }
        finally
        {
            if (partial != null)
            {
                Files.deleteIfExists(partial);
            }
        }
    }
}
