package io.lockstep.perf;

import org.HdrHistogram.Histogram;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reporting side of perf-lab: per-run HdrHistogram percentile files, summary.json, report.html, and the
 * comparison of two summaries that gates regressions.
 */
public final class PerfReport
{
    public static final String SUMMARY_FILE = "summary.json";
    public static final String REPORT_FILE = "report.html";
    public static final String HGRM_SUFFIX = ".hgrm";

    /** What {@link #compare} found, as {@code lockstep perf compare} exits: B within the threshold of A. */
    public static final int OK = 0;
    /** An engine run of B is worse than A's by more than the threshold. */
    public static final int REGRESSION = 1;
    /**
     * Nothing was gated: no engine run at the same rate in both. Bad input exits so too, a summary with a run that
     * is not a valid measurement included.
     */
    public static final int NOT_COMPARED = 2;

    /** Histograms hold nanoseconds, the .hgrm files show microseconds. */
    public static final double HGRM_SCALING_RATIO = 1000.0;

    /** A mode becomes part of a file name. */
    private static final Pattern MODE = Pattern.compile("[A-Za-z0-9_-]+");

    private PerfReport()
    {
    }

    /**
     * Writes under outDir (created if need be): one HdrHistogram percentile distribution file per run named
     * {@code <mode>-<rate>.hgrm} ({@code outputPercentileDistribution} in microseconds), {@link #SUMMARY_FILE}
     * and {@link #REPORT_FILE}. Files of the same names are replaced.
     *
     * @throws IllegalArgumentException before writing anything, if a mode is not a plain name (letters, digits,
     *                                  '_', '-'), a rate is negative, or two runs share a mode and rate.
     */
    public static void write(
        final Path outDir, final String scenario, final List<RunResult> runs, final Map<String, String> facts)
        throws IOException
    {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(facts, "facts");
        final Set<String> names = new HashSet<>();
        for (final RunResult run : runs)
        {
            if (!MODE.matcher(run.mode()).matches())
            {
                throw new IllegalArgumentException(
                    "mode '" + run.mode() + "' must be letters, digits, '_' or '-': it names the .hgrm file");
            }
            if (run.offeredRate() < 0)
            {
                throw new IllegalArgumentException("negative offered rate " + run.offeredRate() + " for " + run.mode());
            }
            if (!names.add(hgrmFileName(run.mode(), run.offeredRate())))
            {
                throw new IllegalArgumentException("two runs of " + run.mode() + " at " + run.offeredRate() + " msg/s");
            }
        }
        final Summary summary = Summary.of(scenario, runs, facts);

        Files.createDirectories(outDir);
        for (final RunResult run : runs)
        {
            writeHgrm(outDir.resolve(hgrmFileName(run.mode(), run.offeredRate())), run.latencyNs());
        }
        Files.writeString(outDir.resolve(SUMMARY_FILE), SummaryJson.write(summary), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve(REPORT_FILE), ReportHtml.render(summary, runs), StandardCharsets.UTF_8);
    }

    /**
     * Reads a summary.json written by {@link #write}.
     *
     * @throws IOException              if the file cannot be read.
     * @throws IllegalArgumentException naming the file, and the offset or field, if it is not a valid summary.
     */
    public static Summary read(final Path summaryJson) throws IOException
    {
        final String text;
        try
        {
            text = Files.readString(summaryJson, StandardCharsets.UTF_8);
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException(summaryJson + ": not valid UTF-8", ex);
        }
        return SummaryJson.read(text, summaryJson.toString());
    }

    /**
     * Prints both runs' percentiles and their ratios (B/A) per mode and rate present in both; returns
     * {@link #REGRESSION} if any engine percentile {@code percentile} (one of {@link Summary.Percentiles#NAMES},
     * e.g. "p99") of B exceeds A by more than thresholdFraction (0.10 = 10%), {@link #NOT_COMPARED} when no engine
     * run is in both, else {@link #OK}.
     *
     * @throws IllegalArgumentException naming the file if a summary cannot be read or holds a run that is not a
     *                                  valid measurement (naming the run and the field, see {@link SummaryCheck}),
     *                                  or for an unknown percentile or a negative or non-finite threshold.
     */
    public static int compare(
        final Path summaryA,
        final Path summaryB,
        final String percentile,
        final double thresholdFraction,
        final PrintWriter out) throws IOException
    {
        final int index = Summary.Percentiles.indexOf(percentile);
        if (!(thresholdFraction >= 0.0) || Double.isInfinite(thresholdFraction))
        {
            throw new IllegalArgumentException("threshold must be a finite fraction >= 0, not " + thresholdFraction);
        }
        final Summary a = readForCompare(summaryA);
        final Summary b = readForCompare(summaryB);
        return SummaryComparison.print(summaryA, a, summaryB, b, index, thresholdFraction, out);
    }

    static String hgrmFileName(final String mode, final long offeredRate)
    {
        return mode + "-" + offeredRate + HGRM_SUFFIX;
    }

    private static Summary readForCompare(final Path file)
    {
        final Summary summary;
        try
        {
            summary = read(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(file + ": cannot read: " + ex, ex);
        }
        final List<String> problems = SummaryCheck.problems(summary);
        if (!problems.isEmpty())
        {
            throw new IllegalArgumentException(file + ": not a valid measurement: " + String.join("; ", problems));
        }
        return summary;
    }

    private static void writeHgrm(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(
            new BufferedOutputStream(Files.newOutputStream(file)), false, StandardCharsets.US_ASCII))
        {
            histogram.outputPercentileDistribution(out, HGRM_SCALING_RATIO);
            // PrintStream swallows IOExceptions: without this a full disk would pass unnoticed.
            out.flush();
            if (out.checkError())
            {
                throw new IOException("cannot write " + file);
            }
        }
    }
}
