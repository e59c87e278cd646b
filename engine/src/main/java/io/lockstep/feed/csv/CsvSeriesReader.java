package io.lockstep.feed.csv;

import io.lockstep.sbe.md.AggressorSide;
import io.lockstep.sbe.md.BarEncoder;
import io.lockstep.sbe.md.InstrumentDefinitionEncoder;
import io.lockstep.sbe.md.MessageHeaderEncoder;
import io.lockstep.sbe.md.TradeEncoder;
import io.lockstep.util.TextLines;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a CSV series that has no book (daily or intraday bars, or ticks) and turns each row into Lockstep SBE
 * market data: an InstrumentDefinition first, then one Bar per row when the header has open, high, low and close,
 * else one Trade per row (price from the {@code price} column or a named one; size from {@code size}, {@code volume}
 * or {@code qty} if present, else 0; aggressor from {@code side}: B/BUY/1 or S/SELL/-1). Parsing happens once, at
 * import: the journal then holds the SBE bytes the engine consumes.
 * <p>
 * Times: the first column named timestamp_utc, timestamp, time, datetime or date; ISO-8601 instants
 * ({@code 1996-03-31T22:00:00Z}), local date-times taken as UTC ({@code 2001-03-30 23:30:00}), dates (midnight UTC)
 * or plain numbers (seconds since the epoch, with a fraction). A bar starts at its row's time and ends at the next
 * row's; the last bar, whose next row the file does not have, lasts as long as the shortest bar before it (a lone
 * bar ends where it starts). Each message is stamped with the time it could first be known: a bar with its end, the
 * InstrumentDefinition with the first row's time. Prices are converted exactly to mantissas at the given exponent;
 * a price with more decimals than the exponent allows, or too large for it, is an error naming the line, as is a
 * bar whose high is below its low or whose open or close lies outside them. Rows must not go back in time; a header
 * must not name a column twice, and rows must follow it; two bars must not start at the same time.
 */
public final class CsvSeriesReader
{
    /** Receives each encoded message. */
    @FunctionalInterface
    public interface MessageHandler
    {
        void onMessage(MutableDirectBuffer buffer, int offset, int length, long eventTimeNs);
    }

    private static final List<String> TIME_COLUMNS = List.of("timestamp_utc", "timestamp", "time", "datetime", "date");

    private final int instrumentId;
    private final String symbol;
    private final int priceExponent;
    private final String priceColumn;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long rows;
    private boolean bars;

    /**
     * @param priceColumn the tick price column, or null for {@code price} (ignored for OHLC bars).
     */
    public CsvSeriesReader(
        final int instrumentId, final String symbol, final int priceExponent, final String priceColumn)
    {
        this.instrumentId = instrumentId;
        this.symbol = symbol;
        this.priceExponent = priceExponent;
        this.priceColumn = priceColumn;
    }

