package io.lockstep.perf;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code summary.json} holds: the scenario, its facts, each run's counts, GC figures and latency
 * percentiles in microseconds, and the engine/floor ratio at each rate where both were measured. Built from
 * the runs by {@link #of} and read back by {@link PerfReport#read}; the histograms themselves stay in the
 * {@code .hgrm} files.
 *
 * @param scenario name of the scenario.
 * @param facts    free-form facts about the setup (host, JVM, commit ...), in the order given.
 * @param runs     one entry per run, in the order given.
 * @param ratios   engine over floor at each rate with both modes, in order of first appearance.
 */
public record Summary(String scenario, Map<String, String> facts, List<Run> runs, List<Ratio> ratios)
{
    public Summary
    {
        Objects.requireNonNull(scenario, "scenario");
        for (final Map.Entry<String, String> fact : facts.entrySet())
        {
            Objects.requireNonNull(fact.getKey(), "fact name");
            Objects.requireNonNull(fact.getValue(), () -> "value of fact " + fact.getKey());
        }
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        runs = List.copyOf(runs);
        ratios = List.copyOf(ratios);
    }

    /**
     * Summarise runs, pairing engine and floor runs of the same rate into ratios.
     */
    public static Summary of(final String scenario, final List<RunResult> runs, final Map<String, String> facts)
    {
        final List<Run> entries = new ArrayList<>(runs.size());
        for (final RunResult run : runs)
        {
            entries.add(Run.of(run));
        }
        return new Summary(scenario, facts, entries, ratiosOf(entries));
    }

    /**
     * The first run of this mode and rate, or null.
     */
    public Run run(final String mode, final long offeredRate)
    {
        for (final Run run : runs)
        {
            if (run.mode().equals(mode) && run.offeredRate() == offeredRate)
            {
                return run;
            }
        }
        return null;
    }

    /**
     * The engine/floor ratio at this rate, or null.
     */
    public Ratio ratio(final long offeredRate)
    {
        for (final Ratio ratio : ratios)
        {
            if (ratio.offeredRate() == offeredRate)
            {
                return ratio;
            }
        }
        return null;
    }

    static List<Ratio> ratiosOf(final List<Run> runs)
    {
        final List<Ratio> ratios = new ArrayList<>();
        for (final Run engine : runs)
        {
            if (!RunResult.ENGINE.equals(engine.mode()))
            {
                continue;
            }
            for (final Run floor : runs)
            {
                // A run with no samples has no percentiles (its zeros would read as infinitely fast): no ratio.
                if (RunResult.FLOOR.equals(floor.mode()) && floor.offeredRate() == engine.offeredRate() &&
                    engine.measured() > 0 && floor.measured() > 0)
                {
                    ratios.add(new Ratio(engine.offeredRate(), engine.percentilesUs().over(floor.percentilesUs())));
                    break;
                }
            }
        }
        return ratios;
    }

    /**
     * One run as summarised; see {@link RunResult} for the fields.
     *
     * @param percentilesUs latency percentiles in microseconds.
     */
    public record Run(
        String mode,
        long offeredRate,
        long warmUpSent,
        double warmUpSeconds,
        long scheduled,
        long sent,
        long received,
        long measured,
        long missing,
        double seconds,
        long gcCount,
        long gcTimeMs,
        long allocatedBytes,
        Percentiles percentilesUs)
    {
        public Run
        {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(percentilesUs, "percentilesUs");
        }

        static Run of(final RunResult run)
        {
            return new Run(
                run.mode(), run.offeredRate(), run.warmUpSent(), run.warmUpSeconds(), run.scheduled(), run.sent(),
                run.received(), run.measured(), run.missing(), run.seconds(), run.gcCount(), run.gcTimeMs(),
                run.allocatedBytes(), Percentiles.ofNanos(run.latencyNs()));
        }
    }

    /**
     * Engine over floor at one rate, percentile by percentile (NaN where the floor was 0).
     */
    public record Ratio(long offeredRate, Percentiles engineOverFloor)
    {
        public Ratio
        {
            Objects.requireNonNull(engineOverFloor, "engineOverFloor");
        }
    }

    /**
     * The reported percentiles: values in microseconds, or ratios.
     */
    public record Percentiles(double p50, double p90, double p99, double p999, double max)
    {
        /** The names used in summary.json, the report and {@link PerfReport#compare}, in this order. */
        public static final List<String> NAMES = List.of("p50", "p90", "p99", "p99.9", "max");

        private static final double NANOS_PER_MICRO = 1000.0;

        /**
         * The percentiles of a histogram of nanoseconds, in microseconds. Values are HdrHistogram's
         * (highest equivalent value at the percentile), the same as in the {@code .hgrm} file.
         */
        public static Percentiles ofNanos(final Histogram histogram)
        {
            return new Percentiles(
                histogram.getValueAtPercentile(50.0) / NANOS_PER_MICRO,
                histogram.getValueAtPercentile(90.0) / NANOS_PER_MICRO,
                histogram.getValueAtPercentile(99.0) / NANOS_PER_MICRO,
                histogram.getValueAtPercentile(99.9) / NANOS_PER_MICRO,
                histogram.getMaxValue() / NANOS_PER_MICRO);
        }

        /**
         * The value by name, one of {@link #NAMES}.
         *
         * @throws IllegalArgumentException for any other name.
         */
        public double get(final String name)
        {
            return get(indexOf(name));
        }

        double get(final int index)
        {
            switch (index)
            {
                case 0: return p50;
                case 1: return p90;
                case 2: return p99;
                case 3: return p999;
                case 4: return max;
                default: throw new IndexOutOfBoundsException(index);
            }
        }

        static int indexOf(final String name)
        {
            final int index = NAMES.indexOf(name);
            if (index < 0)
            {
                throw new IllegalArgumentException("unknown percentile '" + name + "', expected one of " + NAMES);
            }
            return index;
        }

        /**
         * This over other, percentile by percentile; NaN where other is 0 (no meaningful ratio).
         */
        Percentiles over(final Percentiles other)
        {
            return new Percentiles(
                ratio(p50, other.p50), ratio(p90, other.p90), ratio(p99, other.p99), ratio(p999, other.p999),
                ratio(max, other.max));
        }

        static double ratio(final double numerator, final double denominator)
        {
            return denominator == 0.0 ? Double.NaN : numerator / denominator;
        }
    }
}
