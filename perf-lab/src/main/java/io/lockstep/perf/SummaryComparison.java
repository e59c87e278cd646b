package io.lockstep.perf;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The printout and verdict of {@link PerfReport#compare}: runs are matched by mode and rate, and only engine
 * runs can fail the comparison, since the floor measures the machine rather than the engine.
 */
final class SummaryComparison
{
    private SummaryComparison()
    {
    }

    /**
     * @param index     of the gating percentile in {@link Summary.Percentiles#NAMES}.
     * @param threshold fraction by which B may exceed A.
     * @return {@link PerfReport#REGRESSION} if an engine run of B exceeds A at the gating percentile by more than
     * the threshold, else {@link PerfReport#NOT_COMPARED} if no engine run is in both, else {@link PerfReport#OK}.
     */
    static int print(
        final Path fileA,
        final Summary a,
        final Path fileB,
        final Summary b,
        final int index,
        final double threshold,
        final PrintWriter out)
    {
        final String gate = Summary.Percentiles.NAMES.get(index);
        final String limit = String.format(Locale.ROOT, "+%.1f%%", threshold * 100.0);
        out.printf("A: %s (scenario %s)%n", fileA, a.scenario());
        out.printf("B: %s (scenario %s)%n", fileB, b.scenario());
        facts(a.facts(), b.facts(), out);
        if (!a.scenario().equals(b.scenario()))
        {
            // A burst or a gap is not a steady load: their percentiles measure different things.
            out.printf("not compared: the scenarios differ (A %s, B %s), nothing was gated%n", a.scenario(),
                b.scenario());
            out.flush();
            return PerfReport.NOT_COMPARED;
        }

        final List<String> regressions = new ArrayList<>();
        int engineRuns = 0;
        for (final Summary.Run runA : a.runs())
        {
            final Summary.Run runB = b.run(runA.mode(), runA.offeredRate());
            if (runB == null)
            {
                continue;
            }
            final boolean gated = RunResult.ENGINE.equals(runA.mode());
            engineRuns += gated ? 1 : 0;
            out.printf(Locale.ROOT, "%n%s @ %,d msg/s (measured A %,d, B %,d)%n",
                runA.mode(), runA.offeredRate(), runA.measured(), runB.measured());
            out.printf(Locale.ROOT, "  %-6s %14s %14s %8s%n", "", "A us", "B us", "B/A");
            for (int p = 0; p < Summary.Percentiles.NAMES.size(); p++)
            {
                final double valueA = runA.percentilesUs().get(p);
                final double valueB = runB.percentilesUs().get(p);
                final boolean regressed = gated && p == index && valueB > valueA * (1.0 + threshold);
                out.printf(Locale.ROOT, "  %-6s %14.3f %14.3f %8s%s%n",
                    Summary.Percentiles.NAMES.get(p), valueA, valueB, ratio(valueB, valueA),
                    regressed ? "  <- over " + limit : "");
                if (regressed)
                {
                    regressions.add(String.format(Locale.ROOT, "%,d msg/s", runA.offeredRate()));
                }
            }
        }
        out.println();
        for (final Summary.Run run : a.runs())
        {
            if (b.run(run.mode(), run.offeredRate()) == null)
            {
                out.printf(Locale.ROOT, "only in A: %s @ %,d msg/s%n", run.mode(), run.offeredRate());
            }
        }
        for (final Summary.Run run : b.runs())
        {
            if (a.run(run.mode(), run.offeredRate()) == null)
            {
                out.printf(Locale.ROOT, "only in B: %s @ %,d msg/s%n", run.mode(), run.offeredRate());
            }
        }

        final int verdict;
        if (!regressions.isEmpty())
        {
            out.printf("REGRESSION: engine %s of B is more than %s over A at %s%n",
                gate, limit, String.join(", ", regressions));
            verdict = PerfReport.REGRESSION;
        }
        else if (engineRuns == 0)
        {
            out.println("not compared: no engine run is in both summaries (same rate), nothing was gated");
            verdict = PerfReport.NOT_COMPARED;
        }
        else
        {
            out.printf("ok: engine %s of B is within %s of A at %d rate(s)%n", gate, limit, engineRuns);
            verdict = PerfReport.OK;
        }
        out.flush();
        return verdict;
    }

    private static void facts(final Map<String, String> a, final Map<String, String> b, final PrintWriter out)
    {
        for (final Map.Entry<String, String> fact : a.entrySet())
        {
            final String other = b.get(fact.getKey());
            if (!Objects.equals(fact.getValue(), other))
            {
                out.printf("fact %s differs: A %s, B %s%n",
                    fact.getKey(), fact.getValue(), other == null ? "(none)" : other);
            }
        }
        for (final Map.Entry<String, String> fact : b.entrySet())
        {
            if (!a.containsKey(fact.getKey()))
            {
                out.printf("fact %s differs: A (none), B %s%n", fact.getKey(), fact.getValue());
            }
        }
    }

    private static String ratio(final double b, final double a)
    {
        return a == 0.0 ? "n/a" : String.format(Locale.ROOT, "%.3f", b / a);
    }
}
