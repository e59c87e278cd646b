package io.lockstep.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files a restart depends on (a run's config and manifest): replaced whole, never seen half-written, and on the
 * disk before the call returns, so that a power cut leaves the old file or the new one, not an empty one.
 */
public final class DurableFiles
{
    private DurableFiles()
    {
    }

    /**
     * Write {@code text} (UTF-8) to {@code file.partial}, force it, rename it over {@code file}, and force the
     * directory that holds the name.
     */
    public static void replace(final Path file, final String text) throws IOException
    {
        final Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ))
        {
            directory.force(true);
        }
    }
}
