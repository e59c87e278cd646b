package io.lockstep.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Text files read whole, strictly: a byte that is not text in the file's charset fails naming the file, the line
 * and the byte offset, where the JDK's readers say only {@code Input length = 1}.
 */
public final class TextFiles
{
    private TextFiles()
    {
    }

    /**
     * @throws FileSystemException naming the file, reason {@code not UTF-8 text: line L, byte offset B}, when the
     *                             bytes do not decode.
     */
    public static String read(final Path file, final Charset charset) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final CharsetDecoder decoder = charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate((int)Math.ceil(bytes.length * (double)decoder.maxCharsPerByte()));
        final CoderResult result = decoder.decode(in, out, true);
        if (result.isError())
        {
            throw notText(file, charset, bytes, in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** {@link #read}, split into lines as {@link Files#readAllLines} splits them. */
    public static List<String> readLines(final Path file, final Charset charset) throws IOException
    {
        return read(file, charset).lines().toList();
    }

    private static FileSystemException notText(
        final Path file, final Charset charset, final byte[] bytes, final int offset)
    {
        int line = 1;
        for (int i = 0; i < offset; i++)
        {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return new FileSystemException(file.toString(), null, "not " + charset.name() + " text: line " + line +
            ", byte offset " + offset + " (0x" + Integer.toHexString(bytes[offset] & 0xFF) + ")");
    }
}
