package io.lockstep.engine;

import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelDeployer;
import io.lockstep.engine.monitor.OpsAlerts;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.engine.spi.Model;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.lang.FeatureDefinition;
import io.lockstep.features.lang.FeatureParser;
import io.lockstep.journal.FsyncPolicy;
import io.lockstep.journal.JournalConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Everything the engine daemon is configured with, read from a config file (see docs/engine.md for every key).
 * Defaults suit a shared 2-core machine: an embedded Aeron driver with SHARED threading, backoff idle strategies,
 * IPC streams, the business thread pinned to CPU 1 with a warning if that fails.
 */
public final class EngineSettings
{
    private static final String DEFAULT_FEATURES = "/io/lockstep/features/demo.features";
    /** The built-in graph in the source tree, for the commands the engine prints, run from the repository's root. */
    public static final String BUILT_IN_FEATURES_FILE = "engine/src/main/resources" + DEFAULT_FEATURES;

    /** How threads wait for work. */
    public enum Idle
    {
        /** Spin, yield, then park with growing back-off: for shared machines (the default). */
        BACKOFF,
        /** Spin forever: for isolated cores only. */
        BUSY_SPIN,
        /** Sleep 1 ms at a time (ingress), block on a lock (business thread): lowest CPU use, highest latency. */
        SLEEP
    }

    public Path dataDir = Path.of("lockstep-data", "engine");
    public boolean embeddedDriver = true;
    public String aeronDir = AeronDirectories.defaultDirectory();
    public String marketDataChannel = "aeron:ipc";
    public int marketDataStream = 1001;
    public String orderChannel = "aeron:ipc";
    public int orderStream = 1002;
    public String executionChannel = "aeron:ipc";
    public int executionStream = 1003;
    public String controlChannel = "aeron:ipc";
    public int controlStream = 1004;
    /** Admin requests (model load, swap, rollback, shadow, canary, status) in, and their answers out. */
    public String adminChannel = "aeron:ipc";
    public int adminStream = 1005;
    public int adminResponseStream = 1006;
    /** The admin HTTP API's port: -1 for none (the default), 0 for one the system picks (the start line names it). */
    public int httpPort = -1;
    /** Where the admin HTTP API listens: loopback unless the config says otherwise. */
    public String httpBind = "127.0.0.1";
    /** Holds the bearer token that changing HTTP calls must present; without one the HTTP API only reads. */
    public Path httpTokenFile;
    /** An HTTP connection with no traffic for this long is closed (one waiting for a change's answer is not). */
    public long httpIdleTimeoutNs = TimeUnit.SECONDS.toNanos(60);
    public int ringSize = 1 << 16;
    /** Order books and feature states kept ready for new instruments ({@link PreparedInstruments}); 0 none. */
    public int preparedInstruments = 16;
    public int slotLength = 1024;
    public int businessCpu = 1;
    public BusinessHandler.PinningPolicy pinning = BusinessHandler.PinningPolicy.WARN;
    /** Synthetic inputs run through a scratch step at start so the JIT compiles the logic ({@link EngineWarmUp}). */
    public int warmUpEvents = 50_000;
    public Idle idle = Idle.BACKOFF;
    public int journalSegmentLength = JournalConfig.DEFAULT_SEGMENT_LENGTH;
    public FsyncPolicy fsync = FsyncPolicy.NONE;
    public int fsyncRecords = 1000;
    public Path featuresFile;
    /** {@code linear} (intercept and weights below), or a kind a {@link io.lockstep.engine.spi.ModelLoader} reads. */
    public String modelKind = "linear";
    public Path modelFile;
    /** A model artifact (directory or zip) held to its deploy contract; instead of kind, file and weights. */
    public Path modelArtifact;
    public double modelIntercept;
    public double[] modelWeights = { 0.0004, 0.0004, 0.000001, -0.2 };
    /** Which strategy runs: the threshold strategy, or an order on every book event (latency measurement). */
    public enum StrategyKind
    {
        THRESHOLD, EVERY_EVENT
    }

