package io.lockstep.engine.monitor;

import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.StepLatency;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Consumer;

/**
 * Infrastructure monitoring, for operations: rules over what the engine already publishes for any thread (its
 * counters, step latency, ring backlog, the journal's free space), checked by the monitor thread, never the
 * business thread. Only that thread touches the alerts; each change of state goes to the {@link Channel}. Clocks
 * are read to measure only: nothing here feeds back into a decision.
 */
public final class OpsAlerts
{
    public enum Severity
    {
        WARNING, CRITICAL
    }

    /** Where alerts go: operations' channel, never research's. */
    @FunctionalInterface
    public interface Channel
    {
        void onChange(Alert alert);
    }

    /** The thresholds, from the engine config's {@code alert.*} keys; a zero turns a rule off. */
    public static final class Thresholds
    {
        public long feedStaleNs = TimeUnit.SECONDS.toNanos(10);
        public long stepP99Ns = TimeUnit.MILLISECONDS.toNanos(10);
        public double ringBacklog = 0.5;
        public long journalFreeBytes = 1L << 30;
        /** How long a firing alert's condition must stay false before it resolves. */
        public long holdNs = TimeUnit.SECONDS.toNanos(60);
    }

    /** One rule's state. */
    public static final class Alert
    {
        private final String name;
        private final Severity severity;
        private boolean firing;
        private String detail = "";
        private long changedAtEpochMs;
        /** While firing: whether the condition has been false since {@link #clearSinceNs}. */
        private boolean clear;
        private long clearSinceNs;
        /** For alerts raised by a growing counter: its sum at the last check. */
        private long lastCount;

        Alert(final String name, final Severity severity)
        {
            this.name = name;
            this.severity = severity;
        }

        public String name()
        {
            return name;
        }

        public Severity severity()
        {
            return severity;
        }

        public boolean firing()
        {
            return firing;
        }

        public String detail()
        {
            return detail;
        }

        public long changedAtEpochMs()
        {
            return changedAtEpochMs;
        }
    }

    /** Fewer step samples than this in a check say nothing about a p99. */
    static final long MIN_LATENCY_SAMPLES = 20;

    private static final int[] INPUT_ERRORS = { EngineCounters.MALFORMED, EngineCounters.INGRESS_OVERSIZED,
        EngineCounters.INGRESS_FEED_REJECTS };

    private final EngineCounters counters;
    private final Consumer<Histogram> stepLatency;
    /** The step latencies since the start at this check and at the one before, and their difference. */
    private Histogram latencyNow = StepLatency.newHistogram();
    private Histogram latencyBefore = StepLatency.newHistogram();
    private final Histogram latencySinceBefore = StepLatency.newHistogram();
    private final LongSupplier ringBacklog;
    private final int ringSize;
    private final LongSupplier journalFreeBytes;
    private final Thresholds thresholds;
    private final Channel channel;
    private final List<Alert> alerts = new ArrayList<>();
    private final Alert killSwitch = add("kill_switch", Severity.CRITICAL);
    private final Alert feedStale = add("feed_stale", Severity.CRITICAL);
    private final Alert sequenceGap = add("sequence_gap", Severity.CRITICAL);
    private final Alert journalSpace = add("journal_space", Severity.CRITICAL);
    private final Alert egressFailures = add("egress_failures", Severity.CRITICAL);
    private final Alert modelQuarantined = add("model_quarantined", Severity.CRITICAL);
    private final Alert stepLatencyAlert = add("step_latency", Severity.WARNING);
    private final Alert ringBacklogAlert = add("ring_backlog", Severity.WARNING);
    private final Alert backPressure = add("back_pressure", Severity.WARNING);
    private final Alert inputErrors = add("input_errors", Severity.WARNING);
    private final Alert modelRefused = add("model_refused", Severity.WARNING);
    private final Alert windowTruncated = add("feature_window_truncated", Severity.WARNING);
    private final Alert bookInconsistent = add("book_inconsistent", Severity.WARNING);
    private long marketData = -1;
    private long marketDataChangedNs;

