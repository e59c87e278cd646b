package io.lockstep.engine.model;

import io.lockstep.util.TextLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feature rows from a CSV file with a header, one row at a time. An empty cell or NaN is a missing value. Every
 * malformed line stops the read with file, line and column: a row is never skipped.
 */
public final class FeatureRows implements AutoCloseable
{
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
        final String[] cells = line.split(",", -1);
        if (cells.length != width)
        {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": " + cells.length + " values, expected " +
                width);
        }
        for (int i = 0; i < columns.length; i++)
        {
            final String cell = cells[columns[i]].trim();
            try
            {
                row[i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(file + ":" + lineNumber + ": value '" + cell + "' in column " +
                    (columns[i] + 1) + " (" + names.get(i) + ") is not a number");
            }
        }
        return true;
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
        return header.split(",", -1);
    }
}
