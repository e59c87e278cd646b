package io.lockstep.perf;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known distributions through the whole report: the floor uniform over 1..1000 us, the engine the same times
 * three, at two rates.
 */
class PerfReportTest
{
    private static final long LOW_RATE = 1_000;
    private static final long HIGH_RATE = 5_000;
    private static final String SCENARIO = "steady \"quoted\" <b>&</b>\n\u00e9\u2028\u0001";
    private static final Pattern POLYLINE = Pattern.compile("<polyline [^>]*stroke=\"(#[0-9a-f]{6})\"([^>]*)>");

    @TempDir
    Path dir;

    @Test
    void writesOneHgrmPerRunInMicroseconds() throws IOException
    {
        final List<RunResult> runs = runs(3.0);
        final Path out = dir.resolve("out");
        PerfReport.write(out, SCENARIO, runs, facts());

        for (final RunResult run : runs)
        {
            final Path hgrm = out.resolve(run.mode() + "-" + run.offeredRate() + ".hgrm");
            assertTrue(Files.isRegularFile(hgrm), hgrm.toString());
            final List<String> lines = Files.readAllLines(hgrm, StandardCharsets.US_ASCII);
            assertTrue(lines.get(0).trim().matches("Value\\s+Percentile\\s+TotalCount\\s+1/\\(1-Percentile\\)"),
                lines.get(0));
            final String footer = String.join("\n", lines.subList(lines.size() - 3, lines.size()));
            assertTrue(footer.contains("#[Max     ="), footer);
            assertTrue(footer.matches("(?s).*Total count\\s+=\\s+1000\\].*"), footer);
            assertTrue(footer.contains("#[Buckets ="), footer);

            final double meanUs = mean(lines);
            assertEquals(run.latencyNs().getMean() / 1000.0, meanUs, 0.001, hgrm.toString());
            final double expected = RunResult.ENGINE.equals(run.mode()) ? 3 * 500.5 : 500.5;
            assertEquals(expected, meanUs, expected * 0.001, hgrm.toString());
        }
        assertTrue(Files.isRegularFile(out.resolve(PerfReport.SUMMARY_FILE)));
        assertTrue(Files.isRegularFile(out.resolve(PerfReport.REPORT_FILE)));
    }

    @Test
    void summaryReadsBackWithTheSameNumbers() throws IOException
    {
        final List<RunResult> runs = runs(3.0);
        PerfReport.write(dir, SCENARIO, runs, facts());

        final Summary summary = PerfReport.read(dir.resolve(PerfReport.SUMMARY_FILE));
        assertEquals(Summary.of(SCENARIO, runs, facts()), summary);
        assertEquals(SCENARIO, summary.scenario());
        assertEquals(List.copyOf(facts().keySet()), List.copyOf(summary.facts().keySet()), "facts keep their order");
        assertEquals(runs.size(), summary.runs().size());
        for (int i = 0; i < runs.size(); i++)
        {
            final RunResult run = runs.get(i);
            final Summary.Run read = summary.runs().get(i);
            assertEquals(run.mode(), read.mode());
            assertEquals(run.offeredRate(), read.offeredRate());
            assertEquals(run.warmUpSent(), read.warmUpSent());
            assertEquals(run.warmUpSeconds(), read.warmUpSeconds());
            assertEquals(run.scheduled(), read.scheduled());
            assertEquals(run.sent(), read.sent());
            assertEquals(run.received(), read.received());
            assertEquals(run.measured(), read.measured());
            assertEquals(run.missing(), read.missing());
            assertEquals(run.gcCount(), read.gcCount());
            assertEquals(run.gcTimeMs(), read.gcTimeMs());
            assertEquals(run.allocatedBytes(), read.allocatedBytes());
            assertEquals(run.seconds(), read.seconds());
            final Histogram histogram = run.latencyNs();
            final Summary.Percentiles us = read.percentilesUs();
            assertEquals(histogram.getValueAtPercentile(50.0) / 1000.0, us.get("p50"));
            assertEquals(histogram.getValueAtPercentile(90.0) / 1000.0, us.get("p90"));
            assertEquals(histogram.getValueAtPercentile(99.0) / 1000.0, us.get("p99"));
            assertEquals(histogram.getValueAtPercentile(99.9) / 1000.0, us.get("p99.9"));
            assertEquals(histogram.getMaxValue() / 1000.0, us.get("max"));
        }
        final Summary.Percentiles floorLow = summary.run(RunResult.FLOOR, LOW_RATE).percentilesUs();
        assertEquals(500.0, floorLow.p50(), 1.0);
        assertEquals(990.0, floorLow.p99(), 1.0);
        assertEquals(1000.0, floorLow.max(), 1.0);
    }