    /**
     * @param stepLatency      copies everything recorded since the start into a histogram of
     *                         {@link StepLatency#newHistogram()} (each check takes the difference to the one before).
     * @param ringBacklog      the most inputs waiting in the ring for the business thread since the last check.
     * @param journalFreeBytes usable space where the journals are.
     */
    public OpsAlerts(
        final EngineCounters counters,
        final Consumer<Histogram> stepLatency,
        final LongSupplier ringBacklog,
        final int ringSize,
        final LongSupplier journalFreeBytes,
        final Thresholds thresholds,
        final Channel channel)
    {
        this.counters = counters;
        this.stepLatency = stepLatency;
        this.ringBacklog = ringBacklog;
        this.ringSize = ringSize;
        this.journalFreeBytes = journalFreeBytes;
        this.thresholds = thresholds;
        this.channel = channel;
    }

    private Alert add(final String name, final Severity severity)
    {
        final Alert alert = new Alert(name, severity);
        alerts.add(alert);
        return alert;
    }

    /** Check every rule once; a rule whose state changes reports to the channel. */
    public void check(final long nowNs, final long epochMs)
    {
        final long dropped = counters.get(EngineCounters.INPUTS_DROPPED);
        set(killSwitch, counters.killSwitchEngaged(), nowNs, epochMs, dropped > 0 ?
            "a journal failed: " + dropped + " inputs since, neither journaled nor applied: stop the engine" :
            counters.killSwitch() == EngineCounters.KILL_SWITCH_BY_FAILURE ? "a step failure engaged it (" +
            counters.get(EngineCounters.STEP_FAILURES) + " since the start): the engine journals but no longer " +
            "trades" : "engaged by a KillSwitch input (an operator's, or ingress's after a feed gap; its reason is " +
            "in /models): the engine journals but does not trade until it is released");

        final long marketDataNow = counters.get(EngineCounters.MARKET_DATA);
        if (marketDataNow != marketData)
        {
            marketData = marketDataNow;
            marketDataChangedNs = nowNs;
        }
        final long quietNs = nowNs - marketDataChangedNs;
        set(feedStale, thresholds.feedStaleNs > 0 && quietNs >= thresholds.feedStaleNs, nowNs, epochMs,
            "no market data for " + seconds(quietNs) + " s (" + marketDataNow + " inputs so far)");

        // Messages lost from a sequenced feed: the books may be wrong from there on.
        grows(sequenceGap, nowNs, epochMs, "messages missing from the MoldUDP64 feed, the books may be wrong",
            EngineCounters.INGRESS_FEED_MISSING);
        checkJournalSpace(nowNs, epochMs);

        final long backlog = ringBacklog.getAsLong();
        set(ringBacklogAlert, thresholds.ringBacklog > 0 && backlog >= thresholds.ringBacklog * ringSize, nowNs,
            epochMs, "up to " + backlog + " of " + ringSize + " ring slots waited for the business thread since the " +
            "last check");

        checkStepLatency(nowNs, epochMs);
        grows(egressFailures, nowNs, epochMs, "orders not sent", EngineCounters.EGRESS_FAILURES);
        grows(modelQuarantined, nowNs, epochMs, "models quarantined (threw or gave NaN/inf)",
            EngineCounters.MODEL_QUARANTINES);
        grows(backPressure, nowNs, epochMs, "inputs met a full ring", EngineCounters.INGRESS_BACK_PRESSURE);
        grows(inputErrors, nowNs, epochMs, "bad inputs", INPUT_ERRORS);
        grows(modelRefused, nowNs, epochMs, "model commands refused (deploy contract or state)",
            EngineCounters.MODEL_COMMANDS_REFUSED);
        grows(windowTruncated, nowNs, epochMs, "events a burst pushed out of a feature's duration window early, " +
            "its max_events too small for the feed (the feature is NaN meanwhile)",
            EngineCounters.FEATURE_WINDOW_TRUNCATIONS);
        grows(bookInconsistent, nowNs, epochMs, "book events inconsistent with the book (duplicate adds, cancels " +
            "or executions of more than rests...): the feed and the books disagree",
            EngineCounters.BOOK_INCONSISTENCIES);
    }

