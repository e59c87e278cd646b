package io.lockstep.engine.monitor;

import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.StepLatency;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The operations rules over the engine's real counters and step latency, checked at chosen instants: each alert
 * fires once when its condition starts, says why, and resolves once when it ends.
 */
class OpsAlertsTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final EngineCounters counters = new EngineCounters();
    private final StepLatency latency = new StepLatency();
    private final List<String> channel = new ArrayList<>();
    private long backlog;
    private long freeBytes = 10L << 30;

    private OpsAlerts alerts(final OpsAlerts.Thresholds thresholds)
    {
        return new OpsAlerts(counters, latency::copySinceStart, () -> backlog, 1024, this::freeBytes, thresholds,
            (alert) -> channel.add(alert.name() + (alert.firing() ? " firing: " : " resolved: ") + alert.detail()));
    }

    @Test
    void aQuietFeedFiresAfterItsThresholdAndResolvesOnceDataHasFlowedForTheHold()
    {
        final OpsAlerts alerts = alerts(new OpsAlerts.Thresholds());
        alerts.check(0, 1);
        counters.increment(EngineCounters.MARKET_DATA);
        alerts.check(5 * SECOND, 2);
        alerts.check(14 * SECOND, 3);
        assertEquals(List.of(), channel, "9 s without data is under the 10 s default");
        alerts.check(15 * SECOND, 4);
        assertEquals(List.of("feed_stale firing: no market data for 10.0 s (1 inputs so far)"), channel);
        alerts.check(16 * SECOND, 5);
        assertEquals(1, channel.size(), "fires once");
        assertEquals("no market data for 11.0 s (1 inputs so far)", alerts.alerts().stream()
            .filter((alert) -> alert.name().equals("feed_stale")).findFirst().orElseThrow().detail(),
            "while firing, its detail follows");
        counters.increment(EngineCounters.MARKET_DATA);
        alerts.check(17 * SECOND, 6);
        counters.increment(EngineCounters.MARKET_DATA);
        alerts.check(47 * SECOND, 7);
        assertEquals(1, channel.size(), "data again, but not yet for the 60 s hold");
        counters.increment(EngineCounters.MARKET_DATA);
        alerts.check(77 * SECOND, 8);
        assertEquals("feed_stale resolved: no market data for 0.0 s (4 inputs so far), clear for 60.0 s",
            channel.get(1));
    }

    @Test
    void growingErrorCountersFireAndResolveAfterTheHold()
    {
        final OpsAlerts.Thresholds thresholds = new OpsAlerts.Thresholds();
        thresholds.feedStaleNs = 0;
        final OpsAlerts alerts = alerts(thresholds);
        alerts.check(0, 1);
        counters.increment(EngineCounters.MALFORMED);
        counters.increment(EngineCounters.INGRESS_OVERSIZED);
        counters.increment(EngineCounters.MODEL_QUARANTINES);
        alerts.check(SECOND, 2);
        assertEquals(List.of("model_quarantined firing: 1 more models quarantined (threw or gave NaN/inf) (1 in all)",
            "input_errors firing: 2 more bad inputs (2 in all: malformed inputs 1, oversized inputs rejected 1, " +
                "feed packets rejected 0)"), channel);
        alerts.check(2 * SECOND, 3);
        counters.increment(EngineCounters.MALFORMED);
        alerts.check(31 * SECOND, 4);
        alerts.check(32 * SECOND, 5);
        assertEquals(2, channel.size(), "a firing alert that grows again stays up, without a new line");
        alerts.check(62 * SECOND, 6);
        assertEquals("model_quarantined resolved: no more models quarantined (threw or gave NaN/inf) (1 in all), " +
            "clear for 60.0 s", channel.get(2));
        assertEquals(3, channel.size(), "input errors grew at 31 s: held until 92 s");
        alerts.check(92 * SECOND, 7);
        assertEquals("input_errors resolved: no more bad inputs (3 in all: malformed inputs 2, oversized inputs " +
            "rejected 1, feed packets rejected 0), clear for 60.0 s", channel.get(3));
    }

    @Test
    void eventsPushedOutOfAFeatureWindowEarlyWarnOperations()
    {
        final OpsAlerts.Thresholds thresholds = new OpsAlerts.Thresholds();
        thresholds.feedStaleNs = 0;
        final OpsAlerts alerts = alerts(thresholds);
        alerts.check(0, 1);
        counters.add(EngineCounters.FEATURE_WINDOW_TRUNCATIONS, 7);
        alerts.check(SECOND, 2);
        assertEquals(List.of("feature_window_truncated firing: 7 more events a burst pushed out of a feature's " +
            "duration window early, its max_events too small for the feed (the feature is NaN meanwhile) (7 in all)"),
            channel);
    }

    @Test
    void killSwitchRingBacklogJournalSpaceAndStepLatency()
    {
        final OpsAlerts.Thresholds thresholds = new OpsAlerts.Thresholds();
        thresholds.feedStaleNs = 0;
        final OpsAlerts alerts = alerts(thresholds);
        alerts.check(0, 1);
        assertEquals(List.of(), channel);

        backlog = 512;
        freeBytes = 512L << 20;
        counters.increment(EngineCounters.STEP_FAILURES);
        counters.killSwitch(EngineCounters.KILL_SWITCH_BY_FAILURE);
        for (int i = 0; i < 100; i++)
        {
            latency.record(0, i < 98 ? 50_000 : 20_000_000); // 2 of 100 over the 10 ms SLO: p99 above it
        }
        alerts.check(SECOND, 2);
        assertEquals(List.of(
            "kill_switch firing: a step failure engaged it (1 since the start): the engine journals but no longer " +
                "trades",
            "journal_space firing: 512 MiB free where the journals are (alert below 1024 MiB)",
            "ring_backlog firing: up to 512 of 1024 ring slots waited for the business thread since the last check",
            "step_latency firing: step latency p99 20004 us over 100 sampled inputs since the last check, SLO " +
                "10000 us"), channel);

        channel.clear();
        backlog = 3;
        freeBytes = 2L << 30;
        recordFastSteps();
        alerts.check(2 * SECOND, 3);
        assertEquals(List.of(), channel, "clear, not yet for the hold");
        recordFastSteps();
        alerts.check(62 * SECOND, 4);
        assertEquals(List.of(
            "journal_space resolved: 2048 MiB free where the journals are (alert below 1024 MiB), clear for 60.0 s",
            "ring_backlog resolved: up to 3 of 1024 ring slots waited for the business thread since the last check, " +
            "clear for 60.0 s",
            "step_latency resolved: step latency p99 50 us over 100 sampled inputs since the last check, SLO " +
                "10000 us, clear for 60.0 s"), channel,
            "the p99 is of the last interval only; the kill switch stays engaged");

        channel.clear();
        for (int i = 0; i < 5; i++)
        {
            latency.record(0, 20_000_000);
        }
        alerts.check(63 * SECOND, 5);
        assertEquals(List.of(), channel, "five samples are too few to judge a p99");

        freeBytes = -1; // the supplier's way, here, of failing as a file store that cannot be read does
        alerts.check(64 * SECOND, 6);
        assertEquals(List.of("journal_space firing: cannot read the free space of /data"), channel);
    }

    @Test
    void aKillSwitchEngagedByCommandAlertsUntilReleased()
    {
        final OpsAlerts.Thresholds thresholds = new OpsAlerts.Thresholds();
        thresholds.feedStaleNs = 0;
        final OpsAlerts alerts = alerts(thresholds);
        alerts.check(0, 1);
        counters.killSwitch(EngineCounters.KILL_SWITCH_BY_COMMAND);
        alerts.check(SECOND, 2);
        final String detail = "engaged by a KillSwitch input (an operator's, or ingress's after a feed gap; its " +
            "reason is in /models): the engine journals but does not trade until it is released";
        assertEquals(List.of("kill_switch firing: " + detail), channel);
        counters.killSwitch(EngineCounters.KILL_SWITCH_RELEASED);
        alerts.check(2 * SECOND, 3);
        alerts.check(62 * SECOND, 4);
        assertEquals("kill_switch resolved: " + detail + ", clear for 60.0 s", channel.get(1));
    }

    @Test
    void slowStepsThenAnIdleEngineResolveTheLatencyAlertAfterTheHold()
    {
        final OpsAlerts.Thresholds thresholds = new OpsAlerts.Thresholds();
        thresholds.feedStaleNs = 0;
        final OpsAlerts alerts = alerts(thresholds);
        alerts.check(0, 1);
        for (int i = 0; i < 30; i++)
        {
            latency.record(0, 20_000_000);
        }
        alerts.check(SECOND, 2);
        alerts.check(2 * SECOND, 3);
        alerts.check(62 * SECOND, 4);
        assertEquals(List.of(
            "step_latency firing: step latency p99 20004 us over 30 sampled inputs since the last check, SLO 10000 us",
            "step_latency resolved: only 0 sampled inputs since the last check, SLO 10000 us, clear for 60.0 s"),
            channel, "no input since, so no SLO missed");
    }

    @Test
    void aCheckCopiesNoHistogram()
    {
        final OpsAlerts alerts = alerts(new OpsAlerts.Thresholds());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int checks = 200;
        long before = 0;
        for (int i = 0; i < 2 * checks; i++)
        {
            if (i == checks)
            {
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            }
            recordFastSteps();
            alerts.check(i * SECOND, i + 1);
        }
        final long perCheck = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / checks;
        // Each check still builds the text of its alerts; a copy of the latency histogram alone is ~220 KB.
        assertTrue(perCheck < 16 * 1024, "bytes allocated per check: " + perCheck);
    }

    private long freeBytes()
    {
        if (freeBytes < 0)
        {
            throw new UncheckedIOException("cannot read the free space of /data", new IOException("no file store"));
        }
        return freeBytes;
    }

    private void recordFastSteps()
    {
        for (int i = 0; i < 100; i++)
        {
            latency.record(0, 50_000);
        }
    }
}
