package io.lockstep.engine.http;

import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.StepLatency;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.util.JsonWriter;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the read-only calls show, built from what the engine already publishes for any thread: its counters, its
 * step latency and the model roster's status snapshot. Reading them takes nothing from the business thread.
 */
final class EngineView
{
    private static final double[] QUANTILES = { 0.5, 0.9, 0.99, 0.999 };

    private final EngineCounters counters;
    private final StepLatency latency;
    private final Supplier<ModelRoster.Status> models;
    private final Monitor monitor;

    EngineView(
        final EngineCounters counters,
        final StepLatency latency,
        final Supplier<ModelRoster.Status> models,
        final Monitor monitor)
    {
        this.counters = counters;
        this.latency = latency;
        this.models = models;
        this.monitor = monitor;
    }

    /** Operations' channel: every alert as of the monitor's last check. */
    String alerts()
    {
        return monitor.alertsJson();
    }

    /** Research's channel: the last alpha drift report. */
    String drift()
    {
        return monitor.driftReport();
    }

    /** Research's channel: the last realised PnL report. */
    String pnl()
    {
        return monitor.pnlReport();
    }

    /** After a failure the kill switch stays engaged (a restart recovers it so): the engine no longer trades. */
    boolean healthy()
    {
        return counters.killSwitch() != EngineCounters.KILL_SWITCH_BY_FAILURE;
    }

    /** @param healthy what {@link #healthy()} said for this answer, so its status code and body agree. */
    String health(final boolean healthy)
    {
        final ModelRoster.Status status = models.get();
        return new JsonWriter().beginObject()
            .name("status").value(healthy ? "up" : "kill switch engaged")
            .name("trading").value(!counters.killSwitchEngaged())
            .name("events").value(counters.get(EngineCounters.EVENTS))
            .name("stepFailures").value(counters.get(EngineCounters.STEP_FAILURES))
            .name("champion").value(status.champion() == null ? null : status.champion().hashHex())
            .endObject().toString();
    }

    String models()
    {
        final ModelRoster.Status status = models.get();
        final JsonWriter json = new JsonWriter().beginObject().name("champion");
        model(json, status.champion()).name("championSizePpm").value(status.championPpm()).name("previous");
        model(json, status.previous()).name("shadows");
        models(json, status.shadows()).name("ready");
        models(json, status.ready()).name("lastCommand");
        if (status.lastCommandId() == 0)
        {
            json.value((String)null);
        }
        else
        {
            json.beginObject().name("id").value(status.lastCommandId())
                .name("applied").value(status.lastCommandApplied())
                .name("outcome").value(status.lastOutcome()).endObject();
        }
        json.name("events").beginArray();
        for (final String event : status.events())
        {
            json.value(event);
        }
        return json.endArray().endObject().toString();
    }

    /**
     * The Prometheus text format (0.0.4): every engine counter as {@code lockstep_<name>_total}, the step latency
     * since the start as a summary (HdrHistogram, 3 significant digits; the sum is the histogram's mean times the
     * count), the champion as an info gauge labelled with its hash, its order size and the number of shadows.
     */
    String metrics()
    {
        final StringBuilder out = new StringBuilder(4096);
        for (int counter = 0; counter < EngineCounters.count(); counter++)
        {
            final String name = EngineCounters.name(counter);
            metric(out, "lockstep_" + metricName(name) + "_total", "counter", name)
                .append(counters.get(counter)).append('\n');
        }
        stepLatency(out, latency.sinceStart());
        final ModelRoster.Status status = models.get();
        metric(out, "lockstep_trading", "gauge",
            "1 while the engine trades, 0 while the kill switch is engaged (by command or after a step failure)")
            .append(counters.killSwitchEngaged() ? 0 : 1).append('\n');
        metric(out, "lockstep_champion_size_ppm", "gauge", "the champion's order size, parts per million of normal")
            .append(status.championPpm()).append('\n');
        metric(out, "lockstep_shadow_models", "gauge", "models scored after the order is sent, never trading")
            .append(status.shadows().size()).append('\n');
        out.append("# HELP lockstep_alert_firing 1 while an operations alert fires (GET /alerts says why)\n")
            .append("# TYPE lockstep_alert_firing gauge\n");
        for (final Monitor.AlertState alert : monitor.alerts())
        {
            out.append("lockstep_alert_firing{alert=\"").append(alert.name()).append("\",severity=\"")
                .append(alert.severity()).append("\"} ").append(alert.firing() ? 1 : 0).append('\n');
        }
        out.append("# HELP lockstep_champion_info the model that trades, by artifact hash\n")
            .append("# TYPE lockstep_champion_info gauge\n");
        if (status.champion() != null)
        {
            out.append("lockstep_champion_info{hash=\"").append(status.champion().hashHex()).append("\"} 1\n");
        }
        return out.toString();
    }

    private static void stepLatency(final StringBuilder out, final Histogram steps)
    {
        final String name = "lockstep_step_latency_seconds";
        out.append("# HELP ").append(name).append(" from an input's receive stamp to the end of its step on the ")
            .append("business thread, since the start\n# TYPE ").append(name).append(" summary\n");
        for (final double quantile : QUANTILES)
        {
            out.append(name).append("{quantile=\"").append(quantile).append("\"} ")
                .append(seconds(steps.getValueAtPercentile(quantile * 100))).append('\n');
        }
        out.append(name).append("_sum ").append(seconds(steps.getMean() * steps.getTotalCount())).append('\n');
        out.append(name).append("_count ").append(steps.getTotalCount()).append('\n');
        metric(out, "lockstep_step_latency_max_seconds", "gauge", "the longest step since the start")
            .append(seconds(steps.getMaxValue())).append('\n');
    }

    private static double seconds(final double nanos)
    {
        return nanos / 1e9;
    }

    /** {@code "ring full (back-pressure)"} becomes {@code ring_full_back_pressure}. */
    static String metricName(final String name)
    {
        return name.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "").toLowerCase();
    }

    private static StringBuilder metric(
        final StringBuilder out, final String name, final String type, final String help)
    {
        return out.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(' ').append(type).append('\n')
            .append(name).append(' ');
    }

    private static JsonWriter model(final JsonWriter json, final DeployedModel model)
    {
        if (model == null)
        {
            return json.value((String)null);
        }
        return json.beginObject().name("hash").value(model.hashHex())
            .name("description").value(model.description()).endObject();
    }

    private static JsonWriter models(final JsonWriter json, final List<DeployedModel> models)
    {
        json.beginArray();
        for (final DeployedModel model : models)
        {
            model(json, model);
        }
        return json.endArray();
    }
}