    public StrategyKind strategyKind = StrategyKind.THRESHOLD;
    public double strategyThreshold = 0.0006;
    public long strategySize = 100;
    public int lobsterInstrument = 1;
    /** Where a MoldUDP64 (ITCH 5.0) feed is received over UDP; null: no such feed. */
    public InetSocketAddress moldUdp64Bind;
    /** The multicast group the MoldUDP64 feed is published to, joined on {@link #moldUdp64Interface}; null: unicast. */
    public InetAddress moldUdp64Group;
    public NetworkInterface moldUdp64Interface;
    /** The MoldUDP64 re-request server that fills the feed's gaps; null: gaps stay gaps, counted and alerted. */
    public InetSocketAddress moldUdp64Rerequest;
    public long moldUdp64RerequestTimeoutNs = 100_000_000L;
    /** A gap given up engages the kill switch: see {@code Ingress}'s MoldUDP64 source. */
    public boolean moldUdp64HaltOnGap = true;
    public int checkpointInterval = 10_000;
    public RiskLimits riskLimits = new RiskLimits();
    /** When operations are alerted ({@code alert.*}); see docs/engine.md "Monitoring". */
    public final OpsAlerts.Thresholds alertThresholds = new OpsAlerts.Thresholds();
    /** The Alertmanager that operations' alerts are pushed to; null: the alerts file and the log only. */
    public URI alertmanager;
    public long alertmanagerResendNs = TimeUnit.SECONDS.toNanos(60);
    /** How often the research reports (alpha drift, realised PnL) are rewritten. */
    public long researchReportIntervalNs = TimeUnit.SECONDS.toNanos(10);
    /** The event-time buckets the realised PnL's Sharpe ratio is taken over. */
    public long pnlBucketNs = TimeUnit.SECONDS.toNanos(1);
    public String configText = "";

    /** More manifest entries from whoever starts the engine (the demo's feed and seed, say). */
    public final Map<String, String> manifestExtra = new TreeMap<>();

    /**
     * @param config a config file, or null for the defaults.
     * @throws io.lockstep.engine.config.ConfigException naming file, line and key.
     */
    public static EngineSettings load(final Path config)
    {
        return config == null ? new EngineSettings() : from(ConfigFile.load(config));
    }

    /**
     * An engine's config as a command that runs no engine in this JVM reads it ({@code admin}, {@code model pack},
     * {@code retrain}): as {@link #recorded}, nothing held to this JVM's heap or resolved on this host.
     */
    public static EngineSettings read(final Path config)
    {
        return config == null ? new EngineSettings() : recorded(ConfigFile.load(config));
    }

    /**
     * @return the settings that shape the business step's decisions, by config key, as they take effect (a key
     * left out is its default): strategy, risk limits, the model kind and linear model, the LOBSTER instrument and
     * the checkpoint interval. A restart on a run must bring the same; the rest (Aeron, HTTP, threads, journal,
     * monitoring) may change from one start to the next. The feature graph and the first model decide too; they are
     * compared by content hash, so their files may move.
     */
    public Map<String, String> decidingSettings()
    {
        final Map<String, String> deciding = new TreeMap<>();
        deciding.put("strategy.kind", strategyKind.name().toLowerCase(Locale.ROOT));
        deciding.put("strategy.threshold", Double.toString(strategyThreshold));
        deciding.put("strategy.size", Long.toString(strategySize));
        deciding.put("risk.rate.capacity", Integer.toString(riskLimits.rateCapacity()));
        deciding.put("risk.max.order.quantity", Long.toString(riskLimits.maxOrderQuantity()));
        deciding.put("risk.max.notional", Double.toString(riskLimits.maxNotional()));
        deciding.put("risk.price.collar.bps", Integer.toString(riskLimits.priceCollarBps()));
        deciding.put("risk.max.position", Long.toString(riskLimits.maxPosition()));
        deciding.put("risk.max.orders.per.second", Integer.toString(riskLimits.maxOrdersPerSecond()));
        deciding.put("risk.stale.data", riskLimits.staleDataNs() + " ns");
        deciding.put("risk.order.timeout", riskLimits.orderTimeoutNs() + " ns");
        deciding.put("model.kind", modelKind);
        if (modelKind.equals("linear") && modelArtifact == null)
        {
            deciding.put("model.intercept", Double.toString(modelIntercept));
            deciding.put("model.weights", Arrays.toString(modelWeights));
        }
        deciding.put("feed.lobster.instrument", Integer.toString(lobsterInstrument));
        deciding.put("digest.checkpoint.interval", Integer.toString(checkpointInterval));
        return deciding;
    }

