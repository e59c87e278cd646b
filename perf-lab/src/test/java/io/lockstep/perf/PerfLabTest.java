package io.lockstep.perf;

import io.lockstep.engine.FeedPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A 5-second steady scenario end to end on loopback with the embedded driver: floor and engine both measured,
 * counts agreeing with the schedule and none missing, every report file written and readable. No assertion on any
 * time.
 */
class PerfLabTest
{
    private static final long RATE = 2_000;

    @TempDir
    Path out;

    @Test
    void fiveSecondScenarioProducesAgreeingCountsAndReadableReports() throws Exception
    {
        final PerfLab.Options options = options(PerfLab.Scenario.STEADY, 5_000_000_000L);
        options.warmUpNs = 1_000_000_000L;
        final List<RunResult> results = PerfLab.run(options, (line) -> { });

        assertEquals(2, results.size());
        final long scheduledInWindow = RATE * 5;
        for (final RunResult result : results)
        {
            final String what = result.mode() + ": " + result;
            assertEquals(scheduledInWindow, result.scheduled(), what);
            assertEquals(result.scheduled(), result.sent(), "every scheduled message was sent, " + what);
            assertEquals(result.sent(), result.received(), "every message sent was consumed, " + what);
            assertEquals(0, result.missing(), "every sample arrived, " + what);
            assertEquals(RATE, result.sent() / result.seconds(), 0.0, "the window's rate, " + what);
            assertEquals(RATE, result.warmUpSent() / result.warmUpSeconds(), RATE * 0.01, "warm-up's, " + what);
            assertTrue(result.warmUpSeconds() >= 1.0, "the lead-in, then the warm-up, " + what);
            assertTrue(result.latencyNs().getTotalCount() > 0, "non-empty histogram, " + what);
            assertEquals(result.measured(), result.latencyNs().getTotalCount(), what);
            assertTrue(result.measured() <= scheduledInWindow, what);
        }
        final RunResult floor = results.get(0);
        final RunResult engine = results.get(1);
        assertEquals("floor", floor.mode());
        assertEquals("engine", engine.mode());
        assertEquals(scheduledInWindow, floor.measured(), "the echo measures every message: " + floor);
        assertTrue(engine.measured() > scheduledInWindow * 8 / 10, "an order for nearly every event: " + engine);

        for (final String file : new String[] { "floor-2000.hgrm", "engine-2000.hgrm", "summary.json", "report.html" })
        {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        final String summary = Files.readString(out.resolve("summary.json"));
        assertNotNull(PerfReport.read(out.resolve("summary.json")), summary);
        assertEquals(0, PerfReport.compare(out.resolve("summary.json"), out.resolve("summary.json"), "p99", 0.10,
            new java.io.PrintWriter(new java.io.StringWriter())), "a run compared with itself has not regressed");
        // The engine's data directory records the settings that decided its run, so replay and restart read them.
        final java.util.Map<String, String> recorded = io.lockstep.engine.EngineSettings.recorded(
            io.lockstep.engine.config.ConfigFile.load(out.resolve("engine-2000").resolve("engine.config")))
            .decidingSettings();
        assertEquals("every_event", recorded.get("strategy.kind"), recorded.toString());
        assertEquals(Integer.toString(1 << 20), recorded.get("risk.max.orders.per.second"), recorded.toString());
        assertEquals("1000000", recorded.get("risk.price.collar.bps"), recorded.toString());
        final String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg"));
        assertTrue(html.contains("<tr><th>sent/s</th><td class=\"n\">2,000</td><td class=\"n\">2,000</td>"), html);
    }

    @Test
    void scheduledMessagesIsWhatEachScheduleSendsWhereverItsFirstMessageFalls()
    {
        final long start = 1_000_000_000_000L;
        for (final PerfLab.Scenario scenario : PerfLab.Scenario.values())
        {
            for (final long rate : new long[] { 1, 3, 7, 999, 2_000, 30_001, 1_000_000 })
            {
                for (final long durationNs : new long[] { 5_000_000_000L, 7_300_000_001L })
                {
                    final long expected = PerfLab.scheduledMessages(scenario, rate, durationNs);
                    final long end = start + durationNs;
                    final FeedPublisher.Schedule schedule = PerfLab.schedule(scenario, rate, start, end);
                    final long interval = 1_000_000_000L / rate;
                    for (final long phase : new long[] { 0, 1, interval / 3, interval / 2, interval - 1 })
                    {
                        long count = 0;
                        for (long timeNs = start - 2 * interval + phase; timeNs < end; timeNs = schedule.next(timeNs))
                        {
                            count += timeNs >= start ? 1 : 0;
                        }
                        final String what = scenario + " at " + rate + " msg/s for " + durationNs + " ns, phase " +
                            phase + ": " + count + " against " + expected;
                        assertTrue(Math.abs(count - expected) <= PerfLab.scheduleTolerance(scenario), what);
                    }
                }
            }
        }
    }

    @Test
    void gapScenarioRefusesADurationThatEndsInTheGap() throws Exception
    {
        final PerfLab.Options options = options(PerfLab.Scenario.GAP, 3_000_000_000L);
        options.out = out.resolve("gap");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> PerfLab.run(options, (line) -> { }));
        assertEquals("--duration 3s is too short for the gap scenario: at least 5s (2s of silence from the middle " +
            "of the measurement, then 0.5s resumed)", refused.getMessage());
        assertFalse(Files.exists(options.out), "refused before running");
        assertEquals(5_000_000_000L, PerfLab.GAP_MIN_DURATION_NS, "the default duration runs it");
    }

