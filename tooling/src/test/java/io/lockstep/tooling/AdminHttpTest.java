package io.lockstep.tooling;

import io.lockstep.engine.Demo;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.control.ModelReadyDecoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.control.ShadowRemoveDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.util.JsonParser;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.lockstep.tooling.AdminCommandTest.pack;
import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot swap through the admin HTTP API of an engine under load, over real HTTP on loopback: an artifact loaded and
 * swapped in, shadowed, canaried, a tampered one refused, a rollback; each answered with the engine's own words,
 * each a journaled control input naming the HTTP client that issued it, and the run replays bit for bit.
 */
class AdminHttpTest
{
    private static final String TOKEN = "desk-7-token";
    /** A request that hangs fails the test instead of holding the build. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void swapShadowCanaryAndRollbackOverHttpAreJournaledAndReplay() throws Exception
    {
        final Path config = temp.resolve("engine.config");
        final Path run = temp.resolve("run");
        final Path token = Files.writeString(temp.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\n" +
            "data.dir = " + run + "\nrisk.max.orders.per.second = 4000\nrisk.max.position = 100000000\n" +
            "risk.max.notional = 1e12\nhttp.port = 0\nhttp.token.file = " + token + "\n");
        final String a = pack(temp, config, "a", -0.001, 0.001);
        final String b = pack(temp, config, "b", 0.001, -0.001);
        final String c = pack(temp, config, "c", 0.01, 0.01);
        final Path tampered = Files.createDirectories(temp.resolve("tampered"));
        for (final String file : List.of("manifest.conf", "b.json"))
        {
            Files.writeString(tampered.resolve(file), Files.readString(temp.resolve("b").resolve(file))
                .replace("-0.001]", "-0.002]"));
        }
        Files.writeString(config, Files.readString(config) + "model.artifact = " + temp.resolve("a") + "\n");

        final EngineSettings settings = EngineSettings.from(ConfigFile.load(config));
        final String base;
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(5, 1, 10_000), 10_000, (line) -> { }))
        {
            base = "http://127.0.0.1:" + demo.engine().httpPort();
            Thread.sleep(500);
            assertEquals(a, hash(models(base).get("champion")));

            // An artifact path: loaded (contract checked, warmed up), then swapped in, on one request.
            final Map<?, ?> swap = change(base + "/models/swap", "{\"model\":\"" + temp.resolve("b") + "\"}", 200);
            final List<?> answers = (List<?>)swap.get("answers");
            assertEquals(2, answers.size(), swap.toString());
            assertEquals(b, ((Map<?, ?>)answers.get(0)).get("model"));
            assertTrue(((Map<?, ?>)answers.get(0)).get("text").toString().startsWith("ready: " + b.substring(0, 12)),
                swap.toString());
            assertTrue(((Map<?, ?>)answers.get(1)).get("text").toString().contains("champion " + b.substring(0, 12)),
                swap.toString());
            Map<?, ?> models = models(base);
            assertEquals(b, hash(models.get("champion")));
            assertEquals(a, hash(models.get("previous")));
            Thread.sleep(300);

            change(base + "/models/shadow", "{\"model\":\"" + temp.resolve("c") + "\"}", 200);
            assertEquals(c, hash(((List<?>)models(base).get("shadows")).get(0)));
            change(base + "/models/shadow", "{\"model\":\"" + c + "\",\"remove\":true}", 200);
            assertEquals(List.of(), models(base).get("shadows"));

            change(base + "/models/canary", "{\"model\":\"" + b + "\",\"fraction\":0.5}", 200);
            assertEquals(500_000L, models(base).get("championSizePpm"));
            Thread.sleep(300);

            final Map<?, ?> refused = change(base + "/models/swap", "{\"model\":\"" + tampered + "\"}", 409);
            assertTrue(refused.toString().contains("differs from the manifest's artifact.hash"), refused.toString());
            assertEquals(b, hash(models(base).get("champion")), "the engine kept trading with the model it had");

            final Map<?, ?> rollback = change(base + "/models/rollback", "", 200);
            assertTrue(rollback.toString().contains("rolled back: champion " + a.substring(0, 12)),
                rollback.toString());
            models = models(base);
            assertEquals(a, hash(models.get("champion")));
            assertEquals(b, hash(models.get("previous")));
            change(base + "/risk-limits", "{\"key\":\"risk.max.order.quantity\",\"value\":1000000}", 200);
            Thread.sleep(300);

            final String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(TIMEOUT)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("\nlockstep_model_swaps_total 2\n"), metrics);
            assertTrue(metrics.contains("\nlockstep_model_rollbacks_total 1\n"), metrics);
            assertTrue(metrics.contains("\nlockstep_champion_info{hash=\"" + a + "\"} 1\n"), metrics);
        }

        // Each change is a journaled control input, and it names the HTTP client that issued it.
        final List<String> issuers = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (JournalReader inputs = JournalReader.open(run.resolve("inputs")))
        {
            while (inputs.poll((record) ->
            {
                if (record.protocol() == ProtocolTag.SBE_CONTROL)
                {
                    final String issuer = issuedBy(header.wrap(record.buffer(), record.payloadOffset()), record);
                    if (issuer != null)
                    {
                        issuers.add(header.templateId() + " by " + issuer);
                    }
                }
            }, 4096) > 0)
            {
                Thread.onSpinWait();
            }
        }
        // Loads of b and c (the tampered copy's was refused before the journal), swap, shadow add and remove,
        // canary, rollback, risk limit.
        assertEquals(8, issuers.size(), issuers.toString());
        for (final String issuer : issuers)
        {
            assertTrue(issuer.matches("\\d+ by http 127\\.0\\.0\\.1:\\d+"), issuer);
        }

        final JournalCommandsTest.Result replay = run("replay", run.toString(), "--verify");
        assertEquals(0, replay.exitCode(), replay.err() + replay.out());
        assertTrue(replay.out().contains("VERIFIED"), replay.out());
    }

    /** @return who sent a journaled admin command, or null for a control input that is none. */
    private static String issuedBy(final MessageHeaderDecoder header, final JournalRecord record)
    {
        final DirectBuffer buffer = record.buffer();
        final int offset = record.payloadOffset();
        switch (header.templateId())
        {
            case ModelReadyDecoder.TEMPLATE_ID:
            {
                final ModelReadyDecoder ready = new ModelReadyDecoder().wrapAndApplyHeader(buffer, offset, header);
                ready.skipLocation();
                return ready.issuedBy();
            }
            case ModelSwapDecoder.TEMPLATE_ID:
                return new ModelSwapDecoder().wrapAndApplyHeader(buffer, offset, header).issuedBy();
            case RollbackDecoder.TEMPLATE_ID:
                return new RollbackDecoder().wrapAndApplyHeader(buffer, offset, header).issuedBy();
            case ShadowAddDecoder.TEMPLATE_ID:
                return new ShadowAddDecoder().wrapAndApplyHeader(buffer, offset, header).issuedBy();
            case ShadowRemoveDecoder.TEMPLATE_ID:
                return new ShadowRemoveDecoder().wrapAndApplyHeader(buffer, offset, header).issuedBy();
            case CanaryFractionDecoder.TEMPLATE_ID:
                return new CanaryFractionDecoder().wrapAndApplyHeader(buffer, offset, header).issuedBy();
            case RiskLimitChangeDecoder.TEMPLATE_ID:
                return new RiskLimitChangeDecoder().wrapAndApplyHeader(buffer, offset, header).issuedBy();
            default:
                return null;
        }
    }

    private Map<?, ?> models(final String base) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/models"))
            .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return (Map<?, ?>)JsonParser.parse(response.body(), "GET /models");
    }

    private Map<?, ?> change(final String uri, final String body, final int status) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + TOKEN).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), uri + " " + body + ": " + response.body());
        return (Map<?, ?>)JsonParser.parse(response.body(), uri);
    }

    private static String hash(final Object model)
    {
        return model == null ? null : (String)((Map<?, ?>)model).get("hash");
    }
}