    /**
     * Read settings from a config file; every key must be known and every value valid.
     *
     * @throws io.lockstep.engine.config.ConfigException naming file, line and key.
     */
    public static EngineSettings from(final ConfigFile config)
    {
        return from(config, true);
    }

    /**
     * A run's recorded config, read on any machine (a restart's check that it is the same run, a replay elsewhere):
     * the MoldUDP64 feed's addresses and interface belong to the machine that received the feed, decide nothing,
     * and are checked for consistency but not resolved (left null), so a run recorded on another host still loads.
     */
    public static EngineSettings recorded(final ConfigFile config)
    {
        return from(config, false);
    }

    private static EngineSettings from(final ConfigFile config, final boolean onThisHost)
    {
        final EngineSettings s = new EngineSettings();
        s.dataDir = path(config, "data.dir", nonEmpty(config, "data.dir", s.dataDir.toString(), "a directory"));
        s.embeddedDriver = config.bool("aeron.embedded", s.embeddedDriver);
        s.aeronDir = nonEmpty(config, "aeron.dir", s.aeronDir, "a directory");
        if (overlap(path(config, "aeron.dir", s.aeronDir), s.dataDir))
        {
            throw config.invalid("aeron.dir", "a directory apart from data.dir " + s.dataDir + ": the media " +
                "driver deletes its directory when it starts and stops");
        }
        s.marketDataChannel = config.string("aeron.marketdata.channel", s.marketDataChannel);
        s.marketDataStream = config.intValue("aeron.marketdata.stream", s.marketDataStream, 1, Integer.MAX_VALUE);
        s.orderChannel = config.string("aeron.orders.channel", s.orderChannel);
        s.orderStream = config.intValue("aeron.orders.stream", s.orderStream, 1, Integer.MAX_VALUE);
        s.executionChannel = config.string("aeron.executions.channel", s.executionChannel);
        s.executionStream = config.intValue("aeron.executions.stream", s.executionStream, 1, Integer.MAX_VALUE);
        s.controlChannel = config.string("aeron.control.channel", s.controlChannel);
        s.controlStream = config.intValue("aeron.control.stream", s.controlStream, 1, Integer.MAX_VALUE);
        s.adminChannel = config.string("aeron.admin.channel", s.adminChannel);
        s.adminStream = config.intValue("aeron.admin.stream", s.adminStream, 1, Integer.MAX_VALUE);
        s.adminResponseStream = config.intValue("aeron.admin.response.stream", s.adminResponseStream, 1,
            Integer.MAX_VALUE);
        checkStreams(config, s);
        final String moldUdp64 = config.string("feed.moldudp64.bind", "");
        final String group = config.string("feed.moldudp64.group", "");
        final String networkInterface = config.string("feed.moldudp64.interface", "");
        final String rerequest = config.string("feed.moldudp64.rerequest", "");
        if (onThisHost)
        {
            s.moldUdp64Bind = moldUdp64.isEmpty() ? null : socketAddress(config, "feed.moldudp64.bind", moldUdp64);
            s.moldUdp64Group = group.isEmpty() ? null : multicastGroup(config, group);
            s.moldUdp64Interface = networkInterface.isEmpty() ? null : networkInterface(config, networkInterface);
            s.moldUdp64Rerequest = rerequest.isEmpty() ? null :
                socketAddress(config, "feed.moldudp64.rerequest", rerequest);
        }
        if (!group.isEmpty() && (moldUdp64.isEmpty() || networkInterface.isEmpty()))
        {
            throw config.invalid("feed.moldudp64.group", "feed.moldudp64.bind (0.0.0.0:PORT) and " +
                "feed.moldudp64.interface as well: the port and the interface to join the group on");
        }
        if (!networkInterface.isEmpty() && group.isEmpty())
        {
            throw config.invalid("feed.moldudp64.interface", "feed.moldudp64.group as well: the interface is " +
                "where a multicast group is joined");
        }
        if (!rerequest.isEmpty() && moldUdp64.isEmpty())
        {
            throw config.invalid("feed.moldudp64.rerequest", "feed.moldudp64.bind as well: there is no feed to fill");
        }
        s.moldUdp64RerequestTimeoutNs = config.durationNs("feed.moldudp64.rerequest.timeout",
            s.moldUdp64RerequestTimeoutNs);
        if (s.moldUdp64RerequestTimeoutNs <= 0)
        {
            throw config.invalid("feed.moldudp64.rerequest.timeout", "a duration above zero");
        }
        s.moldUdp64HaltOnGap = config.bool("feed.moldudp64.halt.on.gap", s.moldUdp64HaltOnGap);
        s.httpPort = config.intValue("http.port", s.httpPort, -1, 65_535);
        // A recorded config is read as an earlier build wrote it: what a start refuses there decides nothing.
        s.httpBind = onThisHost ? nonEmpty(config, "http.bind", s.httpBind, "an address to listen on") :
            config.string("http.bind", s.httpBind);
        final String tokenFile = config.string("http.token.file", "");
        s.httpTokenFile = tokenFile.isEmpty() ? null : path(config, "http.token.file", tokenFile);
        s.httpIdleTimeoutNs = config.durationNs("http.idle.timeout", s.httpIdleTimeoutNs);
        if (s.httpIdleTimeoutNs <= 0)
        {
            throw config.invalid("http.idle.timeout", "a duration above zero");
        }
        s.ringSize = config.intValue("ring.size", s.ringSize, 64, 1 << 24);
        if (Integer.bitCount(s.ringSize) != 1)
        {
            throw config.invalid("ring.size", "a power of two");
        }
        s.slotLength = config.intValue("ring.slot.length", s.slotLength, 64, 1 << 20);
        final long ringBytes = (long)s.ringSize * s.slotLength;
        final long heap = Runtime.getRuntime().maxMemory();
        if (onThisHost && ringBytes > heap / 2)
        {
            throw config.invalid(config.has("ring.slot.length") ? "ring.slot.length" : "ring.size",
                "ring.size x ring.slot.length (" + s.ringSize + " x " + s.slotLength + " = " + (ringBytes >> 20) +
                " MiB, allocated at start) within half the JVM's heap (" + (heap >> 20) + " MiB; raise it with " +
                "-Xmx in LOCKSTEP_JAVA_OPTS)");
        }
        s.preparedInstruments = config.intValue("instruments.prepared", s.preparedInstruments, 0, 4096);
        s.warmUpEvents = config.intValue("warmup.events", s.warmUpEvents, 0, 1_000_000);
        s.businessCpu = config.intValue("business.cpu", s.businessCpu, -1, 4096);
        s.pinning = config.enumValue("business.pinning", BusinessHandler.PinningPolicy.class, s.pinning);
        s.idle = config.enumValue("idle.strategy", Idle.class, s.idle);
        s.journalSegmentLength = config.intValue("journal.segment.length", s.journalSegmentLength,
            JournalConfig.MIN_SEGMENT_LENGTH, 1 << 30);
        if (s.journalSegmentLength % 4096 != 0)
        {
            throw config.invalid("journal.segment.length", "a multiple of 4096 bytes");
        }
        // Every slot is journaled as one record, so must fit in a segment. A config that breaks this never ran.
        final int maxRecord = new JournalConfig().segmentLength(s.journalSegmentLength).maxPayloadLength();
        if (s.slotLength > maxRecord)
        {
            throw config.invalid(config.has("ring.slot.length") ? "ring.slot.length" : "journal.segment.length",
                "ring.slot.length (" + s.slotLength + ") within the largest record journal.segment.length (" +
                s.journalSegmentLength + ") allows: " + maxRecord + " bytes");
        }
        s.fsync = config.enumValue("journal.fsync", FsyncPolicy.class, s.fsync);
        s.fsyncRecords = config.intValue("journal.fsync.records", s.fsyncRecords, 1, Integer.MAX_VALUE);
        if (onThisHost && config.has("journal.fsync.records") && s.fsync != FsyncPolicy.EVERY_N_RECORDS)
        {
            throw config.invalid("journal.fsync.records", "journal.fsync = every_n_records beside it: under " +
                s.fsync.name().toLowerCase(Locale.ROOT) + " it is never read");
        }
        final String features = config.string("features.file", "");
        s.featuresFile = features.isEmpty() ? null : path(config, "features.file", features);
        s.modelKind = config.string("model.kind", s.modelKind);
        final String modelFile = config.string("model.file", "");
        s.modelFile = modelFile.isEmpty() ? null : path(config, "model.file", modelFile);
        if (!s.modelKind.equals("linear") && s.modelFile == null)
        {
            throw config.invalid("model.kind", "model.file to go with model.kind " + s.modelKind);
        }
        final String artifact = config.string("model.artifact", "");
        s.modelArtifact = artifact.isEmpty() ? null : path(config, "model.artifact", artifact);
        if (s.modelArtifact != null && (s.modelFile != null || config.has("model.kind")))
        {
            throw config.invalid("model.artifact", "either model.artifact or model.kind with model.file, not both");
        }
        if (s.modelKind.equals("linear") && s.modelFile != null)
        {
            throw config.invalid("model.file", "a model.kind that reads a file: the linear model is " +
                "model.intercept and model.weights");
        }
        final boolean linearWeights = s.modelKind.equals("linear") && s.modelArtifact == null;
        for (final String key : new String[] { "model.intercept", "model.weights" })
        {
            if (!linearWeights && config.has(key))
            {
                throw config.invalid(key, "no " + key + " beside " + (s.modelArtifact != null ? "model.artifact" :
                    "model.kind " + s.modelKind) + ": it is read only by the linear model of the config");
            }
        }
        s.modelIntercept = config.doubleValue("model.intercept", s.modelIntercept, -1e300, 1e300);
        final double[] weights = config.doubles("model.weights");
        if (weights != null)
        {
            if (onThisHost && weights.length == 0)
            {
                throw config.invalid("model.weights", "at least one weight: a linear model over no features " +
                    "predicts its intercept whatever the market does");
            }
            s.modelWeights = weights;
        }
        s.strategyKind = config.enumValue("strategy.kind", StrategyKind.class, s.strategyKind);
        s.strategyThreshold = config.doubleValue("strategy.threshold", s.strategyThreshold, 0, 1e300);
        s.strategySize = config.longValue("strategy.size", s.strategySize, 1, Long.MAX_VALUE);
        s.lobsterInstrument = config.intValue("feed.lobster.instrument", s.lobsterInstrument, 0, Integer.MAX_VALUE);
        s.checkpointInterval = config.intValue("digest.checkpoint.interval", s.checkpointInterval, 1,
            Integer.MAX_VALUE);
        s.riskLimits = new RiskLimits(config.intValue("risk.rate.capacity", RiskLimits.DEFAULT_RATE_CAPACITY,
            RiskLimits.DEFAULT_MAX_ORDERS_PER_SECOND, 1 << 24));
        final RiskLimits limits = s.riskLimits;
        // The ranges the admin path's RiskLimits.apply takes too: a limit one start refuses, a change cannot set.
        limits.maxOrderQuantity(config.longValue("risk.max.order.quantity", limits.maxOrderQuantity(), 0,
            Long.MAX_VALUE));
        limits.maxNotional(config.doubleValue("risk.max.notional", limits.maxNotional(), 0,
            RiskLimits.MAX_NOTIONAL_LIMIT));
        limits.priceCollarBps(config.intValue("risk.price.collar.bps", limits.priceCollarBps(), 0,
            RiskLimits.MAX_PRICE_COLLAR_BPS));
        limits.maxPosition(config.longValue("risk.max.position", limits.maxPosition(), 0, Long.MAX_VALUE));
        limits.maxOrdersPerSecond(config.intValue("risk.max.orders.per.second", limits.maxOrdersPerSecond(), 0,
            limits.rateCapacity()));
        limits.staleDataNs(config.durationNs("risk.stale.data", limits.staleDataNs()));
        limits.orderTimeoutNs(config.durationNs("risk.order.timeout", limits.orderTimeoutNs()));
        final OpsAlerts.Thresholds alerts = s.alertThresholds;
        alerts.feedStaleNs = config.durationNs("alert.feed.stale", alerts.feedStaleNs);
        alerts.stepP99Ns = config.durationNs("alert.step.p99", alerts.stepP99Ns);
        alerts.ringBacklog = config.doubleValue("alert.ring.backlog", alerts.ringBacklog, 0, 1);
        alerts.journalFreeBytes = config.longValue("alert.journal.free.mb", alerts.journalFreeBytes >> 20, 0,
            Long.MAX_VALUE >> 20) << 20;
        alerts.holdNs = config.durationNs("alert.hold", alerts.holdNs);
        final String alertmanager = config.string("alert.alertmanager.url", "");
        s.alertmanager = alertmanager.isEmpty() ? null : httpUrl(config, "alert.alertmanager.url", alertmanager);
        s.alertmanagerResendNs = config.durationNs("alert.alertmanager.resend", s.alertmanagerResendNs);
        if (s.alertmanagerResendNs <= 0)
        {
            throw config.invalid("alert.alertmanager.resend", "a duration above zero");
        }
        s.researchReportIntervalNs = config.durationNs("monitor.report.interval", s.researchReportIntervalNs);
        if (s.researchReportIntervalNs <= 0)
        {
            throw config.invalid("monitor.report.interval", "a duration above zero");
        }
        s.pnlBucketNs = config.durationNs("monitor.pnl.bucket", s.pnlBucketNs);
        if (s.pnlBucketNs <= 0)
        {
            throw config.invalid("monitor.pnl.bucket", "a duration above zero");
        }
        config.checkNoUnknownKeys();
        s.configText = config.canonicalText();
        return s;
    }

