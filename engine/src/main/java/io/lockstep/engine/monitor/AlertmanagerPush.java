package io.lockstep.engine.monitor;

import io.lockstep.util.JsonWriter;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Operations' alerts pushed to a Prometheus Alertmanager ({@code POST /api/v2/alerts}), where paging, grouping,
 * silences and routing already live. Each push carries every alert firing (labels {@code alertname},
 * {@code severity}, {@code service="lockstep"}, {@code instance}; the detail as the {@code summary} annotation;
 * {@code startsAt}) and every one resolved since the last push Alertmanager accepted (with {@code endsAt}). Firing
 * alerts are pushed again every {@code resendNs}, as Alertmanager expects of its clients: one it stops hearing
 * about resolves by itself after its {@code resolve_timeout}.
 * <p>
 * Runs on the monitor thread: a push is asynchronous, one at a time; a change meanwhile is pushed when it
 * completes or at the next tick. A push that fails (no answer in 5 s, a status other than 2xx) is counted, logged
 * once until one succeeds again, and retried at the next tick.
 */
public final class AlertmanagerPush implements OpsAlerts.Channel
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One alert as Alertmanager is told of it. */
    private static final class Sent
    {
        String severity;
        String summary;
        Instant startsAt;
        Instant endsAt;
        /** The push after which a resolved alert may be forgotten: once one at least this late succeeded. */
        long resolvedInPush;
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI endpoint;
    private final String instance;
    private final long resendNs;
    private final Consumer<String> log;
    private final Map<String, Sent> alerts = new LinkedHashMap<>();
    /**
     * Resolutions not yet accepted of alerts that fired again meanwhile: pushed before the new firing, so that
     * Alertmanager sees the outage end and a new one begin rather than one alert firing throughout.
     */
    private final List<Map.Entry<String, Sent>> resolving = new ArrayList<>();
    private long pushes;
    private long nextResendNs;
    private boolean dirty;
    /** Written by the push's completion before {@link #inFlight} is cleared; read by the monitor thread after. */
    private volatile boolean failedPush;
    private volatile boolean inFlight;
    private volatile long lastAcceptedPush;
    private volatile long failures;
    private volatile String lastFailure;
    private String loggedFailure;

    /**
     * @param alertmanager the Alertmanager's base URL, e.g. {@code http://127.0.0.1:9093}.
     * @param instance     names this engine in the {@code instance} label (host and data directory).
     */
    public AlertmanagerPush(
        final URI alertmanager, final String instance, final long resendNs, final Consumer<String> log)
    {
        // Appended, not resolved: an Alertmanager behind a proxy or a route prefix keeps its path.
        final String base = alertmanager.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) +
            "/api/v2/alerts");
        this.instance = instance;
        this.resendNs = resendNs;
        this.log = log;
    }

    public void onChange(final OpsAlerts.Alert alert)
    {
        final Sent earlier = alerts.get(alert.name());
        if (alert.firing() && earlier != null && earlier.endsAt != null && earlier.resolvedInPush > lastAcceptedPush)
        {
            resolving.add(Map.entry(alert.name(), earlier));
            alerts.remove(alert.name());
        }
        final Sent sent = alerts.computeIfAbsent(alert.name(), (name) -> new Sent());
        sent.severity = alert.severity().name().toLowerCase();
        sent.summary = alert.detail();
        final Instant at = Instant.ofEpochMilli(alert.changedAtEpochMs());
        if (alert.firing())
        {
            sent.startsAt = at;
            sent.endsAt = null;
        }
        else
        {
            sent.endsAt = at;
            sent.resolvedInPush = pushes + 1;
        }
        dirty = true;
    }

    /** Push what changed, and the firing alerts again when they are due. */
    public void tick(final long nowNs)
    {
        alerts.values().removeIf((sent) -> sent.endsAt != null && sent.resolvedInPush <= lastAcceptedPush);
        resolving.removeIf((entry) -> entry.getValue().resolvedInPush <= lastAcceptedPush);
        final String failure = lastFailure;
        if (failure != null && !failure.equals(loggedFailure))
        {
            log.accept("monitor: Alertmanager " + endpoint + " did not take the alerts: " + failure +
                " (asked again every check)");
        }
        loggedFailure = failure;
        if (inFlight)
        {
            return;
        }
        if (failedPush || (nowNs - nextResendNs >= 0 && !alerts.isEmpty()))
        {
            failedPush = false;
            dirty = true;
        }
        if (!dirty)
        {
            return;
        }
        dirty = false;
        nextResendNs = nowNs + resendNs;
        final long push = ++pushes;
        inFlight = true;
        final HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body())).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
        {
            if (error == null && response.statusCode() / 100 == 2)
            {
                lastAcceptedPush = push;
                lastFailure = null;
            }
            else
            {
                failures++;
                lastFailure = error != null ? reason(error) : "HTTP " + response.statusCode();
                failedPush = true;
            }
            inFlight = false;
        });
    }

    /**
     * At shutdown: push what changed since the last push, and wait for it (5 s for the one in flight, 5 s for this
     * one), so the last state of the alerts is not lost, or the log says it may be. Firing alerts then resolve in
     * Alertmanager after its {@code resolve_timeout}.
     */
    public void finish()
    {
        awaitPush();
        tick(System.nanoTime());
        awaitPush();
        if (inFlight || lastFailure != null)
        {
            log.accept("monitor: the last alerts may not have reached Alertmanager " + endpoint + ": " +
                (inFlight ? "no answer within " + TIMEOUT.toSeconds() + " s" : lastFailure));
        }
    }

    private void awaitPush()
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (inFlight && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** @return pushes Alertmanager did not accept. */
    public long failures()
    {
        return failures;
    }

    /** @return true while a push is on its way. */
    public boolean pushing()
    {
        return inFlight;
    }

    private String body()
    {
        final JsonWriter json = JsonWriter.singleLine().beginArray();
        final List<Map.Entry<String, Sent>> entries = new ArrayList<>(resolving);
        entries.addAll(alerts.entrySet());
        for (final Map.Entry<String, Sent> entry : entries)
        {
            final Sent sent = entry.getValue();
            json.beginObject().name("labels").beginObject()
                .name("alertname").value(entry.getKey())
                .name("severity").value(sent.severity)
                .name("service").value("lockstep")
                .name("instance").value(instance)
                .endObject()
                .name("annotations").beginObject().name("summary").value(sent.summary).endObject()
                .name("startsAt").value((sent.startsAt != null ? sent.startsAt : sent.endsAt).toString());
            if (sent.endsAt != null)
            {
                json.name("endsAt").value(sent.endsAt.toString());
            }
            json.endObject();
        }
        return json.endArray().toString();
    }

    /** @return why a push failed, in words: what the chain of causes says, not the names of their classes. */
    private static String reason(final Throwable error)
    {
        Throwable innermost = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause())
        {
            if (cause instanceof ConnectException)
            {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException)
            {
                return "no answer in time";
            }
            innermost = cause;
        }
        return innermost.getMessage() == null ? innermost.getClass().getSimpleName() : innermost.getMessage();
    }
}
