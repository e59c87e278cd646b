package io.lockstep.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Real series from the samples in src/test/resources/data (origin in its README), as event times and values.
 */
final class SampleSeries
{
    final long[] timesNs;
    final double[] x;
    final double[] y;

    private SampleSeries(final long[] timesNs, final double[] x, final double[] y)
    {
        this.timesNs = timesNs;
        this.x = x;
        this.y = y;
    }

    int size()
    {
        return x.length;
    }

    /** EuStockMarkets daily closes: x = DAX, y = SMI, one event per second (the file has no dates). */
    static SampleSeries euStockMarkets()
    {
        final List<String> rows = lines("ohlcv/EuStockMarkets.csv");
        final int n = rows.size() - 1;
        final long[] times = new long[n];
        final double[] dax = new double[n];
        final double[] smi = new double[n];
        for (int i = 0; i < n; i++)
        {
            final String[] fields = rows.get(i + 1).split(",");
            times[i] = (i + 1) * 1_000_000_000L;
            dax[i] = Double.parseDouble(fields[1]);
            smi[i] = Double.parseDouble(fields[2]);
        }
        return new SampleSeries(times, dax, smi);
    }

    /** USD/CHF every 30 minutes with its real UTC times (weekend gaps); x = rate, y = rate of the row before. */
    static SampleSeries usdChf(final int rows)
    {
        final List<String> lines = lines("ohlcv/USDCHF_1996-2001_30min.csv");
        final int n = Math.min(rows, lines.size() - 1);
        final long[] times = new long[n];
        final double[] rate = new double[n];
        final double[] previous = new double[n];
        for (int i = 0; i < n; i++)
        {
            final String[] fields = lines.get(i + 1).split(",");
            final Instant instant = Instant.parse(fields[0]);
            times[i] = instant.getEpochSecond() * 1_000_000_000L;
            rate[i] = Double.parseDouble(fields[2]);
            previous[i] = i == 0 ? rate[i] : rate[i - 1];
        }
        return new SampleSeries(times, rate, previous);
    }

    static List<String> lines(final String resource)
    {
        try
        {
            return Files.readAllLines(Path.of("src/test/resources/data", resource));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
