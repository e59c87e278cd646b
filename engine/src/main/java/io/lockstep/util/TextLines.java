package io.lockstep.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A text file's lines, read as they are needed, strictly: a byte that is not text in the file's charset fails
 * naming the file, the line and the byte offset, where the JDK's readers say only {@code Input length = 1} (or,
 * replacing, let the bad byte through as U+FFFD). Lines end at {@code \n}, {@code \r} or {@code \r\n}, as
 * {@link java.io.BufferedReader#readLine()} ends them.
 */
public final class TextLines implements AutoCloseable
{
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final Charset charset;
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
    private final CharBuffer chars = CharBuffer.allocate(CHUNK);
    private final StringBuilder line = new StringBuilder();
    /** Bytes decoded before those now in {@link #bytes}: the offset of its first. */
    private long bytesBefore;
    private int lineNumber;
    private boolean endOfInput;
    private boolean flushed;
    private boolean afterCarriageReturn;
    /** Bytes that do not decode, met ahead: thrown once the lines before them have been read. */
    private FileSystemException notText;

    private TextLines(final Path file, final Charset charset) throws IOException
    {
        this.file = file;
        this.charset = charset;
        this.in = Files.newInputStream(file);
        this.decoder = charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
    }

    public static TextLines open(final Path file, final Charset charset) throws IOException
    {
        return new TextLines(file, charset);
    }

    /** The whole file's lines. */
    public static List<String> readLines(final Path file, final Charset charset) throws IOException
    {
        final List<String> lines = new ArrayList<>();
        try (TextLines reader = open(file, charset))
        {
            for (String line = reader.next(); line != null; line = reader.next())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The whole file as text, each line ended by {@code \n}. */
    public static String read(final Path file, final Charset charset) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        try (TextLines reader = open(file, charset))
        {
            for (String line = reader.next(); line != null; line = reader.next())
            {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The lines of a UTF-8 file a user named (a feature file, a model file), with the errors a user reads.
     *
     * @param what what the file should be, for the error when it is missing: {@code no such WHAT: FILE}.
     * @throws IllegalArgumentException when the file does not exist.
     * @throws UncheckedIOException     of a {@link FileSystemException} naming the file when it cannot be read (a
     *                                  directory, no permission) or is not UTF-8 text.
     */
    public static List<String> readInputLines(final Path file, final String what)
    {
        try
        {
            return readLines(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("no such " + what + ": " + file);
        }
        catch (final IOException ex)
        {
            // A bare "Is a directory" names no file, so the file is put in; the message is the cause's own, without
            // its class name, for whoever shows only the message (an admin answer).
            final FileSystemException named = ex instanceof FileSystemException fs ? fs :
                new FileSystemException(file.toString(), null, ex.getMessage());
            throw new UncheckedIOException(named.getMessage(), named);
        }
    }

    /** As {@link #readInputLines(Path, String)}, the text with each line ended by {@code \n}. */
    public static String readInput(final Path file, final String what)
    {
        final StringBuilder text = new StringBuilder();
        for (final String line : readInputLines(file, what))
        {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /**
     * @return the next line without its terminator, or null at the end of the file.
     * @throws FileSystemException naming the file, reason {@code not UTF-8 text: line L, byte offset B (0xNN)}.
     */
    public String next() throws IOException
    {
        line.setLength(0);
        while (true)
        {
            while (chars.hasRemaining())
            {
                final char c = chars.get();
                if (afterCarriageReturn && c == '\n')
                {
                    afterCarriageReturn = false;
                    continue;
                }
                afterCarriageReturn = c == '\r';
                if (c == '\n' || c == '\r')
                {
                    lineNumber++;
                    return line.toString();
                }
                line.append(c);
            }
            if (notText != null)
            {
                throw notText;
            }
            if (flushed)
            {
                if (line.length() == 0)
                {
                    return null;
                }
                lineNumber++;
                return line.toString();
            }
            decodeMore();
        }
    }

    /** @return the number of the line {@link #next()} returned last, from 1. */
    public int lineNumber()
    {
        return lineNumber;
    }

    public void close() throws IOException
    {
        in.close();
    }

    private void decodeMore() throws IOException
    {
        chars.clear();
        if (!endOfInput)
        {
            bytesBefore += bytes.position();
            bytes.compact();
            final int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (read < 0)
            {
                endOfInput = true;
            }
            else
            {
                bytes.position(bytes.position() + read);
            }
            bytes.flip();
        }
        final CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (result.isError())
        {
            chars.flip();
            notText = notText();
            return;
        }
        if (endOfInput && result.isUnderflow())
        {
            decoder.flush(chars);
            flushed = true;
        }
        chars.flip();
    }

    /** The bad bytes come after the characters just decoded: their lines are counted first. */
    private FileSystemException notText()
    {
        int lineOfError = lineNumber + 1;
        boolean carriageReturn = afterCarriageReturn;
        for (int i = 0; i < chars.limit(); i++)
        {
            final char c = chars.get(i);
            if (!(carriageReturn && c == '\n') && (c == '\n' || c == '\r'))
            {
                lineOfError++;
            }
            carriageReturn = c == '\r';
        }
        final int offset = bytes.position();
        return new FileSystemException(file.toString(), null, "not " + charset.name() + " text: line " +
            lineOfError + ", byte offset " + (bytesBefore + offset) + " (0x" +
            Integer.toHexString(bytes.get(offset) & 0xFF) + ")");
    }
}
