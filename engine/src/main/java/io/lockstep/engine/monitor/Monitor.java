package io.lockstep.engine.monitor;

import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.journal.JournalReader;
import io.lockstep.util.JsonWriter;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The engine's monitor thread, bimodal by design (DESIGN section 8):
 * <ul>
 * <li><b>operations</b>: {@link OpsAlerts} checked every second; each alert that fires or resolves is a line in
 * {@value #ALERTS_FILE} and on the engine's log, and, with {@code alert.alertmanager.url}, is pushed to a
 * Prometheus Alertmanager ({@link AlertmanagerPush}) for paging; the current state is in {@code GET /alerts} and
 * {@code /metrics};</li>
 * <li><b>research</b>: {@link AlphaDrift} over the decision journal and {@link RealisedPnl} over the input and
 * decision journals as the business thread writes them, the reports rewritten in {@value #DRIFT_FILE} and
 * {@value #PNL_FILE} every {@code monitor.report.interval} and at shutdown, and served by {@code GET /drift} and
 * {@code GET /pnl}. They never page: no log line, no alert.</li>
 * </ul>
 * Both are files under the data directory's {@value #DIRECTORY} folder. Everything is read from what the engine
 * publishes for any thread; the business thread never waits for the monitor.
 */
public final class Monitor implements Agent
{
    public static final String DIRECTORY = "monitoring";
    public static final String ALERTS_FILE = "alerts.jsonl";
    public static final String DRIFT_FILE = "alpha-drift.json";
    public static final String PNL_FILE = "pnl.json";
    private static final long CHECK_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int RECORDS_PER_POLL = 4096;

    private final Path directory;
    private final Path inputJournal;
    private final Path decisionJournal;
    private final AlphaDrift drift;
    private final RealisedPnl pnl;
    private final OpsAlerts alerts;
    private final long reportIntervalNs;
    private final Consumer<String> log;
    private JournalReader decisions;
    private JournalReader pnlInputs;
    private JournalReader pnlDecisions;
    private String driftFailure;
    private String pnlFailure;
    private final AlertmanagerPush alertmanager;
    private long nextCheckNs;
    private long nextReportNs;
    private volatile List<AlertState> alertStates;
    private volatile String driftJson;
    private volatile String pnlJson;

    /**
     * @param inputJournal    the journal the business thread appends each input to before its step.
     * @param decisionJournal the journal the business thread writes its decision records to.
     * @param stepLatency     copies the engine's step latency, everything recorded since the start, into a histogram.
     * @param ringBacklog     the most inputs waiting in the ring for the business thread since the last call.
     */
    public Monitor(
        final EngineSettings settings,
        final Path inputJournal,
        final Path decisionJournal,
        final EngineCounters counters,
        final Consumer<Histogram> stepLatency,
        final LongSupplier ringBacklog,
        final Consumer<String> log)
    {
        final Path dataDir = settings.dataDir;
        this.directory = dataDir.resolve(DIRECTORY);
        this.inputJournal = inputJournal;
        this.decisionJournal = decisionJournal;
        this.drift = new AlphaDrift(dataDir, log);
        this.pnl = new RealisedPnl(settings.lobsterInstrument, settings.pnlBucketNs);
        this.alertmanager = settings.alertmanager == null ? null : new AlertmanagerPush(settings.alertmanager,
            hostName() + ":" + dataDir.toAbsolutePath(), settings.alertmanagerResendNs, log);
        this.alerts = new OpsAlerts(counters, stepLatency, ringBacklog, settings.ringSize,
            () -> usableSpace(dataDir), settings.alertThresholds, this::onAlert);
        this.reportIntervalNs = settings.researchReportIntervalNs;
        this.log = log;
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the monitoring directory " + directory, ex);
        }
        this.driftJson = drift.report();
        this.pnlJson = pnl.report();
        publishAlerts();
        this.nextCheckNs = System.nanoTime();
        this.nextReportNs = nextCheckNs + reportIntervalNs;
    }

    private static String hostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException ex)
        {
            return "unknown-host";
        }
    }

    private static long usableSpace(final Path dataDir)
    {
        try
        {
            return Files.getFileStore(dataDir).getUsableSpace();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the free space of " + dataDir + ": " + ex, ex);
        }
    }

    public String roleName()
    {
        return "lockstep-monitor";
    }

    public int doWork()
    {
        final int read = readDecisions() + readPnl();
        final long now = System.nanoTime();
        if (now - nextCheckNs >= 0)
        {
            nextCheckNs = now + CHECK_INTERVAL_NS;
            alerts.check(now, System.currentTimeMillis());
            publishAlerts();
            if (alertmanager != null)
            {
                alertmanager.tick(now);
            }
        }
        if (now - nextReportNs >= 0)
        {
            nextReportNs = now + reportIntervalNs;
            writeReports();
        }
        return read;
    }

    /** Read what the business thread has written by now, write the last reports. */
    public void onClose()
    {
        while (readDecisions() + readPnl() > 0)
        {
            Thread.onSpinWait();
        }
        if (pnlFailure == null && pnlDecisions != null)
        {
            try
            {
                pnl.finish(pnlDecisions);
            }
            catch (final RuntimeException ex)
            {
                pnlFailed(ex);
            }
        }
        writeReports();
        if (alertmanager != null)
        {
            alertmanager.finish();
        }
        for (final JournalReader reader : new JournalReader[] { decisions, pnlInputs, pnlDecisions })
        {
            if (reader != null)
            {
                reader.close();
            }
        }
    }

    private int readPnl()
    {
        if (pnlFailure != null)
        {
            return 0;
        }
        try
        {
            if (pnlInputs == null)
            {
                pnlInputs = JournalReader.open(inputJournal);
                pnlDecisions = JournalReader.open(decisionJournal);
            }
            return pnl.poll(pnlInputs, pnlDecisions, RECORDS_PER_POLL);
        }
        catch (final RuntimeException ex)
        {
            pnlFailed(ex);
            return 0;
        }
    }

    private void pnlFailed(final RuntimeException ex)
    {
        pnlFailure = "journals " + inputJournal + " and " + decisionJournal + " unreadable: " + ex.getMessage();
        log.accept("monitor: " + pnlFailure + "; PnL reports stop here");
    }

    private int readDecisions()
    {
        if (driftFailure != null)
        {
            return 0;
        }
        try
        {
            if (decisions == null)
            {
                decisions = JournalReader.open(decisionJournal);
            }
            return decisions.poll(drift, RECORDS_PER_POLL);
        }
        catch (final RuntimeException ex)
        {
            // A live journal has no torn tail: a record that does not read is a fault to report, never to skip.
            driftFailure = "decision journal " + decisionJournal + " unreadable: " + ex.getMessage();
            log.accept("monitor: " + driftFailure + "; alpha drift reports stop here");
            return 0;
        }
    }

    private void onAlert(final OpsAlerts.Alert alert)
    {
        final String line = JsonWriter.singleLine().beginObject()
            .name("time").value(Instant.ofEpochMilli(alert.changedAtEpochMs()).toString())
            .name("alert").value(alert.name()).name("severity").value(alert.severity().name().toLowerCase())
            .name("state").value(alert.firing() ? "firing" : "resolved").name("detail").value(alert.detail())
            .endObject().toString();
        log.accept("ALERT " + alert.severity().name().toLowerCase() + " " + alert.name() + " " +
            (alert.firing() ? "firing" : "resolved") + ": " + alert.detail());
        if (alertmanager != null)
        {
            alertmanager.onChange(alert);
        }
        try
        {
            Files.writeString(directory.resolve(ALERTS_FILE), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            log.accept("monitor: cannot append to " + directory.resolve(ALERTS_FILE) + ": " + ex);
        }
    }

    private void writeReports()
    {
        driftJson = driftFailure == null ? drift.report() : failureReport(driftFailure);
        writeReport(DRIFT_FILE, driftJson);
        pnlJson = pnlFailure == null ? pnl.report() : failureReport(pnlFailure);
        writeReport(PNL_FILE, pnlJson);
    }

    private static String failureReport(final String failure)
    {
        return new JsonWriter().beginObject().name("channel").value("research").name("failure").value(failure)
            .endObject().toString();
    }

    private void writeReport(final String name, final String report)
    {
        final Path file = directory.resolve(name);
        final Path partial = directory.resolve(name + ".partial");
        try
        {
            Files.writeString(partial, report + "\n");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            log.accept("monitor: cannot write " + file + ": " + ex);
        }
    }

    /** One alert as of the last check. */
    public record AlertState(String name, String severity, boolean firing, String detail, long sinceEpochMs)
    {
    }

    private void publishAlerts()
    {
        final List<AlertState> states = new ArrayList<>();
        for (final OpsAlerts.Alert alert : alerts.alerts())
        {
            states.add(new AlertState(alert.name(), alert.severity().name().toLowerCase(), alert.firing(),
                alert.detail(), alert.changedAtEpochMs()));
        }
        alertStates = List.copyOf(states);
    }

    /** @return every alert as of the last check (any thread). */
    public List<AlertState> alerts()
    {
        return alertStates;
    }

    /** @return the alerts as of the last check, as {@code GET /alerts} shows them (any thread). */
    public String alertsJson()
    {
        final JsonWriter json = new JsonWriter().beginObject().name("channel").value("operations")
            .name("alerts").beginArray();
        for (final AlertState alert : alertStates)
        {
            json.beginObject().name("alert").value(alert.name()).name("severity").value(alert.severity())
                .name("firing").value(alert.firing()).name("detail").value(alert.detail())
                .name("since").value(alert.sinceEpochMs() == 0 ? null :
                    Instant.ofEpochMilli(alert.sinceEpochMs()).toString()).endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** @return the last alpha drift report, for {@code GET /drift} (any thread). */
    public String driftReport()
    {
        return driftJson;
    }

    /** @return the last realised PnL report, for {@code GET /pnl} (any thread). */
    public String pnlReport()
    {
        return pnlJson;
    }
}
