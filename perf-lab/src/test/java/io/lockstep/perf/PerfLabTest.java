package io.lockstep.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A 5-second steady scenario end to end on loopback with the embedded driver: floor and engine both measured,
 * counts agreeing, every report file written and readable. No assertion on any time.
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
            assertEquals(result.sent(), result.received(), "every message sent was consumed, " + what);
            assertTrue(result.sent() >= RATE * 6 - 2, "warm-up and measurement were published, " + what);
            assertTrue(result.latencyNs().getTotalCount() > 0, "non-empty histogram, " + what);
            assertEquals(result.measured(), result.latencyNs().getTotalCount(), what);
            assertTrue(result.measured() <= scheduledInWindow + 1, what);
        }
        final RunResult floor = results.get(0);
        final RunResult engine = results.get(1);
        assertEquals("floor", floor.mode());
        assertEquals("engine", engine.mode());
        assertTrue(Math.abs(floor.measured() - scheduledInWindow) <= 1, "the echo measures every message: " + floor);
        assertTrue(engine.measured() > scheduledInWindow * 8 / 10, "an order for nearly every event: " + engine);

        for (final String file : new String[] { "floor-2000.hgrm", "engine-2000.hgrm", "summary.json", "report.html" })
        {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        final String summary = Files.readString(out.resolve("summary.json"));
        assertNotNull(PerfReport.read(out.resolve("summary.json")), summary);
        assertEquals(0, PerfReport.compare(out.resolve("summary.json"), out.resolve("summary.json"), "p99", 0.10,
            new java.io.PrintWriter(new java.io.StringWriter())), "a run compared with itself has not regressed");
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
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
    void swapScenarioSwapsAndRollsBackUnderLoadWithoutLosingAMessage() throws Exception
    {
        final PerfLab.Options options = options(PerfLab.Scenario.SWAP, 3_000_000_000L);
        options.warmUpNs = 500_000_000L;
        final List<String> log = new java.util.ArrayList<>();
        final List<RunResult> results = PerfLab.run(options, log::add);

        final RunResult engine = results.get(1);
        assertEquals(engine.sent(), engine.received(), "every market-data message was consumed: " + engine);
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
