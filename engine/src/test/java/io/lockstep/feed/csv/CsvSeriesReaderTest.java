package io.lockstep.feed.csv;

import io.lockstep.sbe.md.AggressorSide;
import io.lockstep.sbe.md.BarDecoder;
import io.lockstep.sbe.md.InstrumentDefinitionDecoder;
import io.lockstep.sbe.md.MessageHeaderDecoder;
import io.lockstep.sbe.md.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvSeriesReaderTest
{
    private static final Path MSFT =
        Path.of("src/test/resources/data/ohlcv/MSFT_2000-09-27_2001-09-27_daily_ohlcv.csv");
    private static final Path USDCHF = Path.of("src/test/resources/data/ohlcv/USDCHF_1996-2001_30min.csv");

    private static List<byte[]> read(final CsvSeriesReader reader, final Path file) throws Exception
    {
        final List<byte[]> messages = new ArrayList<>();
        reader.read(file, (buffer, offset, length, timeNs) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(copy);
        });
        return messages;
    }

    @Test
    void dailyOhlcvBecomesBarsWithExactPrices() throws Exception
    {
        final CsvSeriesReader reader = new CsvSeriesReader(7, "MSFT", -4, null);
        final List<byte[]> messages = read(reader, MSFT);
        assertTrue(reader.isBars());
        assertEquals(249, reader.rows());
        assertEquals(250, messages.size());

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(messages.get(0)), 0, header);
        assertEquals(7, definition.instrumentId());
        assertEquals("MSFT", definition.symbol());
        assertEquals(-4, definition.priceExponent());
        assertEquals(970_012_800_000_000_000L, definition.eventTimeNs(), "known from the first row, 2000-09-27");

        // 2000-09-27,63.4375,63.5625,59.8125,60.625,53077800 and the next row's date 2000-09-28
        final BarDecoder bar = new BarDecoder().wrapAndApplyHeader(new UnsafeBuffer(messages.get(1)), 0, header);
        final List<String> lines = Files.readAllLines(MSFT);
        final String[] first = lines.get(1).split(",");
        assertEquals(first[0], "2000-09-27");
        assertEquals(970_012_800_000_000_000L, bar.startTimeNs(), "2000-09-27T00:00Z");
        assertEquals(970_012_800_000_000_000L + 86_400_000_000_000L, bar.endTimeNs(), "next row, 2000-09-28");
        assertEquals(Math.round(Double.parseDouble(first[1]) * 10_000), bar.openPrice());
        assertEquals(634_375, bar.openPrice());
        assertEquals(Math.round(Double.parseDouble(first[2]) * 10_000), bar.highPrice());
        assertEquals(Math.round(Double.parseDouble(first[3]) * 10_000), bar.lowPrice());
        assertEquals(Math.round(Double.parseDouble(first[4]) * 10_000), bar.closePrice());
        assertEquals(Long.parseLong(first[5]), bar.volume());

        final BarDecoder last = new BarDecoder().wrapAndApplyHeader(new UnsafeBuffer(messages.get(249)), 0, header);
        assertEquals(86_400_000_000_000L, last.endTimeNs() - last.startTimeNs(),
            "the last bar lasts as long as the shortest before it: a day");
    }

    @Test
    void ticksFromANamedColumnWithRealTimes() throws Exception
    {
        final Path ticks = Files.createTempFile(Path.of("target"), "usdchf", ".csv");
        Files.write(ticks, Files.readAllLines(USDCHF).subList(0, 101));
        final CsvSeriesReader reader = new CsvSeriesReader(2, "USDCHF", -5, "usdchf");
        final List<byte[]> messages = read(reader, ticks);
        assertFalse(reader.isBars());
        assertEquals(100, reader.rows());
        final TradeDecoder trade = new TradeDecoder().wrapAndApplyHeader(
            new UnsafeBuffer(messages.get(1)), 0, new MessageHeaderDecoder());
        assertEquals(828_309_600_000_000_000L, trade.eventTimeNs(), "1996-03-31T22:00:00Z (date -u -d @828309600)");
        assertEquals(119_300, trade.price(), "1.193 at exponent -5");
        assertEquals(0, trade.quantity());
        assertEquals(AggressorSide.UNKNOWN, trade.aggressorSide());
    }

    @Test
    void badRowsAreRefusedNamingFileAndLine(@TempDir final Path temp) throws Exception
    {
        final String header = "time,price,size,side\n";
        final String[][] cases = {
            { "2001-01-01T00:00:00Z,1.23456,10,B\n", ":2: price 1.23456 has more decimals than price exponent -4" },
            { "2001-01-01T00:00:00Z,1.2,10,B\nyesterday,1.2,10,B\n", ":3: time 'yesterday' is not an ISO-8601" },
            { "2001-01-02T00:00:00Z,1.2,10,B\n2001-01-01T00:00:00Z,1.2,10,B\n",
                ":3: time 2001-01-01T00:00:00Z goes back" },
            { "2001-01-01T00:00:00Z,1.2,10\n", ":2: 3 fields, expected 4 as the header" },
            { "2001-01-01T00:00:00Z,abc,10,B\n", ":2: price 'abc' is not a number" },
            { "2001-01-01T00:00:00Z,1.2,1.5,B\n", ":2: size '1.5' is not a whole number" },
            { "2001-01-01T00:00:00Z,1.2,-100,B\n", ":2: size '-100' is negative" },
            // Offsets west of UTC read as instants as those east do: 14:30 UTC, then 14:00 UTC goes back.
            { "2001-01-01T09:30:00-05:00,1.2,10,B\n2001-01-01T15:00:00+01:00,1.2,10,B\n",
                ":3: time 2001-01-01T15:00:00+01:00 goes back" },
            { "2001-01-01T00:00:00Z,1.2,10,X\n", ":2: side 'X', expected B, S" } };
        int i = 0;
        for (final String[] c : cases)
        {
            final Path file = temp.resolve("case" + i++ + ".csv");
            Files.writeString(file, header + c[0]);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> read(new CsvSeriesReader(1, "X", -4, null), file));
            assertTrue(ex.getMessage().startsWith(file + c[1]), ex.getMessage());
        }
        final String[][] more = {
            { "time,price,price\n2001-01-01T00:00:00Z,1,1\n", ":1: column 'price' is named twice in the header" },
            { "time,price\n2001-01-01T00:00:00Z,1e300\n", ":2: price 1e300 is too large for a 64-bit mantissa" },
            { "time,price\n", ": no rows after the header" },
            { "date,open,high,low,close\n2001-01-01,1,2,0.5,1.5\n2001-01-02,1,0.5,2,1\n",
                ":3: bar open 1, high 0.5, low 2, close 1: the high must be the highest and the low the lowest" },
            { "date,open,high,low,close\n2001-01-01,3,2,0.5,1.5\n2001-01-02,1,2,0.5,1\n",
                ":2: bar open 3, high 2, low 0.5, close 1.5: the high must be the highest" },
            { "date,open,high,low,close\n2001-01-01,1,2,0.5,1.5\n2001-01-01,1,2,0.5,1\n",
                ":3: a second bar at 2001-01-01: a bar lasts until the next one starts" } };
        for (final String[] c : more)
        {
            final Path file = temp.resolve("case" + i++ + ".csv");
            Files.writeString(file, c[0]);
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> read(new CsvSeriesReader(1, "X", -4, null), file));
            assertTrue(refused.getMessage().startsWith(file + c[1]), refused.getMessage());
        }
        final Path noPrice = temp.resolve("noprice.csv");
        Files.writeString(noPrice, "time,bid\n2001-01-01T00:00:00Z,1\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> read(new CsvSeriesReader(1, "X", -4, null), noPrice));
        assertTrue(ex.getMessage().startsWith(noPrice + ":1: no price column"), ex.getMessage());
    }
}
