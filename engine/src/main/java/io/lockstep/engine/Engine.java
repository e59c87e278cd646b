package io.lockstep.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.lockstep.engine.http.AdminHttpServer;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.ModelRegistry;
import io.lockstep.engine.model.StoredModels;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.control.FeedPositionDecoder;
import io.lockstep.util.DirectoryTree;
import io.lockstep.util.DurableFiles;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The engine daemon's host: media driver (embedded by default), Aeron streams, the input and decision journals,
 * the ring, the ingress agent and the one business thread. The wiring reads like the diagram:
 * <pre>
 *   Aeron (market data, execution reports, control) -> Ingress -> ring -> BusinessHandler
 *        -> journal append -> EngineStep (feed -> book -> features -> model -> strategy -> risk -> orders
 *        -> shadows -> decision record) -> Aeron (orders)
 *   Aeron (admin requests) -> AdminAgent (deploy off the business thread) -> Aeron (control) -> Ingress ...
 * </pre>
 * On a data directory that holds a run, the start checks it is the same run ({@link SameRun}) and recovers the
 * run's state from its own journal before any live input ({@link Recovery}).
 * {@link #close()} stops ingress, takes in what had already arrived, lets the business thread drain the ring, then
 * closes the journals (flushed) and Aeron.
 */
public final class Engine implements AutoCloseable
{
    /** In the data directory while the engine runs: its Aeron directory, where {@code lockstep admin} finds it. */
    public static final String AERON_DIR_FILE = "aeron.dir";

    private final EngineSettings settings;
    private final Consumer<String> log;
    private final EngineCounters counters = new EngineCounters();
    private final StepLatency latency = new StepLatency();
    private MediaDriver driver;
    private Aeron aeron;
    private JournalWriter inputs;
    private JournalWriter decisionJournal;
    private Disruptor<RingEvent> disruptor;
    private Thread businessThread;
    private BusinessHandler business;
    private AgentRunner ingressRunner;
    /** This start wrote {@link #AERON_DIR_FILE}, and deletes it as it stops. */
    private boolean wroteAeronDir;
    private AgentRunner adminRunner;
    private AgentRunner monitorRunner;
    private PreparedInstruments preparedInstruments;
    private Monitor monitor;
    private AdminHttpServer http;
    private Ingress ingress;
    private EngineStep step;
    private AeronOrderSink orderSink;
    private FeaturePlan plan;
    private boolean closed;

    private Engine(final EngineSettings settings, final Consumer<String> log)
    {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Start everything; on any failure what was started is closed again. The files the config names
     * ({@code features.file}, {@code model.file}, {@code model.artifact}) are kept in the data directory
     * ({@link ArtifactStore}), where replay finds them.
     */
    public static Engine start(final EngineSettings settings, final Consumer<String> log)
    {
        final boolean newDataDir = !Files.exists(settings.dataDir);
        final Engine engine = new Engine(settings, log);
        try
        {
            engine.startAll();
            return engine;
        }
        catch (final RuntimeException | Error ex)
        {
            engine.close();
            if (newDataDir)
            {
                DirectoryTree.delete(settings.dataDir); // a start that failed leaves no run behind
            }
            throw ex;
        }
    }

    private void startAll()
    {
        SameRun.requireRecordable(settings);
        if (settings.embeddedDriver)
        {
            AeronDirectories.checkForEmbeddedDriver(Path.of(settings.aeronDir));
            AeronDirectories.sweepLeftovers(Path.of(System.getProperty("java.io.tmpdir")), log);
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(settings.aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(idleStrategy())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        }
        else
        {
            AeronDirectories.checkForExternalDriver(Path.of(settings.aeronDir));
        }
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(settings.aeronDir));
        final Subscription marketData = aeron.addSubscription(settings.marketDataChannel, settings.marketDataStream);
        final Subscription executions = aeron.addSubscription(settings.executionChannel, settings.executionStream);
        final Subscription control = aeron.addSubscription(settings.controlChannel, settings.controlStream);
        final Publication orders = aeron.addPublication(settings.orderChannel, settings.orderStream);

        inputs = JournalWriter.open(settings.dataDir.resolve("inputs"), settings.journalConfig(log));
        decisionJournal = JournalWriter.open(settings.dataDir.resolve("decisions"), settings.journalConfig(log));
        final boolean restart = inputs.nextSequence() > 1;
        if (restart)
        {
            useKeptCopiesOfGoneFiles();
        }
        plan = settings.featurePlan();
        if (restart)
        {
            SameRun.require(settings, plan);
        }
        orderSink = new AeronOrderSink(orders);
        final ModelRegistry registry = new ModelRegistry();
        final Recovery recovery = new Recovery(decisionJournal.directory(), plan,
            new JournalDecisionSink(decisionJournal), orderSink,
            new StoredModels(plan, new ArtifactStore(settings.dataDir)), registry);
        step = EngineStep.of(settings, plan, recovery, recovery, counters, recovery);
        if (settings.preparedInstruments > 0)
        {
            preparedInstruments = new PreparedInstruments(plan, settings.preparedInstruments, counters);
            step.instrumentStates(preparedInstruments::book, preparedInstruments::featureState);
        }
        final DeployedModel configured = step.models().champion();
        warmUp();
        recover(recovery);
        writeConfig();
        final Map<String, String> started = new TreeMap<>(settings.manifestExtra);
        final DeployedModel champion = step.models().champion();
        started.put(RunManifest.STARTED_CHAMPION, champion == null ? "none" : champion.hashHex());
        RunManifest.write(settings.dataDir, settings, plan, started);
        keepInputFiles(configured);

        business = new BusinessHandler(inputs, step, settings.businessCpu, settings.pinning, log, latency, counters);

        disruptor = new Disruptor<>(() -> new RingEvent(settings.slotLength), settings.ringSize,
            (runnable) -> businessThread = new Thread(runnable, "lockstep-business"), ProducerType.SINGLE,
            waitStrategy());
        disruptor.handleEventsWith(business);
        disruptor.setDefaultExceptionHandler(new StepFailureHandler(step, log, counters));
        final RingBuffer<RingEvent> ring = disruptor.start();
        awaitBusinessStart();
        if (business.pinningRefused())
        {
            throw new IllegalStateException("refusing to start: business thread " + business.pinning() +
                " (business.pinning = refuse)");
        }

        // Monitoring reads what the engine publishes at its own pace, never holding the business thread back.
        monitor = new Monitor(settings, inputs.directory(), decisionJournal.directory(), counters,
            latency::copySinceStart,
            () -> Math.max(business.takeRingBacklogPeak(), ring.getCursor() - ring.getMinimumGatingSequence()), log);
        // New instruments' states are made ready on the monitor's thread: it sleeps between its own duties.
        monitorRunner = new AgentRunner(new SleepingMillisIdleStrategy(10),
            (error) -> log.accept("monitor error: " + error), null,
            preparedInstruments == null ? monitor : new CompositeAgent(monitor, preparedInstruments));
        AgentRunner.startOnThread(monitorRunner);

        // Model loading and admin answers stay off the business thread; a sleeping idle suits their pace.
        final AdminAgent admin = new AdminAgent(
            aeron.addSubscription(settings.adminChannel, settings.adminStream),
            aeron.addPublication(settings.adminChannel, settings.adminResponseStream),
            aeron.addPublication(settings.controlChannel, settings.controlStream),
            registry, new ArtifactStore(settings.dataDir), plan, step.models()::status, counters, log,
            settings.slotLength);
        adminRunner = new AgentRunner(new SleepingMillisIdleStrategy(1),
            (error) -> log.accept("admin error: " + error), null, admin);
        AgentRunner.startOnThread(adminRunner);
        if (settings.httpPort >= 0)
        {
            http = AdminHttpServer.start(settings, aeron, counters, latency, step.models()::status, monitor, log);
        }

        // Last: the first input taken may send an order, and a start that fails after that would delete the
        // journal of an order that went out (a new data directory is deleted when its start fails).
        ingress = new Ingress(ring, new SystemEpochNanoClock(), counters, inputs.nextSequence(),
            settings, marketData, executions, control);
        final FeedPosition feed = recovery.feedPosition();
        if (feed.nextSequence() != 0 && settings.moldUdp64Bind != null)
        {
            ingress.resumeMoldUdp64(feed.session(), feed.nextSequence());
            log.accept("MoldUDP64 feed: resuming session " + feed.session().getStringWithoutLengthAscii(0,
                FeedPositionDecoder.sessionLength()) + " at sequence " + feed.nextSequence() +
                ", where the journal left it");
        }
        awaitCompilerIdle();
        ingressRunner = new AgentRunner(idleStrategy(), (error) -> log.accept("ingress error: " + error), null,
            ingress);
        AgentRunner.startOnThread(ingressRunner);
        log.accept("engine started: journal " + inputs.directory() + " (next sequence " + inputs.nextSequence() +
            "), features " + plan.source() + " (" + plan.outputs().size() + " features, graph " +
            plan.graphHash().substring(0, 16) + "), " + (settings.embeddedDriver ? "embedded" : "external") +
            " media driver at " + settings.aeronDir + ", idle " + settings.idle + ", champion " +
            step.models().champion() + ", admin stream " + settings.adminStream +
            (http == null ? "" : ", " + http.describe()));
    }

    /** A restart finds the files its run read in the data directory when they are gone from where they were. */
    private void useKeptCopiesOfGoneFiles()
    {
        final Properties run = RunManifest.read(settings.dataDir);
        for (final String used : new ArtifactStore(settings.dataDir).useKeptCopies(settings, run,
            (configured) -> !Files.exists(configured)))
        {
            log.accept("restart: " + used + " (gone from where the config names it: the run's copy)");
        }
    }

    /**
     * Keep the files the config names in the data directory ({@link ArtifactStore}), once its journals are locked
     * and the graph and champion have loaded, so that a start that fails on them writes nothing there. Each copy
     * must be what the run manifest recorded and what the engine runs: a file that changed while the engine
     * started is refused rather than kept different.
     *
     * @param configured the champion the config names (a restarted engine's recovery may have swapped it since).
     */
    private void keepInputFiles(final DeployedModel configured)
    {
        final ArtifactStore store = new ArtifactStore(settings.dataDir);
        final int partial = store.removePartialCopies();
        if (partial > 0)
        {
            log.accept("removed " + partial + " partial cop" + (partial == 1 ? "y" : "ies") + " of artifacts from " +
                settings.dataDir.resolve(ArtifactStore.DIRECTORY) + ": an earlier run stopped while keeping them");
        }
        final Properties manifest = RunManifest.read(settings.dataDir);
        if (settings.featuresFile != null)
        {
            final Path kept = store.keepFile("features.file", settings.featuresFile);
            requireSame("features.file", settings.featuresFile, manifest.getProperty("features.file.hash"),
                kept.getParent().getFileName().toString());
            final FeaturePlan keptPlan = FeatureCompiler.compileFile(kept, List.of());
            requireSame("features.file", settings.featuresFile, plan.graphHash(), keptPlan.graphHash());
        }
        if (settings.modelFile != null)
        {
            final Path kept = store.keepFile("model.file", settings.modelFile);
            requireSame("model.file", settings.modelFile, manifest.getProperty("model.hash"),
                kept.getParent().getFileName().toString());
        }
        if (settings.modelArtifact != null)
        {
            final Path kept = store.keep(ModelArtifact.open(settings.modelArtifact));
            requireSame("model.artifact", settings.modelArtifact, manifest.getProperty("model.hash"),
                kept.getFileName().toString());
        }
        if (settings.modelFile != null || settings.modelArtifact != null)
        {
            requireSame("the champion", settings.modelArtifact != null ? settings.modelArtifact : settings.modelFile,
                manifest.getProperty("model.hash"), configured.hashHex());
        }
    }

    /** Compile the business logic before the first input, on inputs of its own ({@link EngineWarmUp}). */
    private void warmUp()
    {
        if (settings.warmUpEvents > 0)
        {
            final long start = System.nanoTime();
            final EngineCounters ran = EngineWarmUp.run(settings, plan, settings.warmUpEvents);
            log.accept(String.format("warmed up on %,d synthetic inputs (%,d decisions, %,d orders, %,d fills) in " +
                "%.2f s", ran.get(EngineCounters.EVENTS), ran.get(EngineCounters.DECISIONS),
                ran.get(EngineCounters.ORDERS), ran.get(EngineCounters.FILLS), (System.nanoTime() - start) / 1e9));
            if (ran.get(EngineCounters.MODEL_QUARANTINES) > 0 || ran.get(EngineCounters.STEP_FAILURES) > 0)
            {
                // Not refused: the live champion meets live inputs, not these; but whoever starts it should know.
                log.accept("warning: on the warm-up's synthetic inputs, its copy of the configured champion was " +
                    "quarantined " + ran.get(EngineCounters.MODEL_QUARANTINES) + " times (a NaN or infinite " +
                    "prediction from finite features, or an exception) and " + ran.get(EngineCounters.STEP_FAILURES) +
                    " steps failed: live inputs may do the same");
            }
        }
    }

    /** Last before ingress: the threads started before it have queued their own compilations too. */
    private void awaitCompilerIdle()
    {
        if (settings.warmUpEvents > 0)
        {
            final long waitedNs = EngineWarmUp.awaitCompilerIdle(TimeUnit.SECONDS.toNanos(2));
            log.accept(waitedNs == EngineWarmUp.COMPILER_BUSY ? "warning: the JIT was still compiling 2 s after " +
                "the warm-up" : waitedNs == EngineWarmUp.COMPILER_UNKNOWN ? "the JIT's compile queue cannot be read " +
                "on this JVM: not waited for" : String.format("JIT compile queue empty after %.2f s", waitedNs / 1e9));
        }
    }

    /**
     * Bring a restarted engine's state to where its journal left it ({@link Recovery}), then count afresh: the
     * counters report this start, but for the step failures that keep the engine from trading.
     */
    private void recover(final Recovery recovery)
    {
        final long next = inputs.nextSequence();
        final long recordsBefore = decisionJournal.nextSequence();
        final long start = System.nanoTime();
        recovery.recover(inputs.directory(), step, next);
        if (next > 1)
        {
            final long added = decisionJournal.nextSequence() - recordsBefore;
            log.accept(String.format("recovered inputs 1 to %d from %s in %.2f s (%,d decision records and " +
                "checkpoints the same as journaled%s); champion %s%s", next - 1, inputs.directory(),
                (System.nanoTime() - start) / 1e9, recovery.recordsChecked(), added == 0 ? "" : String.format(
                ", %,d more written: an earlier start stopped before writing them, and their orders are not sent " +
                "again", added), step.models().champion(),
                step.risk().killSwitchEngaged() ? "; the kill switch is engaged, as the journal left it" : ""));
            // A failure the journal holds still stops trading: it stays counted, so operations keep its alert.
            final long stepFailures = counters.get(EngineCounters.STEP_FAILURES);
            counters.reset();
            counters.set(EngineCounters.STEP_FAILURES, stepFailures);
        }
    }

    private static void requireSame(final String what, final Path file, final String recorded, final String kept)
    {
        if (!recorded.equals(kept))
        {
            throw new IllegalStateException(what + " " + file + " changed while the engine started (" + recorded +
                " recorded, " + kept + " now): start again");
        }
    }

    /**
     * The config in effect, next to the journals so that a replay can be told what ran, and where this start's Aeron
     * directory is (for {@code lockstep admin}).
     */
    private void writeConfig()
    {
        final Path config = settings.dataDir.resolve("engine.config");
        final Path aeronDir = settings.dataDir.resolve(AERON_DIR_FILE);
        try
        {
            DurableFiles.replace(config, settings.configText);
            Files.writeString(aeronDir, Path.of(settings.aeronDir).toAbsolutePath() + "\n");
            wroteAeronDir = true;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + config + " and " + aeronDir + ": " + ex.getMessage(),
                ex);
        }
    }

    /**
     * @return the Aeron directory of the engine running on {@code dataDir}, as it wrote it when it started; null
     * when it wrote none (no engine started there, or it stopped cleanly).
     */
    public static String runningAeronDir(final Path dataDir)
    {
        try
        {
            final Path file = dataDir.resolve(AERON_DIR_FILE);
            return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private void awaitBusinessStart()
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (business.pinning().equals("not started"))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("business thread did not start within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    private IdleStrategy idleStrategy()
    {
        switch (settings.idle)
        {
            case BUSY_SPIN: return new BusySpinIdleStrategy();
            case SLEEP: return new SleepingMillisIdleStrategy(1);
            default: return new BackoffIdleStrategy();
        }
    }

    private WaitStrategy waitStrategy()
    {
        switch (settings.idle)
        {
            case BUSY_SPIN: return new BusySpinWaitStrategy();
            case SLEEP: return new BlockingWaitStrategy();
            default: return new SleepingWaitStrategy();
        }
    }

    /**
     * Let ingress take in what had already arrived before it stops: a message a publisher saw accepted is
     * journaled, not left in Aeron. Bounded in time, since a publisher might never stop.
     */
    private void drainIngress()
    {
        if (ingress == null || ingressRunner == null)
        {
            return;
        }
        ingress.requestStop();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!ingress.drained() && System.nanoTime() < deadline && !ingressRunner.isClosed())
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private boolean joinBusinessThread()
    {
        if (businessThread == null)
        {
            return true;
        }
        try
        {
            businessThread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return !businessThread.isAlive();
    }

    public EngineCounters counters()
    {
        return counters;
    }

    public String pinning()
    {
        return business.pinning();
    }

    public Aeron aeron()
    {
        return aeron;
    }

    public EngineSettings settings()
    {
        return settings;
    }

    public Path inputJournal()
    {
        return inputs.directory();
    }

    public Path decisionJournal()
    {
        return decisionJournal.directory();
    }

    public FeaturePlan plan()
    {
        return plan;
    }

    /** @return the business step, for reads after {@link #close()} (it is owned by the business thread). */
    public EngineStep step()
    {
        return step;
    }

    /** @return operations' alerts and research's drift report, as the monitor thread publishes them. */
    public Monitor monitor()
    {
        return monitor;
    }

    /** @return the admin HTTP API's port, or -1 when {@code http.port} leaves it off. */
    public int httpPort()
    {
        return http == null ? -1 : http.port();
    }

    /** @return where the MoldUDP64 feed is received (the port chosen when configured as 0), or null. */
    public java.net.InetSocketAddress moldUdp64Address()
    {
        return ingress.moldUdp64Address();
    }

    /**
     * Stop taking input, process everything already in the ring, then flush and close the journals and Aeron.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(http);
        CloseHelper.quietClose(adminRunner);
        drainIngress();
        CloseHelper.quietClose(ingressRunner);
        if (disruptor != null)
        {
            try
            {
                disruptor.shutdown(10, TimeUnit.SECONDS);
            }
            catch (final com.lmax.disruptor.TimeoutException ex)
            {
                log.accept("business thread did not drain the ring within 10 s; halting it");
                disruptor.halt();
            }
            if (!joinBusinessThread())
            {
                // Unmapping journals under a thread that may still write to them could crash the JVM.
                log.accept("business thread still running after halt: journals left mapped, no final checkpoint");
                CloseHelper.closeAll(monitorRunner, aeron, driver);
                return;
            }
            // The business thread has stopped: the closing thread may now write the final checkpoint.
            step.checkpoint();
        }
        // The monitor reads the decisions written so far and writes its last report before the journals close.
        CloseHelper.closeAll(monitorRunner, inputs, decisionJournal, aeron, driver);
        if (!wroteAeronDir)
        {
            return; // another start's, maybe one still running on this data directory: not ours to delete
        }
        try
        {
            Files.deleteIfExists(settings.dataDir.resolve(AERON_DIR_FILE));
        }
        catch (final IOException ex)
        {
            log.accept("could not delete " + settings.dataDir.resolve(AERON_DIR_FILE) + ": " + ex);
        }
    }
}
