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
            assertEquals(run.sent(), read.sent());
            assertEquals(run.received(), read.received());
            assertEquals(run.measured(), read.measured());
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
    void unknownPercentileIsRejected() throws IOException
    {
        final Path a = writeSummary("a", runs(3.0));
        assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(a, a, "p95", 0.10, new PrintWriter(new StringWriter())));
        assertThrows(IllegalArgumentException.class,
            () -> PerfReport.compare(a, a, "p99", Double.NaN, new PrintWriter(new StringWriter())));
    }

    private Path writeSummary(final String name, final List<RunResult> runs) throws IOException
    {
        final Path out = dir.resolve(name);
        PerfReport.write(out, SCENARIO, runs, facts());
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

    private static RunResult run(final String mode, final long rate, final Histogram histogram, final int seed)
    {
        return new RunResult(mode, rate, rate * 10 + seed, rate * 10 + seed - 1, histogram.getTotalCount(),
            histogram, seed, 10L * seed, 1_000_003L * seed, 10.0 + seed / 1000.0);
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
