package io.lockstep.tooling;

import io.lockstep.engine.Demo;
import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.journal.JournalReader;
import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.FeedPositionDecoder;
import io.lockstep.sbe.control.HeartbeatDecoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.control.ModelReadyDecoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.Side;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.util.JsonParser;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Hot swap on a running engine under continuous load from the feed publisher, driven by the real
 * {@code lockstep admin} commands over the engine's Aeron admin stream: load + swap, shadow, canary, rollback, a
 * tampered artifact refused; then the journals show every published event, each change at its sequence, and
 * {@code replay --verify} reproduces the run across the swap points.
 */
class AdminCommandTest
{
    private static final Pattern HASH = Pattern.compile("artifact ([0-9a-f]{64})");

    @TempDir
    Path temp;

    /** On the demo graph's first feature, imb_1: {@code below} when imb_1 < 0 (or missing), else {@code above}. */
    static String imbalanceModel(final int features, final double below, final double above)
    {
        return "{\"learner\":{\"learner_model_param\":{\"base_score\":\"0E0\",\"num_class\":\"0\"," +
            "\"num_feature\":\"" + features + "\",\"num_target\":\"1\"},\"objective\":{\"name\":" +
            "\"reg:squarederror\"},\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[" +
            "{\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[0,0,0]," +
            "\"split_conditions\":[0.0," + below + "," + above + "],\"default_left\":[1,0,0]}]}}}}";
    }

    /**
     * Packs {@link #imbalanceModel} as artifact {@code temp/name}, sealed against the config's graph.
     *
     * @param more further {@code model pack} arguments.
     */
    static String pack(
        final Path temp, final Path config, final String name, final double below, final double above,
        final String... more) throws Exception
    {
        final int features = new EngineSettings().featurePlan().outputs().size();
        final Path model = temp.resolve(name + ".json");
        Files.writeString(model, imbalanceModel(features, below, above));
        final List<String> args = new ArrayList<>(List.of("model", "pack", "--model", model.toString(),
            "--kind", "xgboost-json", "--config", config.toString(), "--owner", "desk-7", "--rationale",
            "imbalance sign, " + name, "--training-window", "synthetic-42:1-100000", "--seed", "42",
            "--metric", "ic=0.031", "--hyper", "max_depth=1", "--version", "xgboost=2.1.4",
            "--out", temp.resolve(name).toString()));
        args.addAll(List.of(more));
        final JournalCommandsTest.Result packed = run(args.toArray(String[]::new));
        assertEquals(0, packed.exitCode(), packed.err());
        final Matcher hash = HASH.matcher(packed.out());
        assertTrue(hash.find(), packed.out());
        return hash.group(1);
    }

    /** One decision record: its last order's quantity (0: none) and whether that order sells. */
    private record Decision(
        long sequence, long receiveTimeNs, String hash, double[] predictions, long quantity, boolean sells)
    {
    }

    /**
     * The ring is allocated by the engine that runs the config, in its own JVM: commands that only read the
     * engine's config (admin, model pack) must not hold it to their own, smaller, heap.
     */
    @Test
    void commandsThatOnlyReadAnEngineConfigDoNotCheckItsRingAgainstTheirHeap() throws Exception
    {
        final Path config = temp.resolve("big-ring.config");
        Files.writeString(config, "data.dir = " + temp.resolve("big-ring") + "\nring.size = 16777216\n" +
            "ring.slot.length = 1048576\n");
        final JournalCommandsTest.Result status = run("admin", "status", "--config", config.toString());
        assertEquals(2, status.exitCode(), status.err());
        assertTrue(status.err().startsWith("no engine running on data directory"), status.err());
        pack(temp, config, "packed-for-big-ring", -1, 1);
    }

    @Test
    void swapShadowCanaryAndRollbackUnderLoadLoseNoEventAndReplayVerifies() throws Exception
    {
        final Path config = temp.resolve("engine.config");
        final Path run = temp.resolve("run");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\n" +
            "data.dir = " + run + "\nrisk.max.orders.per.second = 4000\nrisk.max.position = 100000000\n" +
            "risk.max.notional = 1e12\n");
        final String a = pack(temp, config, "a", -0.001, 0.001);
        final String b = pack(temp, config, "b", 0.001, -0.001);
        final String c = pack(temp, config, "c", 0.01, 0.01);

