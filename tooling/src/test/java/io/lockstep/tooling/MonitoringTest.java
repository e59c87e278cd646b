package io.lockstep.tooling;

import io.lockstep.engine.Demo;
import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.lockstep.tooling.AdminCommandTest.pack;
import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Bimodal monitoring of a running engine, end to end: an operations alert fires into its channel (file, log, HTTP,
 * metrics) and never into research's; the alpha drift report compares each champion's live features and
 * predictions with the training reference sealed in its artifact, flags the one feature whose reference was
 * shifted, compares a shadow with its own reference and with the champion beside it, and is recomputed offline from
 * the decision journal to the same bytes.
 */
class MonitoringTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void alertsGoToOperationsAndResearchReportsAreRecomputedOffline() throws Exception
    {
        final Path config = temp.resolve("engine.config");
        final String common = "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\n" +
            "risk.max.orders.per.second = 4000\nrisk.max.position = 100000000\nrisk.max.notional = 1e12\n" +
            "monitor.report.interval = 1s\n";

        // A first run of the seeded feed is the training data: its feature matrix, through the same code.
        Files.writeString(config, common + "data.dir = " + temp.resolve("training") + "\n");
        runFeed(config, 30_000, null, new ArrayList<>());
        final Path graph = temp.resolve("demo.features");
        try (InputStream in = EngineSettings.class.getResourceAsStream("/io/lockstep/features/demo.features"))
        {
            Files.write(graph, in.readAllBytes());
        }
        final Path rows = temp.resolve("training.csv");
        final JournalCommandsTest.Result matrix = run("research", "features", "--journal",
            temp.resolve("training").resolve("inputs").toString(), "--graph", graph.toString(), "--out",
            rows.toString());
        assertEquals(0, matrix.exitCode(), matrix.err());
        // The same rows with imb_1 moved beyond anything an imbalance can be: a reference the live feed drifts from.
        final Path shifted = temp.resolve("shifted.csv");
        Files.writeString(shifted, shiftColumn(Files.readAllLines(rows), "imb_1", 2.0));

        final String a = pack(temp, config, "a", -0.001, 0.001, "--reference", rows.toString());
        final String b = pack(temp, config, "b", 0.001, -0.001, "--reference", shifted.toString());
        assertTrue(Files.readString(temp.resolve("a").resolve("manifest.conf"))
            .contains("reference.file = reference.json"));

        // The monitored run: a trades on the same seeded feed, then b. The journals' disk "runs out" at once.
        final Path run = temp.resolve("run");
        Files.writeString(config, common + "data.dir = " + run + "\nhttp.port = 0\n" +
            "alert.journal.free.mb = 1000000000000\nmodel.artifact = " + temp.resolve("a") + "\n");
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final Demo monitored = runFeed(config, 30_000, (demo) ->
        {
            final String base = "http://127.0.0.1:" + demo.engine().httpPort();
            final JournalCommandsTest.Result swap = run("admin", "swap", temp.resolve("b").toString(), "--config",
                config.toString());
            assertEquals(0, swap.exitCode(), swap.err());
            // a, the previous champion, is scored beside b from here on: exactly b's opposite.
            final JournalCommandsTest.Result shadow = run("admin", "shadow", a, "--config", config.toString());
            assertEquals(0, shadow.exitCode(), shadow.err());
            // The report is rewritten every second: wait until it shows b's first 10,000 decisions.
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<?> reported = List.of();
            while (reported.size() < 2 || decisions(reported.get(1)) < 10_000)
            {
                assertTrue(System.nanoTime() < deadline, "no report of b's decisions: " + reported);
                Thread.sleep(200);
                final Map<?, ?> drift = (Map<?, ?>)JsonParser.parse(get(base + "/drift"), "/drift");
                assertEquals("research", drift.get("channel"));
                reported = (List<?>)drift.get("models");
            }

            final Map<?, ?> alerts = (Map<?, ?>)JsonParser.parse(get(base + "/alerts"), "/alerts");
            assertEquals("operations", alerts.get("channel"));
            final Map<?, ?> space = find((List<?>)alerts.get("alerts"), "alert", "journal_space");
            assertEquals(true, space.get("firing"), alerts.toString());
            assertEquals("critical", space.get("severity"));
            assertEquals(false, find((List<?>)alerts.get("alerts"), "alert", "feed_stale").get("firing"));
            final String metrics = get(base + "/metrics");
            assertTrue(metrics.contains("\nlockstep_alert_firing{alert=\"journal_space\",severity=\"critical\"} 1\n"),
                metrics);
            assertTrue(metrics.contains("\nlockstep_alert_firing{alert=\"feed_stale\",severity=\"critical\"} 0\n"),
                metrics);
            assertEquals("research", ((Map<?, ?>)JsonParser.parse(get(base + "/pnl"), "/pnl")).get("channel"));
        }, log);

        // Operations' channel: one line per change, in the file and on the log; research's drift is not there.
        // (On a shared 2-core machine the step latency or backlog may alert too: only the disk's line is certain.)
        final List<Map<?, ?>> space = new ArrayList<>();
        for (final String text : Files.readAllLines(run.resolve(Monitor.DIRECTORY).resolve(Monitor.ALERTS_FILE)))
        {
            final Map<?, ?> alert = (Map<?, ?>)JsonParser.parse(text, Monitor.ALERTS_FILE);
            assertTrue(alert.keySet().containsAll(List.of("time", "alert", "severity", "state", "detail")), text);
            if (alert.get("alert").equals("journal_space"))
            {
                space.add(alert);
            }
        }
        assertEquals(1, space.size(), space.toString());
        final Map<?, ?> line = space.get(0);
        assertEquals("firing", line.get("state"));
        assertTrue(line.get("detail").toString().endsWith("MiB free where the journals are (alert below " +
            "1000000000000 MiB)"), line.toString());
        assertTrue(log.stream().anyMatch((text) -> text.startsWith("ALERT critical journal_space firing: ")),
            log.toString());
        assertTrue(log.stream().noneMatch((text) -> text.contains("drift")), "research's reports never page");

        // Research's channel: each champion against its own training reference.
        final String live = Files.readString(run.resolve(Monitor.DIRECTORY).resolve(Monitor.DRIFT_FILE)).strip();
        final Map<?, ?> report = (Map<?, ?>)JsonParser.parse(live, Monitor.DRIFT_FILE);
        final List<?> models = (List<?>)report.get("models");
        final Map<?, ?> modelA = find(models, "hash", a);
        final Map<?, ?> modelB = find(models, "hash", b);
        assertEquals("stable", modelA.get("band"), "the feed a was trained on: " + modelA);
        assertEquals(List.of(), modelA.get("significant"), modelA.toString());
        // b trades on later inputs, where the synthetic flow has moved on from its first seconds (imb_3 drifts
        // too), so only the shifted feature's own figures are certain.
        assertTrue(((List<?>)modelB.get("significant")).contains("imb_1"), modelB.toString());
        final Map<?, ?> imb1 = find((List<?>)modelB.get("features"), "name", "imb_1");
        assertTrue(((Number)imb1.get("psi")).doubleValue() > 1, imb1.toString());
        assertEquals(((Number)find((List<?>)modelA.get("features"), "name", "imb_1").get("referenceMean"))
            .doubleValue() + 2, ((Number)imb1.get("referenceMean")).doubleValue(), 1e-9, "the shift, in b's reference");
        assertTrue((Long)modelB.get("firstSequence") > (Long)modelA.get("lastSequence"), report.toString());
        // The shadow a, beside b: against a's own reference, and perfectly opposed to the champion.
        final List<?> shadows = (List<?>)report.get("shadows");
        assertEquals(1, shadows.size(), shadows.toString());
        final Map<?, ?> shadowA = find(shadows, "hash", a);
        assertTrue((Long)shadowA.get("firstSequence") > (Long)modelB.get("firstSequence"), shadowA.toString());
        assertEquals(modelB.get("lastSequence"), shadowA.get("lastSequence"), "scored on every decision since");
        assertEquals(modelA.get("reference"), shadowA.get("reference"), "its own training reference");
        assertEquals(((List<?>)modelA.get("features")).size(), ((List<?>)shadowA.get("features")).size());
        final Map<?, ?> besideB = (Map<?, ?>)shadowA.get("champion");
        assertEquals(shadowA.get("decisions"), besideB.get("decisions"), "both scored every decision");
        assertEquals(-1.0, ((Number)besideB.get("correlation")).doubleValue(), 1e-12, besideB.toString());
        assertEquals(0.0, ((Number)besideB.get("signAgreement")).doubleValue(), besideB.toString());
        assertEquals(0L, report.get("unattributedShadowPredictions"));

        // Offline, from the journal alone, through the same code: the same report, byte for byte.
        final JournalCommandsTest.Result offline = run("research", "drift", run.toString());
        assertEquals(0, offline.exitCode(), offline.err());
        assertEquals(live, offline.out().strip());
        assertTrue(offline.err().contains(": significant; shadows: "), offline.err());

        // Through the input before b's first decision (the swap, a control input with no decision of its own).
        final long beforeB = (Long)modelB.get("firstSequence") - 1;
        final JournalCommandsTest.Result partial = run("research", "drift", run.toString(), "--to",
            Long.toString(beforeB));
        assertEquals(0, partial.exitCode(), partial.err());
        final Map<?, ?> first = (Map<?, ?>)JsonParser.parse(partial.out(), "partial");
        assertEquals(modelA.get("lastSequence"), first.get("throughSequence"));
        assertEquals(List.of(modelA), first.get("models"), "through a's last decision, b has not traded yet");
        assertEquals(List.of(), first.get("shadows"), "nor has a been shadowed");

        final JournalCommandsTest.Result missing = run("research", "drift", temp.resolve("nowhere").toString());
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("no decision journal in " + temp.resolve("nowhere")), missing.err());

        realisedPnlLiveOfflineAndAgainstTheBacktest(run, monitored, List.of(a, b));
    }

    @Test
    void aRunWithoutInputsSaysSoLiveAndOfflineWithoutASentinel() throws Exception
    {
        final EngineSettings settings = new EngineSettings();
        settings.dataDir = temp.resolve("idle");
        settings.aeronDir = temp.resolve("aeron").toString();
        settings.businessCpu = -1;
        Engine.start(settings, (line) -> { }).close(); // nothing sent to it: its reports are written at shutdown
        assertNothingToReport(settings.dataDir, "drift", Monitor.DRIFT_FILE, "decisions",
            "alpha drift: no decisions, nothing to compare");
        assertNothingToReport(settings.dataDir, "pnl", Monitor.PNL_FILE, "inputs",
            "realised PnL: no inputs, nothing earned");
    }

    /** Offline, the line says so; live and offline, the same bytes, and no sequence (not -1) it runs through. */
    private static void assertNothingToReport(
        final Path data, final String command, final String file, final String count, final String line)
        throws Exception
    {
        final JournalCommandsTest.Result offline = run("research", command, data.toString());
        assertEquals(0, offline.exitCode(), offline.err());
        assertEquals(line, offline.err().strip());
        final String live = Files.readString(data.resolve(Monitor.DIRECTORY).resolve(file)).strip();
        assertEquals(live, offline.out().strip(), "the same bytes");
        final Map<?, ?> json = (Map<?, ?>)JsonParser.parse(live, file);
        assertTrue(json.containsKey("throughSequence") && json.get("throughSequence") == null, live);
        assertEquals(0L, json.get(count), live);
    }

    /** Research's PnL: live at shutdown and offline from both journals, then the run against its backtest. */
    private void realisedPnlLiveOfflineAndAgainstTheBacktest(
        final Path run, final Demo monitored, final List<String> models) throws Exception
    {
        final String livePnl = Files.readString(run.resolve(Monitor.DIRECTORY).resolve(Monitor.PNL_FILE)).strip();
        final JournalCommandsTest.Result offlinePnl = run("research", "pnl", run.toString());
        assertEquals(0, offlinePnl.exitCode(), offlinePnl.err());
        assertEquals(livePnl, offlinePnl.out().strip(), "the same bytes");
        final Map<?, ?> pnl = (Map<?, ?>)JsonParser.parse(livePnl, Monitor.PNL_FILE);
        final long fills = (Long)pnl.get("fills");
        assertEquals(monitored.engine().counters().get(EngineCounters.FILLS), fills,
            "every fill the engine applied, from the same journal");
        assertEquals(0L, pnl.get("unmatchedFills"), "each fill's order is in the decision journal");
        long modelFills = 0;
        double modelPnl = 0;
        for (final String hash : models)
        {
            final Map<?, ?> model = find((List<?>)pnl.get("models"), "hash", hash);
            assertTrue((Long)model.get("fills") > 0, model.toString());
            assertTrue((Double)model.get("fillRate") > 0 && (Double)model.get("fillRate") <= 1, model.toString());
            assertTrue((Double)model.get("halfSpreadBps") > 0, model.toString());
            modelFills += (Long)model.get("fills");
            modelPnl += (Double)model.get("pnl");
        }
        assertEquals(fills, modelFills, "every fill is its sending model's");
        assertEquals((Double)pnl.get("pnl"), modelPnl, 1e-6, "the PnL is the sum of each champion's share");
        final JournalCommandsTest.Result noJournal = run("research", "pnl", temp.resolve("nowhere").toString());
        assertNotEquals(0, noJournal.exitCode());
        assertTrue(noJournal.err().contains("no inputs journal in " + temp.resolve("nowhere")), noJournal.err());

        // The backtest: the same inputs, the swap included, each order filled as it was decided.
        final JournalCommandsTest.Result compared = run("research", "backtest", run.toString(), "--out",
            temp.resolve("backtest").toString());
        assertEquals(0, compared.exitCode(), compared.err());
        final Map<?, ?> comparison = (Map<?, ?>)JsonParser.parse(compared.out(), "comparison");
        assertEquals(pnl, comparison.get("live"));
        final Map<?, ?> backtest = (Map<?, ?>)comparison.get("backtest");
        assertEquals(0L, backtest.get("unmatchedFills"));
        final Map<?, ?> shortfall = (Map<?, ?>)comparison.get("shortfall");
        assertEquals((Double)pnl.get("pnl") - (Double)backtest.get("pnl"), (Double)shortfall.get("pnl"), 1e-9);
        for (final String hash : models)
        {
            // Filled at once at the touch it priced against: at the arrival ask or bid, a half spread from the mid.
            final Map<?, ?> model = find((List<?>)backtest.get("models"), "hash", hash);
            assertTrue((Long)model.get("fills") > 0, model.toString());
            assertEquals((Double)model.get("halfSpreadBps"), (Double)model.get("slippageBps"), 1e-9,
                model.toString());
            final Map<?, ?> live = find((List<?>)pnl.get("models"), "hash", hash);
            assertEquals((Double)live.get("slippageBps") - (Double)model.get("slippageBps"),
                (Double)find((List<?>)shortfall.get("models"), "hash", hash).get("slippageBps"), 1e-12);
        }
        // A candidate on the same run: b trades from the first input, the run's own model commands left out.
        final JournalCommandsTest.Result asB = run("research", "backtest", run.toString(), "--out",
            temp.resolve("backtest-b").toString(), "--champion", temp.resolve("b").toString());
        assertEquals(0, asB.exitCode(), asB.err());
        final List<?> traded = (List<?>)((Map<?, ?>)((Map<?, ?>)JsonParser.parse(asB.out(), "candidate"))
            .get("backtest")).get("models");
        assertEquals(1, traded.size(), traded.toString());
        assertEquals(models.get(1), ((Map<?, ?>)traded.get(0)).get("hash"));
        long liveDecisions = 0;
        for (final Object model : (List<?>)pnl.get("models"))
        {
            liveDecisions += (Long)((Map<?, ?>)model).get("decisions");
        }
        assertEquals(liveDecisions, ((Map<?, ?>)traded.get(0)).get("decisions"), "the run's every decision, by b");
        final JournalCommandsTest.Result noModel = run("research", "backtest", run.toString(), "--out",
            temp.resolve("backtest-x").toString(), "--champion", temp.resolve("no-such-artifact").toString());
        assertNotEquals(0, noModel.exitCode());
        assertTrue(noModel.err().contains(temp.resolve("no-such-artifact").toString()), noModel.err());
        assertFalse(Files.exists(temp.resolve("backtest-x")) || Files.exists(temp.resolve("backtest-x.partial")));

        final JournalCommandsTest.Result again = run("research", "backtest", run.toString(), "--out",
            temp.resolve("backtest-again").toString());
        assertEquals(compared.out(), again.out(), "a backtest is as deterministic as a replay");
        final JournalCommandsTest.Result taken = run("research", "backtest", run.toString(), "--out",
            temp.resolve("backtest").toString());
        assertNotEquals(0, taken.exitCode());
        assertTrue(taken.err().contains(temp.resolve("backtest") + " already exists"), taken.err());
        final Path nowhere = temp.resolve("backtest-of-nothing");
        final JournalCommandsTest.Result noRun = run("research", "backtest", temp.resolve("nowhere").toString(),
            "--out", nowhere.toString());
        assertNotEquals(0, noRun.exitCode());
        assertTrue(noRun.err().contains("no decisions journal in " + temp.resolve("nowhere")), noRun.err());
        assertFalse(Files.exists(nowhere) || Files.exists(temp.resolve("backtest-of-nothing.partial")),
            "a failed backtest leaves nothing behind");

        // A run whose decision journal is damaged: refused before the backtest is written, so a rerun can go on.
        final Path damaged = temp.resolve("damaged");
        ReplayCommandTest.copyTree(run, damaged);
        FailedCommandsTest.flipByte(FailedCommandsTest.segments(damaged.resolve("decisions")).get(0), 20_000);
        final Path fromDamaged = temp.resolve("backtest-of-damaged");
        final JournalCommandsTest.Result corrupt = run("research", "backtest", damaged.toString(), "--out",
            fromDamaged.toString());
        assertEquals(1, corrupt.exitCode());
        assertTrue(corrupt.err().contains("corrupt record in " + damaged.resolve("decisions")), corrupt.err());
        assertFalse(Files.exists(fromDamaged) || Files.exists(temp.resolve("backtest-of-damaged.partial")),
            "a failed backtest leaves nothing behind");
    }

    @FunctionalInterface
    private interface WhileRunning
    {
        void accept(Demo demo) throws Exception;
    }

    /**
     * The engine of {@code config} under the seeded synthetic feed at 10,000 inputs/s until it has taken
     * {@code inputs} market-data inputs: counted, not timed, so that runs cover the same stretch of the feed.
     *
     * @return the demo, closed: its engine's counters are final.
     */
    private static Demo runFeed(
        final Path config, final long inputs, final WhileRunning during, final List<String> log) throws Exception
    {
        final EngineSettings settings = EngineSettings.from(ConfigFile.load(config));
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(5, 1, 10_000), 10_000, log::add))
        {
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (demo.engine().counters().get(EngineCounters.MARKET_DATA) < inputs)
            {
                assertTrue(System.nanoTime() < deadline, "the engine took too long over " + inputs + " inputs");
                Thread.sleep(10);
            }
            if (during != null)
            {
                during.accept(demo);
            }
            return demo;
        }
    }

    private static long decisions(final Object model)
    {
        return ((Number)((Map<?, ?>)model).get("decisions")).longValue();
    }

    private String get(final String uri) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT)
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static Map<?, ?> find(final List<?> objects, final String key, final Object value)
    {
        for (final Object object : objects)
        {
            if (value.equals(((Map<?, ?>)object).get(key)))
            {
                return (Map<?, ?>)object;
            }
        }
        throw new AssertionError("no " + key + " = " + value + " in " + objects);
    }

    private static String shiftColumn(final List<String> lines, final String column, final double by)
    {
        final int index = List.of(lines.get(0).split(",", -1)).indexOf(column);
        assertTrue(index >= 0, lines.get(0));
        final StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        for (final String line : lines.subList(1, lines.size()))
        {
            final String[] cells = line.split(",", -1);
            if (!cells[index].isEmpty())
            {
                cells[index] = Double.toString(Double.parseDouble(cells[index]) + by);
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }
}