    /**
     * @throws IllegalArgumentException naming file and line for any row it cannot turn into a message exactly.
     */
    public void read(final Path file, final MessageHandler handler) throws IOException
    {
        try (TextLines reader = TextLines.open(file, StandardCharsets.UTF_8))
        {
            final String headerLine = reader.next();
            if (headerLine == null)
            {
                throw new IllegalArgumentException(file + ": empty file, expected a header line");
            }
            final List<String> columns = Arrays.stream(headerLine.split(",", -1))
                .map((c) -> c.trim().toLowerCase(Locale.ROOT)).toList();
            for (final String column : columns)
            {
                if (!column.isEmpty() && columns.indexOf(column) != columns.lastIndexOf(column))
                {
                    throw new IllegalArgumentException(file + ":1: column '" + column + "' is named twice in the " +
                        "header " + columns);
                }
            }
            final int time = firstOf(columns, TIME_COLUMNS);
            if (time < 0)
            {
                throw new IllegalArgumentException(file + ":1: no time column, expected one of " + TIME_COLUMNS);
            }
            final int open = columns.indexOf("open");
            final int high = columns.indexOf("high");
            final int low = columns.indexOf("low");
            final int close = columns.indexOf("close");
            final int size = firstOf(columns, List.of("volume", "size", "qty"));
            final int side = columns.indexOf("side");
            bars = open >= 0 && high >= 0 && low >= 0 && close >= 0;
            final int price = bars ? close :
                columns.indexOf(priceColumn == null ? "price" : priceColumn.toLowerCase(Locale.ROOT));
            if (price < 0)
            {
                throw new IllegalArgumentException(file + ":1: no price column: expected 'price', or open, high, " +
                    "low and close, or a column named with --column (columns: " + columns + ")");
            }

            final TradeEncoder trade = new TradeEncoder();
            final BarEncoder bar = new BarEncoder();
            String[] pending = null;
            long pendingTime = 0;
            int pendingLine = 0;
            long shortestBarNs = Long.MAX_VALUE;
            long previousTime = Long.MIN_VALUE;
            int lineNumber = 1;
            String line;
            while ((line = reader.next()) != null)
            {
                lineNumber++;
                if (line.isBlank())
                {
                    continue;
                }
                final String where = file + ":" + lineNumber;
                final String[] fields = line.split(",", -1);
                if (fields.length != columns.size())
                {
                    throw new IllegalArgumentException(where + ": " + fields.length + " fields, expected " +
                        columns.size() + " as the header");
                }
                final long eventTimeNs = parseTime(fields[time].trim(), where);
                if (eventTimeNs < previousTime)
                {
                    throw new IllegalArgumentException(where + ": time " + fields[time] + " goes back in time");
                }
                if (bars && eventTimeNs == previousTime)
                {
                    throw new IllegalArgumentException(where + ": a second bar at " + fields[time].trim() +
                        ": a bar lasts until the next one starts");
                }
                if (previousTime == Long.MIN_VALUE)
                {
                    define(eventTimeNs, handler);
                }
                previousTime = eventTimeNs;
                if (bars)
                {
                    if (pending != null)
                    {
                        shortestBarNs = Math.min(shortestBarNs, eventTimeNs - pendingTime);
                        emitBar(bar, pending, pendingTime, eventTimeNs, open, high, low, close, size,
                            file + ":" + pendingLine, handler);
                    }
                    pending = fields;
                    pendingTime = eventTimeNs;
                    pendingLine = lineNumber;
                    continue;
                }
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + trade.wrapAndApplyHeader(buffer, 0, header)
                    .instrumentId(instrumentId)
                    .eventTimeNs(eventTimeNs)
                    .tradeId(++rows)
                    .price(mantissa(fields[price], where))
                    .quantity(size >= 0 ? quantity(fields[size], where) : 0)
                    .aggressorSide(side >= 0 ? side(fields[side], where) : AggressorSide.UNKNOWN)
                    .encodedLength();
                handler.onMessage(buffer, 0, length, eventTimeNs);
            }
            if (previousTime == Long.MIN_VALUE)
            {
                throw new IllegalArgumentException(file + ": no rows after the header");
            }
            if (pending != null)
            {
                emitBar(bar, pending, pendingTime, pendingTime + (shortestBarNs == Long.MAX_VALUE ? 0 : shortestBarNs),
                    open, high, low, close, size, file + ":" + pendingLine, handler);
            }
        }
    }