        // A tampered copy of b: a weight edited after sealing.
        final Path tampered = temp.resolve("tampered");
        Files.createDirectories(tampered);
        for (final String file : List.of("manifest.conf", "b.json"))
        {
            Files.writeString(tampered.resolve(file), Files.readString(temp.resolve("b").resolve(file))
                .replace("-0.001]", "-0.002]"));
        }

        Files.writeString(config, Files.readString(config) + "model.artifact = " + temp.resolve("a") + "\n");
        final EngineSettings settings = EngineSettings.from(ConfigFile.load(config));
        final List<String> log = new ArrayList<>();
        final long rollbackIssuedNs;
        final long sent;
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(7, 1, 20_000), 20_000, log::add))
        {
            Thread.sleep(1_500);
            final JournalCommandsTest.Result status = run("admin", "status", "--config", config.toString());
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().startsWith("champion  " + a.substring(0, 12)), status.out());
            assertTrue(status.out().contains("\ntrading   yes\n"), status.out());

            final JournalCommandsTest.Result swap = run("admin", "swap", temp.resolve("b").toString(),
                "--config", config.toString());
            assertEquals(0, swap.exitCode(), swap.err());
            assertTrue(swap.out().contains("ready: " + b.substring(0, 12)), swap.out());
            assertTrue(swap.out().contains("champion " + b.substring(0, 12)), swap.out());
            Thread.sleep(700);

            assertEquals(0, run("admin", "shadow", temp.resolve("c").toString(), "--config", config.toString())
                .exitCode());
            final JournalCommandsTest.Result shadowAgain = run("admin", "shadow", c, "--config", config.toString());
            assertEquals(1, shadowAgain.exitCode(), shadowAgain.out());
            assertTrue(shadowAgain.err().contains("is already the champion or a shadow"), shadowAgain.err());
            Thread.sleep(700);
            // Named by the 12 digits the answers print: found among the artifacts the engine kept.
            final JournalCommandsTest.Result canary = run("admin", "canary", b.substring(0, 12), "--fraction", "0.5",
                "--config", config.toString());
            assertEquals(0, canary.exitCode(), canary.err());
            assertTrue(canary.out().contains("at 500000 ppm"), canary.out());
            final JournalCommandsTest.Result unknown = run("admin", "shadow", "deadbeef00", "--config",
                config.toString());
            assertEquals(1, unknown.exitCode(), unknown.out());
            assertTrue(unknown.err().contains("no model artifact kept in " + run.resolve("artifacts") +
                " has a hash starting deadbeef00"), unknown.err());
            Thread.sleep(700);

            final JournalCommandsTest.Result refused = run("admin", "swap", tampered.toString(), "--config",
                config.toString());
            assertEquals(1, refused.exitCode(), refused.out());
            assertTrue(refused.err().contains("differs from the manifest's artifact.hash"), refused.err());

            rollbackIssuedNs = new SystemEpochNanoClock().nanoTime();
            final JournalCommandsTest.Result rollback = run("admin", "rollback", "--config", config.toString());
            assertEquals(0, rollback.exitCode(), rollback.err());
            assertTrue(rollback.out().contains("rolled back: champion " + a.substring(0, 12)), rollback.out());
            Thread.sleep(700);

            final JournalCommandsTest.Result after = run("admin", "status", "--config", config.toString());
            assertTrue(after.out().contains("model swaps 2") && after.out().contains("model rollbacks 1"),
                after.out());
            assertEquals(0, demo.engine().counters().get(EngineCounters.INGRESS_OVERSIZED));
            assertEquals(0, demo.engine().counters().get(EngineCounters.STEP_FAILURES));
            demo.close();
            sent = demo.publisher().sent();
        }

        // Every published event is in the journal, and the control inputs sit among them.
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final long[] marketData = new long[1];
        final List<long[]> controls = new ArrayList<>();
        try (JournalReader inputs = JournalReader.open(run.resolve("inputs")))
        {
            while (inputs.poll((record) ->
            {
                if (record.protocol() == ProtocolTag.SBE_MARKET_DATA)
                {
                    marketData[0]++;
                }
                else if (record.protocol() == ProtocolTag.SBE_CONTROL)
                {
                    header.wrap(record.buffer(), record.payloadOffset());
                    controls.add(new long[] { record.sequence(), header.templateId(), record.receiveTimeNs() });
                }
            }, 4096) > 0)
            {
                Thread.onSpinWait();
            }
        }
        assertEquals(sent, marketData[0], "every published market-data message was journaled");
        assertEquals(2, controls.stream().filter((input) -> input[1] == ModelReadyDecoder.TEMPLATE_ID).count(),
            "b and c were loaded; the tampered artifact never got that far");
        final long swapAt = at(controls, ModelSwapDecoder.TEMPLATE_ID);
        final long shadowAt = at(controls, ShadowAddDecoder.TEMPLATE_ID);
        final long canaryAt = at(controls, CanaryFractionDecoder.TEMPLATE_ID);
        final long rollbackAt = at(controls, RollbackDecoder.TEMPLATE_ID);
        assertTrue(swapAt < shadowAt && shadowAt < canaryAt && canaryAt < rollbackAt, controls.toString());

        final List<Decision> decisions = decisions(run.resolve("decisions"));
        final Decision firstAfterSwap = first(decisions, swapAt);
        assertEquals(b, firstAfterSwap.hash());
        assertTrue(decisions.stream().filter((d) -> d.sequence() < swapAt).allMatch((d) -> d.hash().equals(a)));
        assertTrue(decisions.stream().filter((d) -> d.sequence() > shadowAt).allMatch((d) ->
            d.predictions().length == 2), "the shadow is scored on every decision after it was added");
        // The shadow (c) always says buy (+0.01): every order's side is the champion's, a sell where they disagree.
        final List<Decision> ordersAfterShadow = decisions.stream()
            .filter((d) -> d.sequence() > shadowAt && d.quantity() > 0).toList();
        assertFalse(ordersAfterShadow.isEmpty(), "orders went out after the shadow was added");
        assertTrue(ordersAfterShadow.stream().allMatch((d) -> d.predictions()[1] == (double)0.01f &&
            d.sells() == (d.predictions()[0] < 0)), "orders follow the champion even where the shadow disagrees");
        assertTrue(decisions.stream().filter((d) -> d.sequence() > swapAt && d.sequence() < canaryAt &&
            d.quantity() > 0).allMatch((d) -> d.quantity() == 100), "b trades full size until the canary");
        assertTrue(decisions.stream().filter((d) -> d.sequence() > canaryAt && d.sequence() < rollbackAt &&
            d.quantity() > 0).allMatch((d) -> d.quantity() == 50), "then half of strategy.size 100");
        assertTrue(decisions.stream().anyMatch((d) -> d.sequence() > canaryAt && d.quantity() == 50));
        final Decision firstAfterRollback = first(decisions, rollbackAt);
        assertEquals(a, firstAfterRollback.hash(), "the first event after the rollback is scored by a");
        assertTrue(decisions.stream().filter((d) -> d.sequence() > rollbackAt).allMatch((d) -> d.hash().equals(a)));
        final long rollbackReceivedNs = controls.stream().filter((input) -> input[0] == rollbackAt)
            .mapToLong((input) -> input[2]).findFirst().orElseThrow();
        System.out.printf("rollback under %,d events/s: command issued -> Rollback input received %.3f ms (CLI, " +
            "admin agent, control stream); Rollback input -> first event scored by the previous model %.3f ms, " +
            "%d decisions by the rolled-back model in between (inputs between: %d, none a decision)%n",
            20_000, (rollbackReceivedNs - rollbackIssuedNs) / 1e6,
            (firstAfterRollback.receiveTimeNs() - rollbackReceivedNs) / 1e6,
            decisions.stream().filter((d) -> d.sequence() > rollbackAt && d.sequence() < firstAfterRollback.sequence())
                .count(), firstAfterRollback.sequence() - rollbackAt - 1);

        final Path csv = temp.resolve("decisions.csv");
        final JournalCommandsTest.Result replay = run("replay", run.toString(), "--verify", "--decisions",
            csv.toString());
        assertEquals(0, replay.exitCode(), replay.err() + replay.out());
        assertTrue(replay.out().contains("VERIFIED"), replay.out());
        // Each row's order is the record's, also where a shadow's prediction lies between them.
        final List<String> rows = Files.readAllLines(csv);
        assertEquals(decisions.size() + 1, rows.size());
        for (int i = 0; i < decisions.size(); i++)
        {
            final String[] cells = rows.get(i + 1).split(",", -1);
            final Decision decision = decisions.get(i);
            assertEquals(decision.sequence(), Long.parseLong(cells[0]));
            assertEquals(decision.quantity() == 0 ? "" : Long.toString(decision.quantity()),
                cells[cells.length - 1], rows.get(i + 1));
            assertEquals(decision.quantity() == 0 ? "" : decision.sells() ? "SELL" : "BUY",
                cells[cells.length - 3], rows.get(i + 1));
        }

        assertHistory(run, a, b, c);

        // The run kept every artifact it deployed (the configured champion and each one loaded) in its data
        // directory: with all of them moved away from where they were loaded, the data directory alone replays.
        for (final String name : List.of("a", "b", "c"))
        {
            Files.move(temp.resolve(name), temp.resolve(name + "-moved"));
        }
        final JournalCommandsTest.Result moved = run("replay", run.toString(), "--verify");
        assertEquals(0, moved.exitCode(), moved.err() + moved.out());
        assertTrue(moved.out().contains("VERIFIED"), moved.out());

        // A kept artifact edited afterwards, even resealed: replay stops at its ModelReady instead of guessing.
        final Path kept = run.resolve(ArtifactStore.DIRECTORY).resolve(b);
        Files.writeString(kept.resolve("b.json"), Files.readString(kept.resolve("b.json")).replace("-0.001]",
            "-0.003]"));
        Files.writeString(kept.resolve(ModelArtifact.MANIFEST), ModelArtifact.open(kept).sealedManifestText());
        final JournalCommandsTest.Result edited = run("replay", run.toString(), "--verify");
        assertEquals(1, edited.exitCode(), edited.out());
        assertTrue(edited.err().contains(": the run loaded artifact " + b + " from " + temp.resolve("b") +
            "; replay cannot: kept copy " + kept + " hashes to "), edited.err());
        assertTrue(edited.err().contains(", not to " + b + ": it changed after it was kept"), edited.err());
    }

    @Test
    void theKillSwitchStopsOrdersAndRiskLimitsChangeAsJournaledInputsThatReplay() throws Exception
    {
        final Path config = temp.resolve("halt.config");
        final Path run = temp.resolve("halt");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron-halt") + "\nbusiness.cpu = -1\n" +
            "data.dir = " + run + "\nrisk.max.orders.per.second = 4000\nrisk.max.position = 100000000\n" +
            "risk.max.notional = 1e12\n");
        final String cfg = config.toString();
        final EngineSettings settings = EngineSettings.from(ConfigFile.load(config));
        final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(7, 1, 5_000), 5_000, log::add))
        {
            final EngineCounters counters = demo.engine().counters();
            Thread.sleep(1_500);
            assertTrue(counters.get(EngineCounters.ORDERS) > 0, "the demo's model trades");

            final JournalCommandsTest.Result halt = run("admin", "kill-switch", "on", "--reason", "venue halt",
                "--config", cfg);
            assertEquals(0, halt.exitCode(), halt.err() + String.join("\n", log));
            assertTrue(halt.out().contains("kill switch engaged (" + AdminCommand.issuer() + ": venue halt)"),
                halt.out());
            assertTrue(counters.killSwitchEngaged());
            final long ordersWhenHalted = counters.get(EngineCounters.ORDERS);
            Thread.sleep(700);
            assertEquals(ordersWhenHalted, counters.get(EngineCounters.ORDERS), "no order while engaged");

            final JournalCommandsTest.Result resume = run("admin", "kill-switch", "off", "--reason", "resumed",
                "--config", cfg);
            assertEquals(0, resume.exitCode(), resume.err());
            assertFalse(counters.killSwitchEngaged());
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (counters.get(EngineCounters.ORDERS) == ordersWhenHalted && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
            assertTrue(counters.get(EngineCounters.ORDERS) > ordersWhenHalted, "orders again once released");

            final JournalCommandsTest.Result limit = run("admin", "risk-limit", "risk.max.order.quantity", "0",
                "--config", cfg);
            assertEquals(0, limit.exitCode(), limit.err());
            assertTrue(limit.out().contains("risk.max.order.quantity = 0 for every instrument"), limit.out());
            final long ordersWhenLimited = counters.get(EngineCounters.ORDERS);
            Thread.sleep(700);
            assertEquals(ordersWhenLimited, counters.get(EngineCounters.ORDERS), "0 blocks every order");

            final JournalCommandsTest.Result unknown = run("admin", "risk-limit", "risk.max.leverage", "2",
                "--config", cfg);
            assertEquals(1, unknown.exitCode());
            assertTrue(unknown.err().contains("no risk limit risk.max.leverage (expected one of risk.max.notional, " +
                "risk.max.order.quantity,"), unknown.err());
            final JournalCommandsTest.Result negative = run("admin", "risk-limit", "risk.max.position", "-5",
                "--config", cfg);
            assertEquals(1, negative.exitCode());
            assertTrue(negative.err().contains("risk.max.position -5: expected a whole number, 0 or more"),
                negative.err());
            assertEquals(1, run("admin", "kill-switch", "maybe", "--reason", "x", "--config", cfg).exitCode());
            assertEquals(LockstepCli.USAGE, run("admin", "kill-switch", "on", "--config", cfg).exitCode(),
                "--reason is required");

            final JournalCommandsTest.Result status = run("admin", "status", "--config", cfg);
            assertTrue(status.out().contains(": kill switch engaged (" + AdminCommand.issuer() + ": venue halt)"),
                status.out());
        }

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final List<Integer> controls = new ArrayList<>();
        try (JournalReader inputs = JournalReader.open(run.resolve("inputs")))
        {
            while (inputs.poll((record) ->
            {
                if (record.protocol() == ProtocolTag.SBE_CONTROL)
                {
                    controls.add(header.wrap(record.buffer(), record.payloadOffset()).templateId());
                }
            }, 4096) > 0)
            {
                Thread.onSpinWait();
            }
        }
        assertEquals(List.of(KillSwitchDecoder.TEMPLATE_ID, KillSwitchDecoder.TEMPLATE_ID,
            RiskLimitChangeDecoder.TEMPLATE_ID), controls.stream().filter((id) -> id != HeartbeatDecoder.TEMPLATE_ID &&
            id != FeedPositionDecoder.TEMPLATE_ID).toList(), "each change is a journaled control input");
        final JournalCommandsTest.Result replay = run("replay", run.toString(), "--verify");
        assertEquals(0, replay.exitCode(), replay.err() + replay.out());
        assertTrue(replay.out().contains("VERIFIED"), replay.out());
        final JournalCommandsTest.Result history = run("registry", "history", run.toString(), "--json");
        assertEquals(0, history.exitCode(), history.err());
        assertFalse(history.out().contains("CanaryFraction"), "no model changed: " + history.out());
    }

    /** The default Aeron directory names the engine's process: admin finds it through the data directory. */
    @Test
    void adminFindsTheEngineOfItsConfigsDataDirectoryWhereverItsAeronDirectoryIs() throws Exception
    {
        final Path config = temp.resolve("plain.config");
        Files.writeString(config, "data.dir = " + temp.resolve("plain") + "\nbusiness.cpu = -1\n");
        final EngineSettings settings = EngineSettings.from(ConfigFile.load(config));
        settings.aeronDir = temp.resolve("another-process-default").toString();
        try (Engine engine = Engine.start(settings, (line) -> {}))
        {
            final JournalCommandsTest.Result status = run("admin", "status", "--config", config.toString());
            assertEquals(0, status.exitCode(), status.err());
            assertTrue(status.out().startsWith("champion "), status.out());
            final JournalCommandsTest.Result byDataDir = run("admin", "status", "--data-dir",
                temp.resolve("plain").toString());
            assertEquals(0, byDataDir.exitCode(), byDataDir.err());
            assertTrue(byDataDir.out().startsWith("champion "), byDataDir.out());
        }
        final JournalCommandsTest.Result stopped = run("admin", "status", "--config", config.toString(),
            "--timeout", "5");
        assertEquals(2, stopped.exitCode(), stopped.out());
        // Said so, rather than a guess at this process's own default Aeron directory.
        assertTrue(stopped.err().startsWith("no engine running on data directory " + temp.resolve("plain")),
            stopped.err());
    }

    /**
     * {@code registry history}: every model command the run journaled, in order, with the engine's answer (the
     * second shadow of c refused by the business thread; the tampered artifact never reached the journal), and the
     * loaded artifacts described from their manifests.
     */
    private void assertHistory(final Path run, final String a, final String b, final String c)
    {
        final JournalCommandsTest.Result history = run("registry", "history", run.toString());
        assertEquals(0, history.exitCode(), history.err());
        final String issuer = AdminCommand.issuer();
        int at = 0;
        for (final String expected : List.of(
            "start: champion " + a.substring(0, 12),
            ": ModelReady " + b + " by " + issuer + " (" + temp.resolve("b") + ")\n  applied: ready: " +
                b.substring(0, 12),
            "  xgboost-json, owner desk-7, approver none, training reference: no\n" +
                "  trained on synthetic-42:1-100000\n  why: imbalance sign, b\n  metrics: ic=0.031\n",
            ": ModelSwap " + b + " by " + issuer + "\n  applied: champion " + b.substring(0, 12),
            ": ModelReady " + c + " by " + issuer + " (" + temp.resolve("c") + ")\n  applied: ready: " +
                c.substring(0, 12),
            ": ShadowAdd " + c + " by " + issuer + "\n  applied: shadow " + c.substring(0, 12),
            ": ShadowAdd " + c + " by " + issuer + "\n  REFUSED: " + c.substring(0, 12),
            ": CanaryFraction " + b + " by " + issuer + " (500000 ppm)\n  applied: champion " + b.substring(0, 12),
            ": Rollback by " + issuer + "\n  applied: rolled back: champion " + a.substring(0, 12),
            "): champion " + a.substring(0, 12)))
        {
            final int found = history.out().indexOf(expected, at);
            assertTrue(found >= 0, "after offset " + at + ": " + expected + " in\n" + history.out());
            at = found + expected.length();
        }
        assertTrue(history.out().contains(" inputs replayed, 7 changes\n"), history.out());

        final JournalCommandsTest.Result json = run("registry", "history", run.toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        final Map<?, ?> document = (Map<?, ?>)JsonParser.parse(json.out(), "registry history --json");
        final List<?> changes = (List<?>)document.get("changes");
        assertEquals(List.of("ModelReady", "ModelSwap", "ModelReady", "ShadowAdd", "ShadowAdd", "CanaryFraction",
            "Rollback"), changes.stream().map((change) -> ((Map<?, ?>)change).get("command")).toList());
        final Map<?, ?> swap = (Map<?, ?>)changes.get(1);
        assertEquals(b, swap.get("champion"));
        assertEquals(a, swap.get("previous"));
        assertEquals("desk-7", ((Map<?, ?>)swap.get("artifact")).get("owner"));
        assertEquals(false, ((Map<?, ?>)changes.get(4)).get("applied"));
        assertEquals(List.of(c), ((Map<?, ?>)changes.get(6)).get("shadows"));
    }

    /** @return the sequence of the first control input of this template. */
    private static long at(final List<long[]> controls, final int templateId)
    {
        return controls.stream().filter((c) -> c[1] == templateId).mapToLong((c) -> c[0]).findFirst().orElseThrow();
    }

    private static Decision first(final List<Decision> decisions, final long after)
    {
        return decisions.stream().filter((d) -> d.sequence() > after).findFirst().orElseThrow();
    }

    private static List<Decision> decisions(final Path journal)
    {
        final List<Decision> decisions = new ArrayList<>();
        final io.lockstep.sbe.decision.MessageHeaderDecoder header =
            new io.lockstep.sbe.decision.MessageHeaderDecoder();
        final DecisionRecordDecoder record = new DecisionRecordDecoder();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((entry) ->
            {
                header.wrap(entry.buffer(), entry.payloadOffset());
                if (header.templateId() != DecisionRecordDecoder.TEMPLATE_ID)
                {
                    return;
                }
                record.wrapAndApplyHeader(entry.buffer(), entry.payloadOffset(), header);
                final byte[] hash = new byte[32];
                record.getChampionHash(hash, 0, 32);
                final long sequence = record.sequence();
                for (final DecisionRecordDecoder.FeaturesDecoder feature : record.features())
                {
                    feature.value();
                }
                final DecisionRecordDecoder.PredictionsDecoder group = record.predictions();
                final double[] predictions = new double[group.count()];
                for (int i = 0; i < predictions.length; i++)
                {
                    predictions[i] = group.next().value();
                }
                long quantity = 0;
                boolean sells = false;
                for (final DecisionRecordDecoder.OrdersDecoder order : record.orders())
                {
                    quantity = order.quantity();
                    sells = order.side() == Side.SELL;
                }
                decisions.add(new Decision(sequence, entry.receiveTimeNs(), HexFormat.of().formatHex(hash),
                    predictions, quantity, sells));
            }, 4096) > 0)
            {
                Thread.onSpinWait();
            }
        }
        return decisions;
    }
}