    /**
     * Compile the feature graph: {@code features.file}, or the built-in demo graph.
     */
    public FeaturePlan featurePlan()
    {
        return featurePlan(List.of());
    }

    /**
     * The feature graph with research-only labels after its features (retraining, research): the features are
     * the ones the engine computes, in its order.
     */
    public FeaturePlan featurePlan(final List<FeatureDefinition> labels)
    {
        if (featuresFile != null)
        {
            return FeatureCompiler.compileFile(featuresFile, labels);
        }
        final String source = "demo.features";
        return FeatureCompiler.compile(source, FeatureParser.parseFile(source, builtInFeatures()), labels);
    }

    private static String builtInFeatures()
    {
        try (InputStream in = EngineSettings.class.getResourceAsStream(DEFAULT_FEATURES))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the built-in " + DEFAULT_FEATURES, ex);
        }
    }

    /**
     * The first champion: the artifact held to its deploy contract, or the linear model, or the file loaded by the
     * {@link io.lockstep.engine.spi.ModelLoader} of {@code model.kind} on the class path, checked against the graph.
     */
    public DeployedModel champion(final FeaturePlan plan)
    {
        if (modelArtifact != null)
        {
            return ModelDeployer.deploy(modelArtifact, plan);
        }
        final Model model = modelKind.equals("linear") ?
            new LinearModel(modelIntercept, modelWeights) :
            ModelDeployer.loader(modelKind, null, "model.file " + modelFile).load(modelFile);
        final String where = modelKind.equals("linear") ? "the linear model.weights" : "model.file " + modelFile;
        ModelDeployer.checkAgainstGraph(model.featureCount(), model.featureNames(), plan, where);
        return new DeployedModel(HexFormat.of().parseHex(RunManifest.modelHash(this)), where, model);
    }

    public JournalConfig journalConfig(final java.util.function.Consumer<String> log)
    {
        final JournalConfig config = new JournalConfig()
            .segmentLength(journalSegmentLength).fsyncPolicy(fsync).log(log);
        return fsync == FsyncPolicy.EVERY_N_RECORDS ? config.fsyncEveryRecords(fsyncRecords) : config;
    }

    /** {@code HOST:PORT}, an IPv4 host (resolved here) and a port 0 to 65535. */
    private static URI httpUrl(final ConfigFile config, final String key, final String value)
    {
        try
        {
            final URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null)
            {
                return uri;
            }
        }
        catch (final URISyntaxException ex)
        {
            // refused below, as any other value that is not an HTTP URL
        }
        throw config.invalid(key, "an http:// or https:// URL with a host, such as http://127.0.0.1:9093");
    }

    private static InetAddress multicastGroup(final ConfigFile config, final String value)
    {
        try
        {
            final InetAddress group = InetAddress.getByName(value);
            if (group instanceof Inet4Address && group.isMulticastAddress())
            {
                return group;
            }
        }
        catch (final UnknownHostException ex)
        {
            // refused below, as any other value that is not an IPv4 multicast address
        }
        throw config.invalid("feed.moldudp64.group", "an IPv4 multicast address (224.0.0.0 to 239.255.255.255), " +
            "such as 233.54.12.111");
    }

    private static NetworkInterface networkInterface(final ConfigFile config, final String name)
    {
        try
        {
            final NetworkInterface found = NetworkInterface.getByName(name);
            if (found != null)
            {
                return found;
            }
        }
        catch (final SocketException ex)
        {
            throw config.invalid("feed.moldudp64.interface", "a network interface this machine can list (" +
                ex.getMessage() + ")");
        }
        throw config.invalid("feed.moldudp64.interface", "a network interface of this machine, such as lo or " +
            "eth0 (there is no " + name + ")");
    }

    private static String nonEmpty(
        final ConfigFile config, final String key, final String defaultValue, final String expected)
    {
        final String value = config.string(key, defaultValue).strip();
        if (value.isEmpty())
        {
            throw config.invalid(key, expected);
        }
        return value;
    }

    /** A value no path can be (a NUL in it) is refused naming the key, as any other bad value. */
    private static Path path(final ConfigFile config, final String key, final String value)
    {
        try
        {
            return Path.of(value);
        }
        catch (final InvalidPathException ex)
        {
            throw config.invalid(key, "a path (" + ex.getReason() + ")");
        }
    }

    /** @return whether one directory is the other or holds it. */
    private static boolean overlap(final Path a, final Path b)
    {
        final Path first = a.toAbsolutePath().normalize();
        final Path second = b.toAbsolutePath().normalize();
        return first.startsWith(second) || second.startsWith(first);
    }

    /**
     * Each Aeron channel must be an Aeron URI, and no two of the engine's streams the same stream of one channel:
     * the admin agent's requests would be read as market data.
     */
    private static void checkStreams(final ConfigFile config, final EngineSettings s)
    {
        final String[] keys = { "aeron.marketdata", "aeron.orders", "aeron.executions", "aeron.control", "aeron.admin",
            "aeron.admin.response" };
        final String[] channels = { s.marketDataChannel, s.orderChannel, s.executionChannel, s.controlChannel,
            s.adminChannel, s.adminChannel };
        final int[] streams = { s.marketDataStream, s.orderStream, s.executionStream, s.controlStream, s.adminStream,
            s.adminResponseStream };
        for (int i = 0; i < keys.length; i++)
        {
            if (!channels[i].startsWith("aeron:"))
            {
                throw config.invalid(keys[i].equals("aeron.admin.response") ? "aeron.admin.channel" :
                    keys[i] + ".channel", "an Aeron URI such as aeron:ipc or aeron:udp?endpoint=127.0.0.1:40123");
            }
            for (int j = 0; j < i; j++)
            {
                if (streams[i] == streams[j] && channels[i].equals(channels[j]))
                {
                    throw config.invalid(keys[i] + ".stream", "a stream other than " + keys[j] + ".stream's " +
                        streams[j] + " on " + channels[i]);
                }
            }
        }
    }

    private static InetSocketAddress socketAddress(final ConfigFile config, final String key, final String value)
    {
        final int colon = value.lastIndexOf(':');
        final String host = colon <= 0 ? "" : value.substring(0, colon);
        final int port;
        try
        {
            port = colon < 0 ? -1 : Integer.parseInt(value.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw config.invalid(key, "HOST:PORT, such as 127.0.0.1:31000");
        }
        if (host.isEmpty() || port < 0 || port > 65_535)
        {
            throw config.invalid(key, "HOST:PORT, such as 127.0.0.1:31000");
        }
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved())
        {
            throw config.invalid(key, "a host that resolves (" + host + " does not)");
        }
        if (!(address.getAddress() instanceof Inet4Address))
        {
            throw config.invalid(key, "an IPv4 address (the feed receiver is IPv4; " + host + " is not)");
        }
        return address;
    }
}
