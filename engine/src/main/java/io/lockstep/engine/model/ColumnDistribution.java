package io.lockstep.engine.model;

import io.lockstep.util.JsonWriter;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One column's distribution as drift monitoring compares it: ten bins cut at the training data's deciles, plus a
 * bin for missing values (NaN), with the fraction of rows in each. The same {@link #bin} places reference and live
 * values, so a live sample drawn from the training distribution lands in the same proportions, ties included.
 */
public final class ColumnDistribution
{
    public static final int VALUE_BINS = 10;
    /** The value bins, then one for missing values. */
    public static final int BINS = VALUE_BINS + 1;
    public static final int MISSING_BIN = VALUE_BINS;

    private final String name;
    private final long rows;
    private final double[] edges;
    private final double[] fractions;
    private final double mean;

    ColumnDistribution(final String name, final long rows, final double[] edges, final double[] fractions,
        final double mean)
    {
        this.name = name;
        this.rows = rows;
        this.edges = edges;
        this.fractions = fractions;
        this.mean = mean;
    }

    /**
     * The reference of one training column.
     *
     * @throws IllegalArgumentException on an infinite value: no decile edge can hold it, and a training set with
     *                                  one is more likely broken than meant.
     */
    static ColumnDistribution of(final String name, final double[] values, final int count)
    {
        final double[] present = new double[count];
        int n = 0;
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            final double value = values[i];
            if (Double.isInfinite(value))
            {
                throw new IllegalArgumentException("column " + name + ", training row " + (i + 1) + ": " + value +
                    " (a training reference holds finite values, or missing ones)");
            }
            if (!Double.isNaN(value))
            {
                present[n++] = value;
                sum += value;
            }
        }
        final double[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        final double[] edges = new double[n == 0 ? 0 : VALUE_BINS - 1];
        for (int k = 1; k <= edges.length; k++)
        {
            // The largest value of the first k tenths: ties aside, each bin then holds a tenth of the rows.
            edges[k - 1] = sorted[(int)(((long)k * n - 1) / VALUE_BINS)];
        }
        final long[] counts = new long[BINS];
        for (int i = 0; i < count; i++)
        {
            counts[bin(edges, values[i])]++;
        }
        final double[] fractions = new double[BINS];
        for (int b = 0; b < BINS; b++)
        {
            fractions[b] = count == 0 ? 0 : (double)counts[b] / count;
        }
        return new ColumnDistribution(name, count, edges, fractions, n == 0 ? Double.NaN : sum / n);
    }

    /**
     * @return the bin of {@code value}: the first value bin whose upper edge is at least the value (the last bin
     * has none), or {@link #MISSING_BIN} for NaN.
     */
    public static int bin(final double[] edges, final double value)
    {
        if (Double.isNaN(value))
        {
            return MISSING_BIN;
        }
        int low = 0;
        int high = edges.length;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            if (value <= edges[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return edges.length == 0 ? VALUE_BINS - 1 : low;
    }

    static ColumnDistribution fromJson(final Map<?, ?> json, final String where)
    {
        final String name = (String)JsonFields.required(json, "name", String.class, where);
        final String column = where + ", column " + name;
        final long rows = ((Number)JsonFields.required(json, "rows", Number.class, column)).longValue();
        final double[] edges = JsonFields.doubles(json, "edges", column);
        final double[] fractions = JsonFields.doubles(json, "fractions", column);
        // No value bin has an edge when the training column was all missing: its mean is then null.
        final double mean = json.get("mean") == null ? Double.NaN :
            ((Number)JsonFields.required(json, "mean", Number.class, column)).doubleValue();
        if (rows < 1)
        {
            throw new IllegalArgumentException(column + ": \"rows\" must be at least 1, found " + rows);
        }
        if (edges.length != 0 && edges.length != VALUE_BINS - 1 || fractions.length != BINS)
        {
            throw new IllegalArgumentException(column + ": expected " + (VALUE_BINS - 1) + " edges and " + BINS +
                " fractions, found " + edges.length + " and " + fractions.length);
        }
        for (int i = 1; i < edges.length; i++)
        {
            if (!(edges[i - 1] <= edges[i]))
            {
                throw new IllegalArgumentException(column + ": edges out of order at " + (i + 1));
            }
        }
        double sum = 0;
        for (final double fraction : fractions)
        {
            if (!(fraction >= 0 && fraction <= 1))
            {
                throw new IllegalArgumentException(column + ": fraction " + fraction + " outside 0..1");
            }
            sum += fraction;
        }
        if (Math.abs(sum - 1) > 1e-9)
        {
            throw new IllegalArgumentException(column + ": fractions sum to " + sum + ", not 1");
        }
        return new ColumnDistribution(name, rows, edges, fractions, mean);
    }

    void toJson(final JsonWriter json)
    {
        json.beginObject().name("name").value(name).name("rows").value(rows).name("mean").value(mean)
            .name("edges").beginArray();
        for (final double edge : edges)
        {
            json.value(edge);
        }
        json.endArray().name("fractions").beginArray();
        for (final double fraction : fractions)
        {
            json.value(fraction);
        }
        json.endArray().endObject();
    }

    public String name()
    {
        return name;
    }

    public long rows()
    {
        return rows;
    }

    public double mean()
    {
        return mean;
    }

    public double missingFraction()
    {
        return fractions[MISSING_BIN];
    }

    public double[] edges()
    {
        return edges;
    }

    public double fraction(final int bin)
    {
        return fractions[bin];
    }

    static List<String> names(final List<ColumnDistribution> columns)
    {
        return columns.stream().map(ColumnDistribution::name).toList();
    }
}