    private void checkJournalSpace(final long nowNs, final long epochMs)
    {
        if (thresholds.journalFreeBytes <= 0)
        {
            return;
        }
        try
        {
            final long free = journalFreeBytes.getAsLong();
            set(journalSpace, free < thresholds.journalFreeBytes, nowNs, epochMs, (free >> 20) +
                " MiB free where the journals are (alert below " + (thresholds.journalFreeBytes >> 20) + " MiB)");
        }
        catch (final RuntimeException ex)
        {
            // Space that cannot be read cannot be trusted to be there.
            set(journalSpace, true, nowNs, epochMs, ex.getMessage());
        }
    }

    private void checkStepLatency(final long nowNs, final long epochMs)
    {
        // Once a second: the three histograms are kept, so that the monitor makes no garbage a collection would
        // make the business thread pay for.
        stepLatency.accept(latencyNow);
        latencyNow.copyInto(latencySinceBefore);
        latencySinceBefore.subtract(latencyBefore);
        final Histogram swap = latencyBefore;
        latencyBefore = latencyNow;
        latencyNow = swap;
        if (thresholds.stepP99Ns <= 0)
        {
            return;
        }
        final Histogram interval = latencySinceBefore;
        final long samples = interval.getTotalCount();
        final String slo = ", SLO " + thresholds.stepP99Ns / 1000 + " us";
        if (samples < MIN_LATENCY_SAMPLES)
        {
            // Too few inputs to judge a p99, and an engine that is not busy misses no SLO.
            set(stepLatencyAlert, false, nowNs, epochMs, "only " + samples + " sampled inputs since the last check" +
                slo);
            return;
        }
        final long p99 = interval.getValueAtPercentile(99);
        set(stepLatencyAlert, p99 > thresholds.stepP99Ns, nowNs, epochMs, "step latency p99 " + p99 / 1000 +
            " us over " + samples + " sampled inputs since the last check" + slo);
    }

    private void grows(
        final Alert alert, final long nowNs, final long epochMs, final String what, final int... counterIds)
    {
        long count = 0;
        for (final int counter : counterIds)
        {
            count += counters.get(counter);
        }
        final long more = count - alert.lastCount;
        alert.lastCount = count;
        set(alert, more > 0, nowNs, epochMs, (more > 0 ? more + " more " : "no more ") + what + " (" + count +
            " in all" + breakdown(counterIds) + ")");
    }

    /** An alert summing several counters names each, so operations know which input went wrong. */
    private String breakdown(final int... counterIds)
    {
        if (counterIds.length == 1)
        {
            return "";
        }
        final StringBuilder parts = new StringBuilder();
        for (final int counter : counterIds)
        {
            parts.append(parts.length() == 0 ? ": " : ", ").append(EngineCounters.name(counter)).append(' ')
                .append(counters.get(counter));
        }
        return parts.toString();
    }

    /**
     * An alert fires as soon as its condition holds, and resolves once the condition has stayed false for the
     * hold: a value that wavers around its threshold raises one alert, not one a second.
     */
    private void set(
        final Alert alert, final boolean condition, final long nowNs, final long epochMs, final String detail)
    {
        if (condition)
        {
            alert.clear = false;
            alert.detail = detail;
            if (!alert.firing)
            {
                change(alert, true, epochMs);
            }
        }
        else if (alert.firing)
        {
            if (!alert.clear)
            {
                alert.clear = true;
                alert.clearSinceNs = nowNs;
            }
            if (nowNs - alert.clearSinceNs >= thresholds.holdNs)
            {
                alert.detail = detail + ", clear for " + seconds(nowNs - alert.clearSinceNs) + " s";
                change(alert, false, epochMs);
            }
        }
    }

    private void change(final Alert alert, final boolean firing, final long epochMs)
    {
        alert.firing = firing;
        alert.changedAtEpochMs = epochMs;
        channel.onChange(alert);
    }

    /** @return every rule, firing or not, in a fixed order. */
    public List<Alert> alerts()
    {
        return Collections.unmodifiableList(alerts);
    }

    private static String seconds(final long nanos)
    {
        return String.format("%.1f", nanos / 1e9);
    }
}
