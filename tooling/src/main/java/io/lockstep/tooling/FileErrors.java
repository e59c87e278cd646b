package io.lockstep.tooling;

import io.lockstep.engine.config.ConfigException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * How the command line words a file-system error: what went wrong with which file, in words rather than the
 * name of a Java exception. {@link LockstepCli#oneLine} asks here first, so every command words them alike.
 */
final class FileErrors
{
    /** What Linux says when a directory is opened as a file, with no path in the exception. */
    private static final String IS_A_DIRECTORY = "Is a directory";

    private FileErrors()
    {
    }

    /**
     * @param cause why {@code file} could not be written.
     * @return an exception worded as {@code cannot write FILE: REASON}, FILE being the file asked for (not the
     * partial written aside).
     */
    static IOException cannotWrite(final Path file, final IOException cause)
    {
        return new CannotWrite(file, cause);
    }

    /** @return why {@code file} cannot be written: it is a directory. */
    static IOException cannotWriteDirectory(final Path file)
    {
        return new CannotWrite(file, new FileSystemException(file.toString(), null, IS_A_DIRECTORY));
    }

    /**
     * @return the file-system error in {@code ex} or its causes, in words; null when there is none.
     */
    static String describe(final Throwable ex)
    {
        Path written = null;
        String source = null;
        for (Throwable cause = ex; cause != null; cause = cause.getCause())
        {
            if (cause instanceof CannotWrite write)
            {
                written = write.file;
            }
            else if (cause instanceof ConfigException config)
            {
                source = config.source(); // the path a bare "Is a directory" leaves out
            }
            else if (cause instanceof FileSystemException || isDirectoryError(cause))
            {
                final String file = cause instanceof FileSystemException fs ? fs.getFile() : source;
                return words(cause, file, written);
            }
        }
        return null;
    }

    /**
     * @param file    the file the error names, or null when it names none.
     * @param written the file a write was asked for, or null.
     */
    private static String words(final Throwable ex, final String file, final Path written)
    {
        final String reason;
        final String alone; // %1$s the file, %2$s the reason
        if (ex instanceof NoSuchFileException)
        {
            final Path parent = file == null ? null : Path.of(file).toAbsolutePath().getParent();
            reason = parent == null || Files.isDirectory(parent) ? "no such file" : "no such directory";
            alone = "no such file: %1$s";
        }
        else if (ex instanceof AccessDeniedException)
        {
            reason = "permission denied";
            alone = "permission denied: %1$s";
        }
        else if (ex instanceof FileAlreadyExistsException)
        {
            reason = "it already exists";
            alone = "%1$s already exists";
        }
        else if (ex instanceof NotDirectoryException)
        {
            reason = "not a directory";
            alone = "%1$s is not a directory";
        }
        else if (isDirectoryError(ex))
        {
            reason = "it is a directory, not a file";
            alone = "%1$s is a directory, not a file";
        }
        else
        {
            final String text = ex instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() :
                ex.getClass().getSimpleName();
            reason = Character.toLowerCase(text.charAt(0)) + text.substring(1);
            alone = "%1$s: %2$s";
        }
        if (written != null)
        {
            return "cannot write " + written + ": " + reason;
        }
        return file != null ? String.format(alone, file, reason) : reason;
    }

    private static boolean isDirectoryError(final Throwable ex)
    {
        final String message = ex instanceof FileSystemException fs ? fs.getReason() : ex.getMessage();
        return ex instanceof IOException && IS_A_DIRECTORY.equals(message);
    }

    /** A write that failed, naming the file asked for; its cause says why. */
    private static final class CannotWrite extends IOException
    {
        private static final long serialVersionUID = 1L;

        private final transient Path file;

        CannotWrite(final Path file, final IOException cause)
        {
            super("cannot write " + file + ": " + cause.getMessage(), cause);
            this.file = file;
        }
    }
}
