package io.lockstep.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextLinesTest
{
    private static final Path LOBSTER =
        Path.of("src/test/resources/data/lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv");

    @TempDir
    Path temp;

    @Test
    void linesAsTheJdkSplitsThemOnARealFileAndOnEveryKindOfEnding() throws Exception
    {
        assertEquals(Files.readAllLines(LOBSTER, StandardCharsets.US_ASCII),
            TextLines.readLines(LOBSTER, StandardCharsets.US_ASCII));
        // The last: a carriage return ending the first 64 KiB read, its line feed starting the next.
        final String[] texts = { "", "a", "a\n", "a\n\n", "\r\n", "a\rb\r\nc\n\rd", "\u00e9\u20ac\ud83d\ude00\n",
            "x".repeat(65_535) + "\r\ny\n" };
        for (final String text : texts)
        {
            final Path file = Files.writeString(temp.resolve("t.txt"), text);
            assertEquals(Files.readAllLines(file), TextLines.readLines(file, StandardCharsets.UTF_8),
                text.length() > 40 ? "64 KiB" : text);
        }
    }

    @Test
    void aBadByteIsNamedByLineAndOffsetEvenChunksAfterTheStart() throws Exception
    {
        // 20,000 lines of 10 bytes, CRLF every other line, then a truncated two-byte sequence: far past the first
        // 64 KiB read.
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++)
        {
            bytes.writeBytes((i % 2 == 0 ? "12345678\r\n" : "123456789\n").getBytes(StandardCharsets.US_ASCII));
        }
        final int offset = bytes.size() + 3;
        bytes.writeBytes(new byte[] { 'a', 'b', 'c', (byte)0xC3, 'x', '\n' });
        final Path file = Files.write(temp.resolve("bad.csv"), bytes.toByteArray());
        final FileSystemException ex = assertThrows(FileSystemException.class,
            () -> TextLines.readLines(file, StandardCharsets.UTF_8));
        assertEquals(file + ": not UTF-8 text: line 20001, byte offset " + offset + " (0xc3)", ex.getMessage());

        try (TextLines lines = TextLines.open(file, StandardCharsets.UTF_8))
        {
            for (int i = 0; i < 20_000; i++)
            {
                assertEquals(i % 2 == 0 ? "12345678" : "123456789", lines.next());
            }
            assertEquals(20_000, lines.lineNumber());
            assertThrows(FileSystemException.class, lines::next);
        }
        final Path ascii = Files.write(temp.resolve("ascii.txt"), new byte[] { 'o', 'k', '\n', (byte)0xE9 });
        assertEquals(List.of(ascii + ": not US-ASCII text: line 2, byte offset 3 (0xe9)"),
            List.of(assertThrows(FileSystemException.class,
            () -> TextLines.readLines(ascii, StandardCharsets.US_ASCII)).getMessage()));
    }
}