    @Test
    void burstScenarioRefusesADurationTheBurstWouldSpillOutOf()
    {
        final PerfLab.Options options = options(PerfLab.Scenario.BURST, 800_000_000L);
        options.out = out.resolve("burst");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> PerfLab.run(options, (line) -> { }));
        assertEquals("--duration 0.8s is too short for the burst scenario: at least 2s (a 1s burst in the middle " +
            "of the measurement, the base rate around it)", refused.getMessage());
        assertFalse(Files.exists(options.out), "refused before running");
    }

    @Test
    void refusesBeforeRunningARateGivenTwiceOrAnOutputDirectoryInUse() throws Exception
    {
        final PerfLab.Options twice = options(PerfLab.Scenario.STEADY, 1_000_000_000L);
        twice.rates = new long[] { RATE, 1_000, RATE };
        twice.out = out.resolve("twice");
        final IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
            () -> PerfLab.run(twice, (line) -> { }));
        assertTrue(rate.getMessage().contains("2000 msg/s is given twice"), rate.getMessage());
        assertFalse(Files.exists(twice.out), "refused before running");

        final PerfLab.Options used = options(PerfLab.Scenario.STEADY, 1_000_000_000L);
        used.out = Files.createDirectories(out.resolve("used").resolve("engine-2000"));
        used.out = used.out.getParent();
        final IllegalArgumentException dir = assertThrows(IllegalArgumentException.class,
            () -> PerfLab.run(used, (line) -> { }));
        assertTrue(dir.getMessage().contains("exists and is not empty"), dir.getMessage());

        final PerfLab.Options bound = options(PerfLab.Scenario.STEADY, 1_000_000_000L);
        bound.p99BoundUs = Double.NaN;
        bound.out = out.resolve("bound");
        assertThrows(IllegalArgumentException.class, () -> PerfLab.run(bound, (line) -> { }));
        assertFalse(Files.exists(bound.out), "refused before running");
    }

    @Test
    void swapScenarioSwapsAndRollsBackUnderLoadWithoutLosingAMessage() throws Exception
    {
        final PerfLab.Options options = options(PerfLab.Scenario.SWAP, 3_000_000_000L);
        options.warmUpNs = 500_000_000L;
        final List<String> log = new java.util.ArrayList<>();
        final List<RunResult> results = PerfLab.run(options, log::add);

        final RunResult engine = results.get(1);
        assertEquals(engine.sent(), engine.received(), "every market-data message was consumed: " + engine);
        assertEquals(0, engine.missing(), "every order arrived: " + engine);
        assertTrue(engine.measured() > RATE * 3 * 8 / 10, "orders went on through the swaps: " + engine);
        final String swaps = log.stream().filter((line) -> line.contains("swaps and rollbacks sent")).findFirst()
            .orElseThrow();
        final java.util.regex.Matcher counts = java.util.regex.Pattern
            .compile(": (\\d+) swaps and rollbacks sent, (\\d+) swaps and (\\d+) rollbacks applied").matcher(swaps);
        assertTrue(counts.find(), swaps);
        final int sent = Integer.parseInt(counts.group(1));
        assertTrue(sent >= 25, "one every 100 ms of 3 s: " + swaps);
        assertEquals(sent, Integer.parseInt(counts.group(2)) + Integer.parseInt(counts.group(3)), swaps);
        assertEquals((sent + 1) / 2, Integer.parseInt(counts.group(2)), swaps);
        assertTrue(Files.readString(out.resolve("summary.json")).contains("ModelSwap or Rollback"));
    }

    private PerfLab.Options options(final PerfLab.Scenario scenario, final long durationNs)
    {
        final PerfLab.Options options = new PerfLab.Options();
        options.scenario = scenario;
        options.rates = new long[] { RATE };
        options.durationNs = durationNs;
        options.out = out;
        return options;
    }
}
