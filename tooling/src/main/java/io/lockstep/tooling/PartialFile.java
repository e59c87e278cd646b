package io.lockstep.tooling;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    /** Links followed in a chain before giving up, as Linux's ELOOP. */
    private static final int MAX_LINKS = 40;

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
     * @param file   the output file; it is created or replaced by {@link #commit()}.
     * @param inputs what the command reads, files or directories (a journal): the output may be none of them and
     *               lie inside none, since writing it would destroy what it is computed from.
     */
    static PartialFile open(final Path file, final Path... inputs) throws IOException
    {
        refuseInputs(file, inputs);
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
    static PartialFile direct(final Path file, final Path... inputs) throws IOException
    {
        refuseInputs(file, inputs);
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

    /** @throws IOException worded as {@code cannot write FILE: it is (inside) the input I of this command}. */
    static void refuseInputs(final Path file, final Path... inputs) throws IOException
    {
        final Path target = resolved(file);
        for (final Path input : inputs)
        {
            final Path source = input == null ? null : resolved(input);
            if (source != null && target.startsWith(source))
            {
                throw FileErrors.cannotWrite(file, new FileSystemException(file.toString(), null,
                    (target.equals(source) ? "it is " : "it is inside ") + "the input " + input + " of this command"));
            }
        }
    }

    /**
     * The path as the file system resolves it, so that aliases compare equal: links followed, and a {@code ..}
     * after a link taken from where the link leads.
     */
    private static Path resolved(final Path path)
    {
        return resolved(path.toAbsolutePath(), 0);
    }

    private static Path resolved(final Path absolute, final int linksFollowed)
    {
        // The longest part that exists, a dangling link included, resolved by the file system; the rest are names.
        Path existing = absolute;
        Path rest = absolute.getFileSystem().getPath("");
        while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS))
        {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        try
        {
            return existing.toRealPath().resolve(rest).normalize();
        }
        catch (final IOException ex)
        {
            if (linksFollowed < MAX_LINKS && Files.isSymbolicLink(existing))
            {
                try
                {
                    // A link to what does not exist yet: where writing through it would create the file.
                    final Path target = existing.resolveSibling(Files.readSymbolicLink(existing));
                    return resolved(target, linksFollowed + 1).resolve(rest).normalize();
                }
                catch (final IOException unreadable)
                {
                    return absolute.normalize();
                }
            }
            return absolute.normalize(); // /dev/stdout on a pipe names no file to resolve to
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
