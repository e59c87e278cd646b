package io.lockstep.feed.lobster;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The LOBSTER AAPL 2012-06-21 sample in src/test/resources/data/lobster (origin in src/test/resources/data/README.md):
 * a file's bytes in one buffer and where each row starts and ends, line ends excluded. Test support; allocates.
 */
public final class LobsterSample
{
    /** Maven runs tests with the module directory as working directory. */
    public static final Path DIR = Path.of("src/test/resources/data/lobster");
    public static final Path MESSAGES = DIR.resolve("AAPL_2012-06-21_34200000_57600000_message_10.csv");
    public static final Path ORDER_BOOK = DIR.resolve("AAPL_2012-06-21_34200000_57600000_orderbook_10.csv");
    public static final int ROWS = 999;
    public static final int LEVELS = 10;

    public final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final int rows;

    private LobsterSample(final byte[] bytes)
    {
        buffer = new UnsafeBuffer(bytes);
        int[] starts = new int[1024];
        int[] ends = new int[1024];
        int count = 0;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++)
        {
            if (i == bytes.length || bytes[i] == '\n')
            {
                int end = i;
                if (end > start && bytes[end - 1] == '\r')
                {
                    end--;
                }
                if (end > start || i < bytes.length)
                {
                    if (count == starts.length)
                    {
                        starts = Arrays.copyOf(starts, count * 2);
                        ends = Arrays.copyOf(ends, count * 2);
                    }
                    starts[count] = start;
                    ends[count] = end;
                    count++;
                }
                start = i + 1;
            }
        }
        offsets = starts;
        lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            lengths[i] = ends[i] - starts[i];
        }
        rows = count;
    }

    public static LobsterSample load(final Path file)
    {
        try
        {
            return new LobsterSample(Files.readAllBytes(file));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static LobsterSample messages()
    {
        return load(MESSAGES);
    }

    public static LobsterSample orderBook()
    {
        return load(ORDER_BOOK);
    }

    public int rows()
    {
        return rows;
    }

    public int offset(final int row)
    {
        return offsets[row];
    }

    public int length(final int row)
    {
        return lengths[row];
    }

    public String text(final int row)
    {
        return buffer.getStringWithoutLengthAscii(offsets[row], lengths[row]);
    }

    /**
     * @return the buffer holding one row of ASCII text, for hand-made rows.
     */
    public static UnsafeBuffer ascii(final String row)
    {
        return new UnsafeBuffer(row.getBytes(StandardCharsets.US_ASCII));
    }
}
