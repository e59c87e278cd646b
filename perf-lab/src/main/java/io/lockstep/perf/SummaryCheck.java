package io.lockstep.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether every run of a summary is a measurement a regression gate may pass. Latency is only recorded for the
 * messages that arrive, so a run that lost some has better percentiles than it earned: its counts must agree with
 * its schedule (scheduled, then sent, then consumed, none missing), and its percentiles must be possible ones.
 */
final class SummaryCheck
{
    private SummaryCheck()
    {
    }

    /**
     * @return one line per problem, each naming the run (its index, mode and rate) and the field; empty if none.
     */
    static List<String> problems(final Summary summary)
    {
        final List<String> problems = new ArrayList<>();
        PerfLab.Scenario scenario = null;
        try
        {
            scenario = PerfLab.Scenario.valueOf(summary.scenario().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add("scenario: '" + summary.scenario() + "' is not steady, burst, gap or swap, so its runs " +
                "cannot be checked against their schedule");
        }
        final List<Summary.Run> runs = summary.runs();
        for (int i = 0; i < runs.size(); i++)
        {
            final Summary.Run run = runs.get(i);
            final String name = String.format(Locale.ROOT, "runs[%d] (%s @ %,d msg/s): ", i, run.mode(),
                run.offeredRate());
            for (int j = 0; j < i; j++)
            {
                if (runs.get(j).mode().equals(run.mode()) && runs.get(j).offeredRate() == run.offeredRate())
                {
                    problems.add(name + "mode and offeredRate: the same as runs[" + j + "], one run measured twice");
                }
            }
            counts(run, scenario, name, problems);
            percentiles(run.percentilesUs(), name, problems);
        }
        return problems;
    }

    private static void counts(
        final Summary.Run run, final PerfLab.Scenario scenario, final String name, final List<String> problems)
    {
        if (run.offeredRate() < 1)
        {
            problems.add(name + "offeredRate: " + run.offeredRate() + ", not a rate");
        }
        if (!(run.seconds() > 0.0) || Double.isInfinite(run.seconds()))
        {
            problems.add(name + "seconds: " + run.seconds() + ", not a duration");
        }
        else if (scenario != null && run.offeredRate() >= 1)
        {
            final long expected =
                PerfLab.scheduledMessages(scenario, run.offeredRate(), Math.round(run.seconds() * 1e9));
            if (Math.abs(run.scheduled() - expected) > PerfLab.scheduleTolerance(scenario))
            {
                problems.add(name + format("scheduled: %,d, where the %s schedule puts %,d (within %d) in %s s at " +
                    "%,d msg/s", run.scheduled(), scenario.name().toLowerCase(Locale.ROOT), expected,
                    PerfLab.scheduleTolerance(scenario), run.seconds(), run.offeredRate()));
            }
        }
        if (run.sent() != run.scheduled())
        {
            problems.add(name + format("sent: %,d of the %,d messages scheduled", run.sent(), run.scheduled()));
        }
        if (run.received() != run.sent())
        {
            problems.add(name + format("received: %,d of the %,d messages sent, not every one consumed",
                run.received(), run.sent()));
        }
        if (run.missing() != 0)
        {
            problems.add(name + format("missing: %,d samples never arrived, lost or late", run.missing()));
        }
        if (run.measured() < 1)
        {
            problems.add(name + format("measured: %,d latency samples", run.measured()));
        }
        else if (run.measured() > run.scheduled())
        {
            problems.add(name + format("measured: %,d samples, more than the %,d messages scheduled",
                run.measured(), run.scheduled()));
        }
    }

    private static void percentiles(final Summary.Percentiles us, final String name, final List<String> problems)
    {
        for (int p = 0; p < Summary.Percentiles.NAMES.size(); p++)
        {
            final double value = us.get(p);
            final String field = name + "percentilesUs." + Summary.Percentiles.NAMES.get(p) + ": ";
            if (!(value >= 0.0) || Double.isInfinite(value))
            {
                problems.add(field + value + ", not a latency");
            }
            else if (p > 0 && value < us.get(p - 1))
            {
                problems.add(field + value + ", below " + Summary.Percentiles.NAMES.get(p - 1) + " (" +
                    us.get(p - 1) + ")");
            }
        }
    }

    private static String format(final String format, final Object... args)
    {
        return String.format(Locale.ROOT, format, args);
    }
}
