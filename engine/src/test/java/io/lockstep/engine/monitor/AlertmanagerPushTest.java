package io.lockstep.engine.monitor;

import com.sun.net.httpserver.HttpServer;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.StepLatency;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Operations' alerts pushed to an Alertmanager stand-in, a real HTTP server on loopback behind a route prefix
 * ({@code /am}, kept in the push's URL): a firing alert is posted
 * with its labels and start, posted again when the resend interval comes round, resolved with its end, then
 * forgotten once Alertmanager took that; a push Alertmanager refuses is logged, counted and retried.
 */
class AlertmanagerPushTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long RESEND = 60 * SECOND;

    private final EngineCounters counters = new EngineCounters();
    private final LinkedBlockingQueue<String> posted = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<String> log = new ArrayList<>();
    private HttpServer alertmanager;

    @AfterEach
    void stop()
    {
        alertmanager.stop(0);
    }

    @Test
    void firingIsPushedAndResentResolvedIsPushedOnceAndARefusedPushIsRetried() throws Exception
    {
        final AlertmanagerPush push = startAlertmanager();
        final OpsAlerts alerts = alerts(push);

        alerts.check(0, 1_000);
        push.tick(0);
        counters.increment(EngineCounters.MALFORMED);
        alerts.check(SECOND, 2_000);
        push.tick(SECOND);
        final Map<?, ?> firing = onlyAlert(nextPost());
        assertEquals(Map.of("alertname", "input_errors", "severity", "warning", "service", "lockstep",
            "instance", "/data/desk-7"), firing.get("labels"));
        assertEquals(Map.of("summary", "1 more bad inputs (1 in all: malformed inputs 1, " +
            "oversized inputs rejected 0, feed packets rejected 0)"), firing.get("annotations"));
        assertEquals("1970-01-01T00:00:02Z", firing.get("startsAt"));
        assertFalse(firing.containsKey("endsAt"));

        awaitPushed(push);
        alerts.check(2 * SECOND, 3_000); // the errors stopped: the hold starts
        push.tick(2 * SECOND);
        assertNull(posted.poll(200, TimeUnit.MILLISECONDS), "nothing changed, nothing due");
        push.tick(SECOND + RESEND);
        assertEquals(firing, onlyAlert(nextPost()), "firing alerts again when due, as Alertmanager expects");
        awaitPushed(push);

        status.set(503);
        alerts.check(62 * SECOND, 62_000);
        push.tick(62 * SECOND);
        final Map<?, ?> resolved = onlyAlert(nextPost());
        assertEquals("1970-01-01T00:01:02Z", resolved.get("endsAt"));
        awaitPushed(push);
        assertEquals(1, push.failures());
        status.set(200);
        push.tick(63 * SECOND);
        assertEquals(resolved, onlyAlert(nextPost()), "the refused push again, at the next check");
        assertEquals(List.of("monitor: Alertmanager http://127.0.0.1:" + alertmanager.getAddress().getPort() +
            "/am/api/v2/alerts did not take the alerts: HTTP 503 (asked again every check)"), log);
        awaitPushed(push);
        push.tick(63 * SECOND + 2 * RESEND);
        assertNull(posted.poll(200, TimeUnit.MILLISECONDS), "resolved and taken: forgotten");
    }

    @Test
    void anAlertmanagerThatIsDownIsSaidInWords() throws Exception
    {
        alertmanager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0); // stopped after the test
        final int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            closed = socket.getLocalPort(); // nothing listens there once it is closed
        }
        final List<String> lines = new ArrayList<>();
        for (final int port : new int[] { alertmanager.getAddress().getPort(), closed })
        {
            // The first is bound but never started: it accepts connections and answers nothing.
            log.clear();
            final AlertmanagerPush push = new AlertmanagerPush(URI.create("http://127.0.0.1:" + port), "/data",
                RESEND, log::add);
            final OpsAlerts alerts = alerts(push);
            counters.increment(EngineCounters.MALFORMED);
            alerts.check(SECOND, 1_000);
            push.tick(SECOND);
            awaitPushed(push);
            push.tick(2 * SECOND);
            assertEquals(1, log.size(), log.toString());
            lines.add(log.get(0));
        }
        assertEquals(List.of(
            "monitor: Alertmanager http://127.0.0.1:" + alertmanager.getAddress().getPort() + "/api/v2/alerts did " +
                "not take the alerts: no answer in time (asked again every check)",
            "monitor: Alertmanager http://127.0.0.1:" + closed + "/api/v2/alerts did not take the alerts: " +
                "connection refused (asked again every check)"), lines);
    }

    /**
     * Resolved while Alertmanager was down, then firing again before a push got through: both go in one push, the
     * resolution first, so Alertmanager sees the outage end and a new one begin.
     */
    @Test
    void anAlertThatResolvedAndFiredAgainUnseenIsPushedAsBoth() throws Exception
    {
        final AlertmanagerPush push = startAlertmanager();
        final OpsAlerts alerts = alerts(push);
        alerts.check(0, 1_000);
        counters.increment(EngineCounters.MALFORMED);
        alerts.check(SECOND, 2_000);
        push.tick(SECOND);
        nextPost();
        awaitPushed(push);
        alerts.check(2 * SECOND, 3_000); // the errors stopped: the hold starts

        status.set(503);
        alerts.check(62 * SECOND, 62_000); // resolved: refused
        push.tick(62 * SECOND);
        assertEquals("1970-01-01T00:01:02Z", onlyAlert(nextPost()).get("endsAt"));
        awaitPushed(push);
        counters.increment(EngineCounters.MALFORMED);
        alerts.check(63 * SECOND, 63_000); // firing again before any push got through
        status.set(200);
        push.tick(63 * SECOND);
        final List<?> both = (List<?>)JsonParser.parse(nextPost(), "push");
        assertEquals(2, both.size(), both.toString());
        assertEquals("1970-01-01T00:00:02Z", ((Map<?, ?>)both.get(0)).get("startsAt"));
        assertEquals("1970-01-01T00:01:02Z", ((Map<?, ?>)both.get(0)).get("endsAt"));
        assertEquals("1970-01-01T00:01:03Z", ((Map<?, ?>)both.get(1)).get("startsAt"));
        assertFalse(((Map<?, ?>)both.get(1)).containsKey("endsAt"));
        awaitPushed(push);
        push.tick(63 * SECOND + RESEND);
        assertEquals(List.of(both.get(1)), JsonParser.parse(nextPost(), "push"), "the resolution, taken, is done");
    }

    /** The operations rules (the stale-feed one off), pushing through {@code push}. */
    private OpsAlerts alerts(final AlertmanagerPush push)
    {
        final OpsAlerts.Thresholds thresholds = new OpsAlerts.Thresholds();
        thresholds.feedStaleNs = 0;
        return new OpsAlerts(counters, new StepLatency()::copySinceStart, () -> 0, 1024, () -> 10L << 30, thresholds,
            push);
    }

    private AlertmanagerPush startAlertmanager() throws Exception
    {
        alertmanager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alertmanager.createContext("/am/api/v2/alerts", (exchange) ->
        {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posted.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") +
                " " + body);
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        alertmanager.start();
        return new AlertmanagerPush(URI.create("http://127.0.0.1:" + alertmanager.getAddress().getPort() + "/am/"),
            "/data/desk-7", RESEND, log::add);
    }

    private String nextPost() throws InterruptedException
    {
        final String post = posted.poll(10, TimeUnit.SECONDS);
        assertNotNull(post, "a push within 10 s");
        assertTrue(post.startsWith("POST application/json ["), post);
        return post.substring("POST application/json ".length());
    }

    private static Map<?, ?> onlyAlert(final String body)
    {
        final List<?> alerts = (List<?>)JsonParser.parse(body, "push");
        assertEquals(1, alerts.size(), body);
        return (Map<?, ?>)alerts.get(0);
    }

    private static void awaitPushed(final AlertmanagerPush push) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10 * SECOND;
        while (push.pushing())
        {
            assertTrue(System.nanoTime() < deadline, "push completes");
            Thread.sleep(5);
        }
    }
}