    @Test
    void ratiosPairEngineAndFloorOfEachRate() throws IOException
    {
        PerfReport.write(dir, SCENARIO, runs(3.0), facts());
        final Summary summary = PerfReport.read(dir.resolve(PerfReport.SUMMARY_FILE));

        assertEquals(2, summary.ratios().size());
        for (final long rate : new long[] { LOW_RATE, HIGH_RATE })
        {
            final Summary.Ratio ratio = summary.ratio(rate);
            assertNotNull(ratio, "ratio at " + rate);
            for (final String name : Summary.Percentiles.NAMES)
            {
                assertEquals(3.0, ratio.engineOverFloor().get(name), 0.01, name + " at " + rate);
            }
        }
        final String json = Files.readString(dir.resolve(PerfReport.SUMMARY_FILE));
        assertTrue(json.contains("\"ratios\""), json);
        assertTrue(json.contains("\"engineOverFloor\""), json);
        assertTrue(json.contains("\"p99.9\""), json);
    }

    @Test
    void htmlHasOnePolylinePerRunAndTheTableValues() throws IOException
    {
        final List<RunResult> runs = runs(3.0);
        PerfReport.write(dir, SCENARIO, runs, facts());
        final String html = Files.readString(dir.resolve(PerfReport.REPORT_FILE), StandardCharsets.UTF_8);
        final Summary summary = Summary.of(SCENARIO, runs, facts());

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(1, count(html, "<svg"));
        assertFalse(html.contains("<script"), "self-contained, no scripts");
        final String withoutNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutNamespace.contains("http") || html.contains("<link") || html.contains("src="),
            "nothing fetched");
        for (final String tick : new String[] { ">0%<", ">90%<", ">99%<", ">99.9%<", ">99.99%<", ">99.999%<" })
        {
            assertTrue(html.contains(tick), tick);
        }
        assertTrue(html.contains("Latency (\u00b5s, log scale)"));

        final Matcher polylines = POLYLINE.matcher(html);
        final Map<String, String> colourByRun = new LinkedHashMap<>();
        int dashed = 0;
        while (polylines.find())
        {
            final int titleStart = html.indexOf("<title>", polylines.end());
            final String title = html.substring(titleStart + 7, html.indexOf("</title>", titleStart));
            colourByRun.put(title, polylines.group(1));
            dashed += polylines.group(2).contains("stroke-dasharray") ? 1 : 0;
        }
        assertEquals(runs.size(), colourByRun.size(), colourByRun.toString());
        assertEquals(2, dashed, "the floor runs are dashed");
        assertEquals(colourByRun.get("engine 1,000 msg/s"), colourByRun.get("floor 1,000 msg/s"));
        assertEquals(colourByRun.get("engine 5,000 msg/s"), colourByRun.get("floor 5,000 msg/s"));
        assertNotEquals(colourByRun.get("engine 1,000 msg/s"), colourByRun.get("engine 5,000 msg/s"));

