package io.lockstep.tooling;

import io.lockstep.perf.PerfReport;
import io.lockstep.perf.RunResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lockstep perf compare} as a gate: a summary whose runs are not valid measurements is not compared (exit 2,
 * never 0), and the refusal names the file, the run and the field.
 */
class PerfCommandTest
{
    @TempDir
    Path temp;

    @Test
    void compareExitsTwoNamingTheRunAndFieldOfARunThatLostMessages() throws Exception
    {
        final Path a = temp.resolve("a");
        PerfReport.write(a, "steady", List.of(valid(RunResult.FLOOR), valid(RunResult.ENGINE)), Map.of());
        final String json = Files.readString(a.resolve(PerfReport.SUMMARY_FILE));
        final int engine = json.indexOf("\"mode\": \"engine\"");
        final Path b = Files.createDirectories(temp.resolve("b"));
        final String halfConsumed = json.substring(engine).replaceFirst("\"received\": 5000", "\"received\": 2500");
        Files.writeString(b.resolve(PerfReport.SUMMARY_FILE), json.substring(0, engine) + halfConsumed);

        final JournalCommandsTest.Result same = run("perf", "compare", a.toString(), a.toString());
        assertEquals(0, same.exitCode(), same.err());
        final JournalCommandsTest.Result refused = run("perf", "compare", a.toString(), b.toString());
        assertEquals(2, refused.exitCode(), refused.out());
        assertEquals("lockstep perf compare: " + b.resolve(PerfReport.SUMMARY_FILE) + ": not a valid measurement: " +
            "runs[1] (engine @ 1,000 msg/s): received: 2,500 of the 5,000 messages sent, not every one consumed",
            refused.err().strip());
        assertEquals("", refused.out(), "nothing compared");
    }

    @Test
    void runRefusesANonPositiveDrainTimeout()
    {
        final JournalCommandsTest.Result refused = run("perf", "run", "steady", "--drain-timeout", "0s", "--out",
            temp.resolve("out").toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("--drain-timeout 0s: expected a positive duration"), refused.err());
    }

    /** 1,000 msg/s for 5 s: every message scheduled, sent and consumed, 1,000 samples of 1 to 1,000 us. */
    private static RunResult valid(final String mode)
    {
        final Histogram histogram = new Histogram(3);
        for (int us = 1; us <= 1000; us++)
        {
            histogram.recordValue(us * 1000L);
        }
        return new RunResult(mode, 1_000, 1_100, 1.1, 5_000, 5_000, 5_000, 1_000, 0, histogram, 0, 0, 0, 5.0);
    }
}