    private void define(final long eventTimeNs, final MessageHandler handler)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .instrumentId(instrumentId).eventTimeNs(eventTimeNs).symbol(symbol).venue("CSV").currency("")
            .priceExponent((byte)priceExponent).tickSize(1).lotSize(1).encodedLength();
        handler.onMessage(buffer, 0, length, eventTimeNs);
    }

    private void emitBar(
        final BarEncoder bar, final String[] fields, final long startNs, final long endNs, final int open,
        final int high, final int low, final int close, final int size, final String where,
        final MessageHandler handler)
    {
        rows++;
        final long openPrice = mantissa(fields[open], where);
        final long highPrice = mantissa(fields[high], where);
        final long lowPrice = mantissa(fields[low], where);
        final long closePrice = mantissa(fields[close], where);
        if (highPrice < lowPrice || openPrice < lowPrice || openPrice > highPrice || closePrice < lowPrice ||
            closePrice > highPrice)
        {
            throw new IllegalArgumentException(where + ": bar open " + fields[open].trim() + ", high " +
                fields[high].trim() + ", low " + fields[low].trim() + ", close " + fields[close].trim() +
                ": the high must be the highest and the low the lowest");
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + bar.wrapAndApplyHeader(buffer, 0, header)
            .instrumentId(instrumentId)
            .startTimeNs(startNs)
            .endTimeNs(endNs)
            .openPrice(openPrice)
            .highPrice(highPrice)
            .lowPrice(lowPrice)
            .closePrice(closePrice)
            .volume(size >= 0 ? quantity(fields[size], where) : 0)
            .encodedLength();
        handler.onMessage(buffer, 0, length, endNs);
    }

    private long mantissa(final String text, final String where)
    {
        try
        {
            return new BigDecimal(text.trim()).movePointLeft(priceExponent).longValueExact();
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(where + ": price '" + text + "' is not a number");
        }
        catch (final ArithmeticException ex)
        {
            if (new BigDecimal(text.trim()).movePointLeft(priceExponent).stripTrailingZeros().scale() <= 0)
            {
                throw new IllegalArgumentException(where + ": price " + text.trim() + " is too large for a 64-bit " +
                    "mantissa at price exponent " + priceExponent);
            }
            throw new IllegalArgumentException(where + ": price " + text + " has more decimals than price exponent " +
                priceExponent + " allows (use --price-exponent " + (priceExponent - 1) + " or lower)");
        }
    }

    private static long quantity(final String text, final String where)
    {
        try
        {
            final long quantity = new BigDecimal(text.trim()).longValueExact();
            if (quantity < 0)
            {
                throw new IllegalArgumentException(where + ": size '" + text + "' is negative");
            }
            return quantity;
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(where + ": size '" + text + "' is not a whole number");
        }
    }

    private static AggressorSide side(final String text, final String where)
    {
        switch (text.trim().toUpperCase(Locale.ROOT))
        {
            case "B": case "BUY": case "1": return AggressorSide.BUY;
            case "S": case "SELL": case "-1": return AggressorSide.SELL;
            case "": return AggressorSide.UNKNOWN;
            default: throw new IllegalArgumentException(
                where + ": side '" + text + "', expected B, S, BUY, SELL, 1 or -1");
        }
    }

    static long parseTime(final String text, final String where)
    {
        try
        {
            final int time = text.indexOf('T');
            // An instant: UTC (Z), or an offset east (+01:00) or west (-05:00) of it after the time.
            if (time > 0 && (text.endsWith("Z") || text.indexOf('+', time) > 0 || text.indexOf('-', time) > 0))
            {
                return nanos(Instant.parse(text));
            }
            if (text.length() == 10 && text.charAt(4) == '-')
            {
                return nanos(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            if (text.length() >= 19 && text.charAt(4) == '-')
            {
                return nanos(LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
            }
            return new BigDecimal(text).movePointRight(9).longValueExact();
        }
        catch (final DateTimeParseException | NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(where + ": time '" + text + "' is not an ISO-8601 instant, a date, " +
                "a date-time or seconds since the epoch");
        }
    }

    private static long nanos(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static int firstOf(final List<String> columns, final List<String> names)
    {
        for (final String name : names)
        {
            final int index = columns.indexOf(name);
            if (index >= 0)
            {
                return index;
            }
        }
        return -1;
    }

    /** @return rows turned into messages. */
    public long rows()
    {
        return rows;
    }

    /** @return true when the file was read as OHLC bars, false as ticks. */
    public boolean isBars()
    {
        return bars;
    }
}
