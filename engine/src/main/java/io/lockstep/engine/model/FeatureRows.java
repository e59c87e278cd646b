package io.lockstep.engine.model;

import io.lockstep.util.TextLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Feature rows from a CSV file with a header, one row at a time. A cell is a decimal number, an infinity
 * ({@code inf}, {@code -inf}, {@code Infinity}, {@code -Infinity}), or missing: empty or {@code NaN} ({@code nan}).
 * Every malformed line (a blank one, a cell that is none of those, a number beyond a double) stops the read with
 * file, line and column: a row is never skipped, and never made up.
 */
public final class FeatureRows implements AutoCloseable
{
    /** As CSV writers print numbers: no hexadecimal, no Java type suffix ({@code 1f}, {@code 2d}). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Path file;
    private final TextLines reader;
    private final int[] columns;
    private final List<String> names;
    private final int width;
    private int lineNumber = 1;

    private FeatureRows(
        final Path file, final TextLines reader, final int[] columns, final List<String> names, final int width)
    {
        this.file = file;
        this.reader = reader;
        this.columns = columns;
        this.names = names;
        this.width = width;
    }

    /** Rows whose header has exactly {@code count} columns: the model's features by position. */
    public static FeatureRows positional(final Path file, final int count) throws IOException
    {
        final TextLines reader = open(file);
        final String[] header = header(file, reader);
        if (header.length != count)
        {
            reader.close();
            throw new IllegalArgumentException(file + ":1: expected a header of " + count + " feature names, the " +
                "model's features in order");
        }
        final int[] columns = new int[count];
        Arrays.setAll(columns, (i) -> i);
        return new FeatureRows(file, reader, columns, Arrays.stream(header).map(String::strip).toList(), count);
    }

    /**
     * Rows of the named columns, in the order named; other columns (a research matrix's sequence, time and labels)
     * are read past.
     */
    public static FeatureRows named(final Path file, final List<String> names) throws IOException
    {
        final TextLines reader = open(file);
        final List<String> header = Arrays.stream(header(file, reader)).map(String::strip).toList();
        final int[] columns = new int[names.size()];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = header.indexOf(names.get(i));
            if (columns[i] < 0 || header.lastIndexOf(names.get(i)) != columns[i])
            {
                reader.close();
                throw new IllegalArgumentException(file + ":1: " + (columns[i] < 0 ? "no" : "more than one") +
                    " column named " + names.get(i) + " (the model reads " + names + ")");
            }
        }
        return new FeatureRows(file, reader, columns, names, header.size());
    }

    /** @return every remaining row. */
    public List<double[]> readAll() throws IOException
    {
        final List<double[]> rows = new ArrayList<>();
        double[] row = new double[columns.length];
        while (next(row))
        {
            rows.add(row);
            row = new double[columns.length];
        }
        return rows;
    }

    /** @return false at the end of the file; otherwise the next row is in {@code row}. */
    public boolean next(final double[] row) throws IOException
    {
        final String line = reader.next();
        if (line == null)
        {
            return false;
        }
        lineNumber++;
        if (line.isBlank())
        {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": a blank line, expected " + width +
                " values");
        }
        final String[] cells = line.split(",", -1);
        if (cells.length != width)
        {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": " + cells.length + " values, expected " +
                width);
        }
        for (int i = 0; i < columns.length; i++)
        {
            row[i] = value(cells[columns[i]].trim(), i);
        }
        return true;
    }

    private double value(final String cell, final int i)
    {
        if (cell.isEmpty() || cell.equalsIgnoreCase("nan"))
        {
            return Double.NaN;
        }
        switch (cell)
        {
            case "inf", "+inf", "Infinity", "+Infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        final String where = file + ":" + lineNumber + ": value '" + cell + "' in column " + (columns[i] + 1) +
            " (" + names.get(i) + ")";
        if (!DECIMAL.matcher(cell).matches())
        {
            throw new IllegalArgumentException(where + " is not a number");
        }
        final double value = Double.parseDouble(cell);
        if (Double.isInfinite(value))
        {
            throw new IllegalArgumentException(where + " overflows a double (write inf for an infinity)");
        }
        return value;
    }

    public void close() throws IOException
    {
        reader.close();
    }

    private static TextLines open(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no such input file: " + file);
        }
        return TextLines.open(file, StandardCharsets.UTF_8);
    }

    private static String[] header(final Path file, final TextLines reader) throws IOException
    {
        final String header;
        try
        {
            header = reader.next();
        }
        catch (final IOException ex)
        {
            reader.close();
            throw ex;
        }
        if (header == null)
        {
            reader.close();
            throw new IllegalArgumentException(file + ":1: empty file, expected a header of feature names");
        }
        // Spreadsheets write UTF-8 with a byte order mark, which would otherwise be part of the first name.
        return (header.isEmpty() || header.charAt(0) != BYTE_ORDER_MARK ? header : header.substring(1))
            .split(",", -1);
    }
}
