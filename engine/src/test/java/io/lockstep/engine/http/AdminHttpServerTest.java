package io.lockstep.engine.http;

import io.lockstep.engine.Demo;
import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.engine.StepLatency;
import io.lockstep.engine.config.ConfigException;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin HTTP API of a running engine, over real HTTP on loopback: what it reads, how it refuses what it
 * cannot do (each refusal names the problem), and a change sent through it reaching the business thread as a
 * control input. Load, swap and canary over HTTP are in the tooling module's {@code AdminHttpTest}, where model
 * artifacts can be packed.
 */
class AdminHttpServerTest
{
    private static final String TOKEN = "s3cret-token-for-tests";
    /** A request that hangs fails the test instead of holding the build. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    private EngineSettings settings(final boolean withToken) throws Exception
    {
        final EngineSettings settings = new EngineSettings();
        settings.dataDir = temp.resolve("data");
        settings.aeronDir = temp.resolve("aeron").toString();
        settings.businessCpu = -1;
        settings.httpPort = 0;
        if (withToken)
        {
            settings.httpTokenFile = Files.writeString(temp.resolve("token"), TOKEN + "\n");
            Files.setPosixFilePermissions(settings.httpTokenFile, PosixFilePermissions.fromString("rw-------"));
        }
        return settings;
    }

    @Test
    void readsHealthMetricsAndModelsOfARunningEngine() throws Exception
    {
        final List<String> log = new ArrayList<>();
        try (Demo demo = Demo.start(settings(true), FeedPublisher.synthetic(3, 1, 5_000), 5_000, log::add))
        {
            final String base = base(demo.engine());
            assertTrue(String.join("\n", log).contains("admin HTTP on http://127.0.0.1:" +
                demo.engine().httpPort() + " (changes need the bearer token)"), String.join("\n", log));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!get(base + "/health").body().matches("(?s).*\"events\": [1-9].*") && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }

            final HttpResponse<String> health = get(base + "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("application/json; charset=utf-8", health.headers().firstValue("content-type").orElse(""));
            final Map<?, ?> healthJson = (Map<?, ?>)JsonParser.parse(health.body(), "/health");
            assertEquals("up", healthJson.get("status"));
            assertTrue((Long)healthJson.get("events") > 0, health.body());
            assertEquals(0L, healthJson.get("stepFailures"));

            final HttpResponse<String> metrics = get(base + "/metrics");
            assertEquals(200, metrics.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                metrics.headers().firstValue("content-type").orElse(""));
            final Matcher events = Pattern.compile("(?m)^lockstep_events_total (\\d+)$").matcher(metrics.body());
            assertTrue(events.find(), metrics.body());
            assertTrue(Long.parseLong(events.group(1)) >= (Long)healthJson.get("events"), metrics.body());
            assertTrue(metrics.body().contains("# TYPE lockstep_ring_full_back_pressure_total counter\n"),
                metrics.body());
            assertTrue(metrics.body().contains("\nlockstep_trading 1\n"), metrics.body());
            assertTrue(metrics.body().contains(
                "\nlockstep_alert_firing{alert=\"kill_switch\",severity=\"critical\"} 0\n"), metrics.body());
            assertTrue(metrics.body().contains("\nlockstep_champion_size_ppm 1000000\n"), metrics.body());
            // Every sample line is "name value" or "name{label} value".
            for (final String line : metrics.body().split("\n"))
            {
                assertTrue(line.startsWith("# HELP lockstep_") || line.startsWith("# TYPE lockstep_") ||
                    line.matches("lockstep_[a-z_]+(\\{(hash=\"[0-9a-f]{64}\"|quantile=\"0\\.[0-9]+\"|" +
                    "alert=\"[a-z_]+\",severity=\"(warning|critical)\")})? [0-9.E-]+"), line);
            }
            final Matcher median = Pattern.compile("(?m)^lockstep_step_latency_seconds\\{quantile=\"0.5\"} (\\S+)$")
                .matcher(metrics.body());
            final Matcher count = Pattern.compile("(?m)^lockstep_step_latency_seconds_count (\\d+)$")
                .matcher(metrics.body());
            assertTrue(median.find() && count.find(), metrics.body());
            assertTrue(Double.parseDouble(median.group(1)) > 0 && Double.parseDouble(median.group(1)) < 1,
                "the median step, receive stamp to step end: " + median.group(1) + " s");
            // One input in eight is measured. The events were counted before the latency was read, so at least
            // those (but the one in its step then) are in the count; more may have come since.
            assertTrue(Long.parseLong(count.group(1)) + 1 >= Long.parseLong(events.group(1)) /
                StepLatency.SAMPLE_EVERY, metrics.body());

            final HttpResponse<String> models = get(base + "/models");
            assertEquals(200, models.statusCode());
            final Map<?, ?> modelsJson = (Map<?, ?>)JsonParser.parse(models.body(), "/models");
            assertTrue(modelsJson.containsKey("champion") && modelsJson.containsKey("previous"), models.body());
            assertEquals(1_000_000L, modelsJson.get("championSizePpm"));

            // A change through HTTP is a control input the business thread answers: nothing to roll back to.
            final HttpResponse<String> rollback = post(base + "/models/rollback", "", TOKEN);
            assertEquals(409, rollback.statusCode(), rollback.body());
            final Map<?, ?> answer = (Map<?, ?>)JsonParser.parse(rollback.body(), "rollback");
            assertEquals(Boolean.FALSE, answer.get("applied"));
            final Map<?, ?> first = (Map<?, ?>)((List<?>)answer.get("answers")).get(0);
            assertTrue(((String)first.get("text")).contains("no previous"), rollback.body());
            assertNull(first.get("model"));
            final Map<?, ?> after = (Map<?, ?>)JsonParser.parse(get(base + "/models").body(), "/models");
            assertTrue(((Map<?, ?>)after.get("lastCommand")).get("outcome").toString().contains("no previous"),
                after.toString());

            // The kill switch: a journaled control input, shown by /health and /metrics until released.
            final HttpResponse<String> halt = post(base + "/kill-switch",
                "{\"engaged\": true, \"reason\": \"venue halt\"}", TOKEN);
            assertEquals(200, halt.statusCode(), halt.body());
            assertTrue(halt.body().contains("kill switch engaged (http 127.0.0.1:"), halt.body());
            final Map<?, ?> halted = (Map<?, ?>)JsonParser.parse(get(base + "/health").body(), "/health");
            assertEquals("up", halted.get("status"), "a commanded halt is deliberate, not a failure");
            assertEquals(Boolean.FALSE, halted.get("trading"));
            assertTrue(get(base + "/metrics").body().contains("\nlockstep_trading 0\n"));
            assertEquals(200, post(base + "/kill-switch", "{\"engaged\": false, \"reason\": \"open\"}", TOKEN)
                .statusCode());
            assertEquals(Boolean.TRUE, ((Map<?, ?>)JsonParser.parse(get(base + "/health").body(), "/health"))
                .get("trading"));

            final HttpResponse<String> limit = post(base + "/risk-limits",
                "{\"key\": \"risk.stale.data\", \"value\": \"250ms\"}", TOKEN);
            assertEquals(200, limit.statusCode(), limit.body());
            assertTrue(limit.body().contains("risk.stale.data = 250000000 ns for every instrument"), limit.body());
            assertEquals(200, post(base + "/risk-limits", "{\"key\": \"risk.max.position\", \"value\": 500}",
                TOKEN).statusCode());
        }
    }

    @Test
    void refusesWhatItCannotDoAndSaysWhy() throws Exception
    {
        try (Engine engine = Engine.start(settings(true), (line) -> { }))
        {
            final String base = base(engine);
            assertRefused(get(base + "/nope"), 404, "no route GET /nope; the routes are GET /health");
            final HttpResponse<String> wrongMethod = post(base + "/health", "", TOKEN);
            assertRefused(wrongMethod, 405, "/health takes GET, not POST");
            assertEquals("GET, HEAD", wrongMethod.headers().firstValue("allow").orElse(""));
            final String head = raw(engine, "HEAD /models HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.endsWith("\r\n\r\n"),
                "GET's headers without its body: " + head);
            assertTrue(head.contains("content-length: " +
                get(base + "/models").body().getBytes(StandardCharsets.UTF_8).length + "\r\n"), head);
            assertRefused(get(base + "/models/swap"), 405, "/models/swap takes POST, not GET");

            final HttpResponse<String> anonymous = post(base + "/models/rollback", "", null);
            assertRefused(anonymous, 401, "no Authorization: Bearer token");
            assertEquals("Bearer realm=\"lockstep\"", anonymous.headers().firstValue("www-authenticate").orElse(""));
            assertRefused(post(base + "/models/rollback", "", "not-" + TOKEN), 401, "wrong bearer token");

            assertRefused(post(base + "/models/swap", "{\"model\":", TOKEN), 400,
                "the body of POST /models/swap");
            assertRefused(post(base + "/models/swap", "[]", TOKEN), 400, "must be a JSON object");
            assertRefused(post(base + "/models/swap", "{}", TOKEN), 400, "POST /models/swap needs the field \"model\"");
            assertRefused(post(base + "/models/swap", "{\"model\":7}", TOKEN), 400,
                "field \"model\" must be a non-empty string");
            assertRefused(post(base + "/models/swap", "{\"modle\":\"x\"}", TOKEN), 400, "needs the field \"model\"");
            assertRefused(post(base + "/models/shadow", "{\"model\":\"x\",\"extra\":1}", TOKEN), 400,
                "POST /models/shadow has no field \"extra\"");
            assertRefused(post(base + "/models/canary", "{\"model\":\"x\",\"fraction\":2}", TOKEN), 400,
                "the canary fraction must be within 0..1, not 2.0");
            assertRefused(post(base + "/kill-switch", "{\"engaged\": true, \"reason\": \" \"}", TOKEN), 400,
                "the kill switch needs a reason");
            assertRefused(post(base + "/kill-switch", "{\"engaged\": \"yes\", \"reason\": \"x\"}", TOKEN), 400,
                "field \"engaged\" must be true or false");
            assertRefused(post(base + "/risk-limits", "{\"key\": \"risk.max.leverage\", \"value\": 2}", TOKEN), 400,
                "no risk limit risk.max.leverage");
            assertRefused(post(base + "/risk-limits", "{\"key\": \"risk.price.collar.bps\", \"value\": 5000000}",
                TOKEN), 400, "risk.price.collar.bps 5000000: at most 1000000 (100 times the mid), as in the config");
            assertRefused(post(base + "/risk-limits", "{\"key\": \"risk.stale.data\", \"value\": \"soon\"}",
                TOKEN), 400, "risk.stale.data soon: expected a duration");
            assertRefused(post(base + "/models/swap", "{\"model\":\"" + temp.resolve("missing") + "\"}", TOKEN),
                400, "no such artifact, and not a model's hash (64 hex digits, or the first 8 or more of one kept): " +
                temp.resolve("missing"));
            assertRefused(post(base + "/models/load", "{\"artifact\":\"" + temp.resolve("missing") + "\"}", TOKEN),
                400, "no such artifact: " + temp.resolve("missing"));

            assertRefused(post(base + "/models/load", "{\"artifact\":\"a\\u0000b\"}", TOKEN), 400,
                "field \"artifact\" is not a path");

            assertRefused(post(base + "/models/swap", "{\"model\":\"" + "x".repeat(100_000) + "\"}", TOKEN), 413,
                "the body is over 64 KiB");

            // A client that asks first (curl does for large bodies) is refused in JSON too, before sending it.
            final String asked = raw(engine, "POST /models/swap HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
                TOKEN + "\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
            assertTrue(asked.startsWith("HTTP/1.1 413 Request Entity Too Large") &&
                asked.contains("the body is over 64 KiB"), asked);

            // What an HTTP client library would not send: a bad escape, a request line that is no request line.
            final String badEscape = raw(engine, "GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(badEscape.startsWith("HTTP/1.1 400 Bad Request") &&
                badEscape.contains("malformed request target /%zz"), badEscape);
            final String garbage = raw(engine, "\u0001\u0002 nonsense\r\n\r\n");
            assertTrue(garbage.startsWith("HTTP/1.1 400 Bad Request") && garbage.contains("connection: close"),
                garbage);
            // Answered in words, not with the codec's exception (a Java class name), and with the status that says
            // which limit a request went over.
            assertPlainRefusal(raw(engine, "GARBAGE\r\n\r\n"), "400 Bad Request",
                "malformed HTTP request: expected a request line (METHOD /path HTTP/1.1), then headers");
            assertPlainRefusal(raw(engine, "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(20_000) +
                "\r\n\r\n"), "431 Request Header Fields Too Large", "the headers are over 8192 bytes");
            assertPlainRefusal(raw(engine, "GET /" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                "414 Request-URI Too Long", "the request line is over 4096 bytes");

            // A request pipelined behind a change is not answered before it: the change's answer is the only one,
            // and it closes the connection.
            final String pipelined = raw(engine, "POST /models/rollback HTTP/1.1\r\nHost: localhost\r\n" +
                "Authorization: Bearer " + TOKEN + "\r\nContent-Length: 0\r\n\r\nGET /health HTTP/1.1\r\n" +
                "Host: localhost\r\n\r\n");
            assertTrue(pipelined.startsWith("HTTP/1.1 409 Conflict") && pipelined.contains("connection: close") &&
                pipelined.indexOf("HTTP/1.1", 1) < 0, pipelined);

            // The scheme is matched without regard to case; the change reaches the engine, which refuses it.
            assertRefused(post(base + "/models/rollback", "", TOKEN, "bearer "), 409, "no previous model");

            // A name that is not loopback's, as a page that rebound its own name to 127.0.0.1 would send.
            final String rebound = "GET /pnl HTTP/1.1\r\nHost: evil.example:8787\r\nConnection: close\r\n\r\n";
            assertPlainRefusal(raw(engine, rebound), "403 Forbidden", "Host evil.example:8787 is not a loopback " +
                "name: the API listens on loopback and answers requests addressed to localhost, 127.x.x.x, [::1] or " +
                "its http.bind, 127.0.0.1");
            for (final String host : List.of("localhost", "LOCALHOST:1", "127.0.0.1:" + engine.httpPort(),
                "127.1.2.3", "[::1]:80"))
            {
                final String answer = raw(engine, "GET /health HTTP/1.1\r\nHost: " + host +
                    "\r\nConnection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 200 OK"), host + ": " + answer);
            }
            assertTrue(raw(engine, "GET /health HTTP/1.0\r\n\r\n").startsWith("HTTP/1.1 200 OK"), "no Host: HTTP/1.0");
            // An absolute-form target is served, and the host it names is the one checked.
            assertTrue(raw(engine, "GET http://127.0.0.1:" + engine.httpPort() + "/health HTTP/1.1\r\nHost: " +
                "localhost\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200 OK"));
            assertTrue(raw(engine, "GET http://evil.example/pnl HTTP/1.1\r\nHost: localhost\r\nConnection: " +
                "close\r\n\r\n").startsWith("HTTP/1.1 403 Forbidden"));

            // A body that is not UTF-8 is refused, not journaled with U+FFFD in place of its bytes.
            final byte[] latin1 = "{\"engaged\": true, \"reason\": \"caf\u00e9\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
            final String notUtf8 = raw(engine, ("POST /kill-switch HTTP/1.1\r\nHost: localhost\r\nAuthorization: " +
                "Bearer " + TOKEN + "\r\nContent-Length: " + latin1.length + "\r\nConnection: close\r\n\r\n"),
                latin1);
            assertTrue(notUtf8.startsWith("HTTP/1.1 400 Bad Request") && notUtf8.contains("the body of POST " +
                "/kill-switch is not UTF-8 text, as JSON must be (RFC 8259)"), notUtf8);

            // A whole number however written; a fraction is still refused.
            assertRefused(post(base + "/risk-limits", "{\"key\": \"risk.max.position\", \"value\": 5e2}", TOKEN),
                200, "risk.max.position = 500");
            assertRefused(post(base + "/risk-limits", "{\"key\": \"risk.max.position\", \"value\": 500.5}",
                TOKEN), 400, "risk.max.position 500.5: expected a whole number");

            // Still serving after all that.
            assertEquals(200, get(base + "/health").statusCode());
        }
    }

    @Test
    void theStartLineNamesAUrlThatWorksAsPrinted() throws Exception
    {
        final EngineSettings settings = settings(false);
        settings.httpBind = "::1";
        final List<String> log = new ArrayList<>();
        try (Engine engine = Engine.start(settings, log::add))
        {
            final String url = "http://[::1]:" + engine.httpPort();
            assertTrue(String.join("\n", log).contains("admin HTTP on " + url + " (read-only"),
                String.join("\n", log));
            assertEquals(200, get(url + "/health").statusCode());
        }
        // Beyond loopback (not bound here): the address as configured, not the wildcard as Java prints it.
        assertEquals("http://0.0.0.0:18795", AdminHttpServer.url("0.0.0.0", 18795));
        assertEquals("http://[::]:18795", AdminHttpServer.url("::", 18795));
        assertEquals("http://[::1]:18795", AdminHttpServer.url("[::1]", 18795));
    }

    @Test
    void anIdleConnectionIsClosedAndABusyOneIsNot() throws Exception
    {
        final EngineSettings settings = settings(false);
        settings.httpIdleTimeoutNs = TimeUnit.SECONDS.toNanos(2);
        try (Engine engine = Engine.start(settings, (line) -> { });
            Socket idle = new Socket(InetAddress.getLoopbackAddress(), engine.httpPort()))
        {
            idle.setSoTimeout((int)TIMEOUT.toMillis());
            assertEquals(-1, idle.getInputStream().read(), "closed by the server, nothing sent");

            // Requests closer together than the timeout keep a connection open well past it.
            try (Socket busy = new Socket(InetAddress.getLoopbackAddress(), engine.httpPort()))
            {
                busy.setSoTimeout((int)TIMEOUT.toMillis());
                final BufferedReader in = new BufferedReader(
                    new InputStreamReader(busy.getInputStream(), StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 15; i++)
                {
                    Thread.sleep(200);
                    busy.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                    assertEquals("HTTP/1.1 200 OK", in.readLine(), "request " + (i + 1));
                    skipResponse(in);
                }
            }
        }
    }

    /** Reads past the headers and the body of one response whose length is given. */
    private static void skipResponse(final BufferedReader in) throws Exception
    {
        int length = 0;
        String line;
        while (!(line = in.readLine()).isEmpty())
        {
            if (line.toLowerCase().startsWith("content-length:"))
            {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        for (int i = 0; i < length; i++)
        {
            in.read();
        }
    }

    @Test
    void withoutATokenFileTheApiOnlyReads() throws Exception
    {
        final List<String> log = new ArrayList<>();
        try (Engine engine = Engine.start(settings(false), log::add))
        {
            assertTrue(String.join("\n", log).contains("(read-only: no http.token.file)"), String.join("\n", log));
            assertEquals(200, get(base(engine) + "/models").statusCode());
            assertRefused(post(base(engine) + "/models/rollback", "", TOKEN), 403,
                "changes are off: the engine's config names no http.token.file");
        }
    }

    @Test
    void aBadTokenFileOrABusyPortStopsTheStartNamingIt() throws Exception
    {
        final EngineSettings empty = settings(true);
        Files.writeString(empty.httpTokenFile, "\n");
        final ConfigException noToken = assertThrows(ConfigException.class, () -> Engine.start(empty, (l) -> { }));
        assertTrue(noToken.getMessage().contains(empty.httpTokenFile + ": http.token.file must hold one token"),
            noToken.getMessage());

        final EngineSettings accented = settings(true);
        Files.writeString(accented.httpTokenFile, "p\u00e4sswort\n");
        final ConfigException notAscii = assertThrows(ConfigException.class,
            () -> Engine.start(accented, (l) -> { }));
        assertTrue(notAscii.getMessage().contains("http.token.file must hold a token of printable ASCII characters"),
            notAscii.getMessage());

        final EngineSettings missing = settings(false);
        missing.httpTokenFile = temp.resolve("no-such-token");
        final ConfigException unreadable = assertThrows(ConfigException.class,
            () -> Engine.start(missing, (l) -> { }));
        assertTrue(unreadable.getMessage().contains("http.token.file cannot be read"), unreadable.getMessage());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final EngineSettings busy = settings(false);
            busy.httpPort = taken.getLocalPort();
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Engine.start(busy, (l) -> { }));
            assertTrue(refused.getMessage().startsWith("cannot listen for the admin HTTP API on /127.0.0.1:" +
                taken.getLocalPort() + " (http.bind, http.port)"), refused.getMessage());
        }
        // A failed start leaves the data directory startable.
        try (Engine engine = Engine.start(settings(false), (l) -> { }))
        {
            assertEquals(200, get(base(engine) + "/health").statusCode());
        }
    }

    private static String base(final Engine engine)
    {
        return "http://127.0.0.1:" + engine.httpPort();
    }

    private HttpResponse<String> get(final String uri) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String uri, final String body, final String token) throws Exception
    {
        return post(uri, body, token, "Bearer ");
    }

    private HttpResponse<String> post(final String uri, final String body, final String token, final String scheme)
        throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null)
        {
            request.header("Authorization", scheme + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One request written as bytes on a fresh connection; the whole answer, read until the server closes. */
    private static String raw(final Engine engine, final String request) throws Exception
    {
        return raw(engine, request, new byte[0]);
    }

    private static String raw(final Engine engine, final String head, final byte[] body) throws Exception
    {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), engine.httpPort()))
        {
            socket.setSoTimeout((int)TIMEOUT.toMillis());
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertPlainRefusal(final String response, final String status, final String error)
    {
        assertTrue(response.startsWith("HTTP/1.1 " + status + "\r\n") &&
            response.endsWith("\"error\": \"" + error + "\"\n}\n"), response);
    }

    private static void assertRefused(final HttpResponse<String> response, final int status, final String text)
    {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(text.replace("\"", "\\\"")), response.body());
    }
}