        assertTrue(html.contains(ReportHtml.escape("Lockstep perf-lab: " + SCENARIO).replace('\u0001', '\ufffd')));
        assertFalse(html.contains("<b>&</b>"), "scenario escaped");
        assertTrue(html.contains("<td>17.0.15 &lt;vendor&gt;</td>"), "facts escaped");
        assertTrue(html.contains("Offered rate 1,000 msg/s"));
        assertTrue(html.contains("Offered rate 5,000 msg/s"));
        for (final Summary.Run run : summary.runs())
        {
            for (final String name : Summary.Percentiles.NAMES)
            {
                final String cell = "<td class=\"n\">" + ReportHtml.formatUs(run.percentilesUs().get(name)) + "</td>";
                assertTrue(html.contains(cell), run.mode() + " " + run.offeredRate() + " " + name + ": " + cell);
            }
            assertTrue(html.contains("<td class=\"n\">" + ReportHtml.formatCount(run.sent()) + "</td>"));
            assertTrue(html.contains("<td class=\"n\">" + ReportHtml.formatCount(run.allocatedBytes()) + "</td>"));
            assertTrue(html.contains("href=\"" + run.mode() + "-" + run.offeredRate() + ".hgrm\""));
        }
        assertTrue(html.contains("<td class=\"n\">3.00</td>"), "engine/floor ratio");
        assertTrue(html.contains("<th>engine/floor</th>"));
    }

    @Test
    void runWithoutSamplesIsReportedButNotPlotted() throws IOException
    {
        final List<RunResult> runs = new ArrayList<>(runs(3.0));
        runs.add(run("floor", 9_000, new Histogram(3), 0));
        PerfReport.write(dir, SCENARIO, runs, facts());

        assertTrue(Files.isRegularFile(dir.resolve("floor-9000.hgrm")));
        final String html = Files.readString(dir.resolve(PerfReport.REPORT_FILE), StandardCharsets.UTF_8);
        assertEquals(runs.size() - 1, count(html, "<polyline"));
        assertTrue(html.contains("floor 9,000 msg/s (no samples)"));
        assertEquals(0.0, PerfReport.read(dir.resolve(PerfReport.SUMMARY_FILE))
            .run("floor", 9_000).percentilesUs().max());
    }

    /** Its zeros are no latency: no engine/floor ratio beside a run without samples, and n/a in the table. */
    @Test
    void runWithoutSamplesHasNoRatio() throws IOException
    {
        final List<RunResult> runs = List.of(run(RunResult.FLOOR, LOW_RATE, uniform(1.0), 1),
            run(RunResult.ENGINE, LOW_RATE, new Histogram(3), 2));
        PerfReport.write(dir, SCENARIO, runs, facts());

        assertEquals(null, PerfReport.read(dir.resolve(PerfReport.SUMMARY_FILE)).ratio(LOW_RATE));
        final String html = Files.readString(dir.resolve(PerfReport.REPORT_FILE), StandardCharsets.UTF_8);
        // Engine first, then floor.
        assertTrue(html.contains("<tr><th>p50 (\u00b5s)</th><td class=\"n\">n/a</td><td class=\"n\">500.2</td></tr>"),
            html);
    }

    @Test
    void rejectsRunsThatWouldShareOrEscapeAFile()
    {
        final List<RunResult> duplicate = new ArrayList<>(runs(3.0));
        duplicate.add(duplicate.get(0));
        assertThrows(IllegalArgumentException.class, () -> PerfReport.write(dir, SCENARIO, duplicate, facts()));

        final List<RunResult> escaping = List.of(run("../engine", LOW_RATE, uniform(1.0), 1));
        assertThrows(IllegalArgumentException.class, () -> PerfReport.write(dir, SCENARIO, escaping, facts()));
        assertFalse(Files.exists(dir.resolve(PerfReport.SUMMARY_FILE)), "nothing written");
    }

    @Test
    void identicalSummariesCompareClean() throws IOException
    {
        final Path a = writeSummary("a", runs(3.0));
        final StringWriter text = new StringWriter();

        assertEquals(0, PerfReport.compare(a, a, "p99", 0.10, new PrintWriter(text)));
        assertTrue(text.toString().contains("ok: engine p99"), text.toString());
        assertTrue(text.toString().contains("1.000"), text.toString());
    }

    @Test
    void engineP99FifteenPercentHigherFailsAtTenButNotTwenty() throws IOException
    {
        final Path a = writeSummary("a", runs(3.0));
        final Path b = writeSummary("b", runs(3.0 * 1.15));
        final double p99A = PerfReport.read(a).run(RunResult.ENGINE, LOW_RATE).percentilesUs().p99();
        final double p99B = PerfReport.read(b).run(RunResult.ENGINE, LOW_RATE).percentilesUs().p99();
        assertEquals(1.15, p99B / p99A, 0.005);

        final StringWriter text = new StringWriter();
        assertEquals(1, PerfReport.compare(a, b, "p99", 0.10, new PrintWriter(text)));
        assertTrue(text.toString().contains("REGRESSION: engine p99"), text.toString());
        assertTrue(text.toString().contains("1,000 msg/s, 5,000 msg/s"), text.toString());
        assertEquals(0, PerfReport.compare(a, b, "p99", 0.20, new PrintWriter(new StringWriter())));
        assertEquals(0, PerfReport.compare(b, a, "p99", 0.10, new PrintWriter(new StringWriter())), "faster is fine");
        assertEquals(1, PerfReport.compare(a, b, "p50", 0.10, new PrintWriter(new StringWriter())));
    }

    @Test
    void onlyEngineRunsGate() throws IOException
    {
        final List<RunResult> slowerFloor = new ArrayList<>();
        for (final RunResult run : runs(3.0))
        {
            slowerFloor.add(RunResult.FLOOR.equals(run.mode()) ?
                run(run.mode(), run.offeredRate(), uniform(2.0), 1) : run);
        }
        final Path a = writeSummary("a", runs(3.0));
        final Path b = writeSummary("b", slowerFloor);

        assertEquals(0, PerfReport.compare(a, b, "p99", 0.10, new PrintWriter(new StringWriter())));
    }

    @Test
    void noEngineRunInBothIsNotCompared() throws IOException
    {
        final Path a = writeSummary("a", runs(3.0));
        final Path b = writeSummary("b", runs(3.0).stream()
            .filter((run) -> RunResult.FLOOR.equals(run.mode())).toList());
        final StringWriter text = new StringWriter();

        assertEquals(PerfReport.NOT_COMPARED, PerfReport.compare(a, b, "p99", 0.10, new PrintWriter(text)));
        assertEquals(2, PerfReport.NOT_COMPARED, "lockstep perf compare exits with it");
        assertTrue(text.toString().contains("only in A: engine @ 1,000 msg/s"), text.toString());
        assertTrue(text.toString().endsWith("not compared: no engine run is in both summaries (same rate), nothing " +
            "was gated" + System.lineSeparator()), text.toString());
    }

    @Test
    void compareRefusesARunThatIsNotAValidMeasurement() throws IOException
    {
        final Path a = writeSummary("a", runs(3.0));
        final String json = Files.readString(a);
        final String engine = "runs[1] (engine @ 1,000 msg/s): ";
        assertTrue(json.contains("\"scheduled\": 10002,"), "the run edited below: " + json);

        refused(a, "half-consumed", editRun(json, 1, "received", "5001"),
            engine + "received: 5,001 of the 10,002 messages sent, not every one consumed");
        refused(a, "no-samples", editRun(json, 1, "measured", "0"), engine + "measured: 0 latency samples");
        refused(a, "negative-p99", editRun(json, 1, "p99", "-1.0"),
            engine + "percentilesUs.p99: -1.0, not a latency");
        refused(a, "p99-below-p90", editRun(json, 1, "p99", "100.0"), engine + "percentilesUs.p99: 100.0, below p90");
        refused(a, "missing", editRun(json, 1, "missing", "3"),
            engine + "missing: 3 samples never arrived, lost or late");
        refused(a, "unsent", editRun(editRun(json, 1, "sent", "9000"), 1, "received", "9000"),
            engine + "sent: 9,000 of the 10,002 messages scheduled");
        refused(a, "off-schedule", editRun(editRun(editRun(json, 1, "scheduled", "20004"), 1, "sent", "20004"), 1,
            "received", "20004"),
            engine + "scheduled: 20,004, where the steady schedule puts 10,002 (within 2) in 10.002 s at 1,000 msg/s");
        final int from = runStart(json, 1);
        final int to = runEnd(json, from);
        final String twice = json.substring(0, to) + ",\n    " + editRun(json.substring(from, to), 0, "p99", "1e9") +
            json.substring(to);
        refused(a, "twice", twice,
            "runs[2] (engine @ 1,000 msg/s): mode and offeredRate: the same as runs[1], one run measured twice");
        refused(a, "sideways", json.replace("\"scenario\": \"steady\"", "\"scenario\": \"sideways\""),
            "scenario: 'sideways' is not steady, burst, gap or swap");
        refused(a, "version-1", json.replace("\"formatVersion\": 2", "\"formatVersion\": 1"),
            "formatVersion: version 1, this reader knows 2 (an older summary records no missing samples");
    }

    /** B is refused naming its file, its run and the field, and so is it as the baseline. */
    private void refused(final Path valid, final String name, final String json, final String problem)
        throws IOException
    {
        final Path bad = dir.resolve(name + ".json");
        Files.writeString(bad, json);
        for (final Path[] pair : new Path[][] { { valid, bad }, { bad, valid } })
        {
            final StringWriter text = new StringWriter();
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> PerfReport.compare(pair[0], pair[1], "p99", 0.10, new PrintWriter(text)), name);
            assertTrue(ex.getMessage().startsWith(bad + ": "), ex.getMessage());
            assertTrue(ex.getMessage().contains(problem), ex.getMessage());
            assertEquals("", text.toString(), "nothing compared");
        }
    }

    /** The JSON with one field of runs[index] set (the first of that name in it: p99 is its percentile). */
    private static String editRun(final String json, final int index, final String field, final String value)
    {
        final int from = runStart(json, index);
        final int to = runEnd(json, from);
        final String run = json.substring(from, to);
        final String edited = run.replaceFirst("\"" + Pattern.quote(field) + "\": [^,\n]+",
            "\"" + field + "\": " + value);
        assertNotEquals(run, edited, field);
        return json.substring(0, from) + edited + json.substring(to);
    }

    private static int runStart(final String json, final int index)
    {
        int mode = -1;
        for (int i = 0; i <= index; i++)
        {
            mode = json.indexOf("\"mode\":", mode + 1);
        }
        return json.lastIndexOf('{', mode);
    }

    private static int runEnd(final String json, final int start)
    {
        int depth = 0;
        for (int i = start; ; i++)
        {
            depth += json.charAt(i) == '{' ? 1 : json.charAt(i) == '}' ? -1 : 0;
            if (depth == 0)
            {
                return i + 1;
            }
        }
    }

    @Test
    void eachRateDividesItsMessagesByTheTimeTheyWereSentIn() throws IOException
    {
        // As a 2,000 msg/s run records itself: 2,184 lead-in and warm-up messages over 1.092 s, 10,000 in 5 s.
        final Histogram histogram = uniform(1.0);
        final RunResult run = new RunResult(RunResult.ENGINE, 2_000, 2_184, 1.092, 10_000, 10_000, 10_000,
            histogram.getTotalCount(), 0, histogram, 0, 0, 3_200_000, 5.0);
        PerfReport.write(dir, "steady", List.of(run), facts());
        final String html = Files.readString(dir.resolve(PerfReport.REPORT_FILE), StandardCharsets.UTF_8);

        assertTrue(html.contains("<tr><th>sent/s</th><td class=\"n\">2,000</td></tr>"), html);
        assertTrue(html.contains("<tr><th>warm-up: sent/s</th><td class=\"n\">2,000</td></tr>"), html);
        assertTrue(html.contains("<tr><th>allocated/sent (bytes)</th><td class=\"n\">320.0</td></tr>"), html);
        assertTrue(html.contains("<tr><th>missing (never arrived)</th><td class=\"n\">0</td></tr>"), html);
        assertFalse(html.contains("class=\"warn\""), "a valid run has no warning");
    }

    @Test
    void aRunWithMissingSamplesSaysSoInTheReport() throws IOException
    {
        final Histogram histogram = uniform(1.0);
        final RunResult run = new RunResult(RunResult.ENGINE, 2_000, 2_184, 1.092, 10_000, 10_000, 9_990,
            histogram.getTotalCount(), 12, histogram, 0, 0, 0, 5.0);
        PerfReport.write(dir, "steady", List.of(run), facts());
        final String html = Files.readString(dir.resolve(PerfReport.REPORT_FILE), StandardCharsets.UTF_8);

        assertTrue(html.contains("<p class=\"warn\">engine: of 10,000 messages scheduled in the measurement, " +
            "10,000 sent and 9,990 consumed; 12 samples never arrived. Not a valid measurement"), html);
        assertEquals(12, PerfReport.read(dir.resolve(PerfReport.SUMMARY_FILE)).runs().get(0).missing());
    }

    @Test
    void corruptSummaryNamesTheFileAndOffset() throws IOException
    {
        final Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{\"scenario\": \"x\",, }");
        final Path good = writeSummary("a", runs(3.0));

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(good, corrupt, "p99", 0.10, new PrintWriter(new StringWriter())));
        assertTrue(ex.getMessage().contains(corrupt.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("offset 17"), ex.getMessage());

        final IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
            () -> PerfReport.read(corrupt));
        assertEquals(ex.getMessage(), direct.getMessage());
    }

    @Test
    void truncatedSummaryNamesTheFileAndOffset() throws IOException
    {
        final Path good = writeSummary("a", runs(3.0));
        final String json = Files.readString(good);
        final int cut = json.indexOf("\"runs\"");
        final Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, json.substring(0, cut));

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(truncated, good, "p99", 0.10, new PrintWriter(new StringWriter())));
        assertTrue(ex.getMessage().contains(truncated.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("offset " + cut), ex.getMessage());
    }

    @Test
    void missingOrIncompleteSummaryNamesTheFile() throws IOException
    {
        final Path good = writeSummary("a", runs(3.0));
        final Path missing = dir.resolve("missing.json");
        final IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(good, missing, "p99", 0.10, new PrintWriter(new StringWriter())));
        assertTrue(absent.getMessage().contains(missing.toString()), absent.getMessage());

        final Path incomplete = dir.resolve("incomplete.json");
        Files.writeString(incomplete, Files.readString(good).replaceFirst("\"p99\"", "\"p98\""));
        final IllegalArgumentException field = assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(good, incomplete, "p99", 0.10, new PrintWriter(new StringWriter())));
        assertTrue(field.getMessage().contains(incomplete.toString()), field.getMessage());
        assertTrue(field.getMessage().contains("runs[0].percentilesUs.p99: missing"), field.getMessage());
    }

    @Test
    void summariesOfDifferentScenariosAreNotCompared() throws IOException
    {
        final Path a = writeSummary("a", runs(3.0));
        final Path out = dir.resolve("burst");
        final List<RunResult> burst = new ArrayList<>();
        for (final RunResult run : runs(3.0 * 2))
        {
            final long scheduled = PerfLab.scheduledMessages(PerfLab.Scenario.BURST, run.offeredRate(),
                Math.round(run.seconds() * 1e9));
            burst.add(new RunResult(run.mode(), run.offeredRate(), run.warmUpSent(), run.warmUpSeconds(), scheduled,
                scheduled, scheduled, run.measured(), 0, run.latencyNs(), 0, 0, 0, run.seconds()));
        }
        PerfReport.write(out, "burst", burst, facts());
        final StringWriter text = new StringWriter();

        assertEquals(PerfReport.NOT_COMPARED,
            PerfReport.compare(a, out.resolve(PerfReport.SUMMARY_FILE), "p99", 0.10, new PrintWriter(text)));
        assertTrue(text.toString().contains("not compared: the scenarios differ (A steady, B burst)"),
            text.toString());
    }

    @Test
    void unknownPercentileIsRejected() throws IOException
    {
        final Path a = writeSummary("a", runs(3.0));
        assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(a, a, "p95", 0.10, new PrintWriter(new StringWriter())));
        assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(a, a, "p99", Double.NaN, new PrintWriter(new StringWriter())));
    }

    /** A summary of a steady scenario: compare checks the runs against the schedule. */
    private Path writeSummary(final String name, final List<RunResult> runs) throws IOException
    {
        final Path out = dir.resolve(name);
        PerfReport.write(out, "steady", runs, facts());
        return out.resolve(PerfReport.SUMMARY_FILE);
    }

    /** Floor and engine at two rates; the engine's latencies are the floor's times engineFactor. */
    private static List<RunResult> runs(final double engineFactor)
    {
        return List.of(
            run(RunResult.FLOOR, LOW_RATE, uniform(1.0), 1),
            run(RunResult.ENGINE, LOW_RATE, uniform(engineFactor), 2),
            run(RunResult.FLOOR, HIGH_RATE, uniform(1.0), 3),
            run(RunResult.ENGINE, HIGH_RATE, uniform(engineFactor), 4));
    }

    /** A valid run: every scheduled message sent and consumed, none missing, each field its own value. */
    private static RunResult run(final String mode, final long rate, final Histogram histogram, final int seed)
    {
        final double seconds = 10.0 + seed / 1000.0;
        final long scheduled = PerfLab.scheduledMessages(PerfLab.Scenario.STEADY, rate, Math.round(seconds * 1e9));
        return new RunResult(mode, rate, rate + seed, 1.0 + seed / 1000.0, scheduled, scheduled, scheduled,
            histogram.getTotalCount(), 0, histogram, seed, 10L * seed, 1_000_003L * seed, seconds);
    }

    /** 1..1000 us, one sample each, times factor; in nanoseconds. */
    private static Histogram uniform(final double factor)
    {
        final Histogram histogram = new Histogram(3);
        for (int us = 1; us <= 1000; us++)
        {
            histogram.recordValue(Math.round(us * 1000.0 * factor));
        }
        return histogram;
    }

    private static Map<String, String> facts()
    {
        final Map<String, String> facts = new LinkedHashMap<>();
        facts.put("jvm", "17.0.15 <vendor>");
        facts.put("cpu", "2 cores");
        facts.put("commit", "608872e");
        facts.put("note \"quoted\"", "back\\slash\ttab");
        return facts;
    }

    private static double mean(final List<String> lines)
    {
        final Pattern mean = Pattern.compile("#\\[Mean\\s+=\\s+([0-9.]+),.*");
        for (final String line : lines)
        {
            final Matcher matcher = mean.matcher(line);
            if (matcher.matches())
            {
                return Double.parseDouble(matcher.group(1));
            }
        }
        throw new AssertionError("no Mean line in " + lines);
    }

    private static int count(final String text, final String what)
    {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            count++;
        }
        return count;
    }
}
