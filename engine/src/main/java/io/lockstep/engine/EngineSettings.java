package io.lockstep.engine;

import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.journal.FsyncPolicy;
import io.lockstep.journal.JournalConfig;

import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the engine daemon is configured with, read from a config file (see docs/engine.md for every key).
 * Defaults suit a shared 2-core machine: an embedded Aeron driver with SHARED threading, backoff idle strategies,
 * IPC streams, the business thread pinned to CPU 1 with a warning if that fails.
 */
public final class EngineSettings
{
    private static final String DEFAULT_FEATURES = "/io/lockstep/features/demo.features";

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
    public String aeronDir = defaultAeronDir();
    public String marketDataChannel = "aeron:ipc";
    public int marketDataStream = 1001;
    public String orderChannel = "aeron:ipc";
    public int orderStream = 1002;
    public String executionChannel = "aeron:ipc";
    public int executionStream = 1003;
    public String controlChannel = "aeron:ipc";
    public int controlStream = 1004;
    public int ringSize = 1 << 16;
    public int slotLength = 1024;
    public int businessCpu = 1;
    public BusinessHandler.PinningPolicy pinning = BusinessHandler.PinningPolicy.WARN;
    public Idle idle = Idle.BACKOFF;
    public int journalSegmentLength = JournalConfig.DEFAULT_SEGMENT_LENGTH;
    public FsyncPolicy fsync = FsyncPolicy.NONE;
    public int fsyncRecords = 1000;
    public Path featuresFile;
    /** {@code linear} (intercept and weights below), or a kind a {@link io.lockstep.engine.spi.ModelLoader} reads. */
    public String modelKind = "linear";
    public Path modelFile;
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
    public int checkpointInterval = 10_000;
    public RiskLimits riskLimits = new RiskLimits();
    public String configText = "";
    /** More manifest entries from whoever starts the engine (the demo's feed and seed, say). */
    public final java.util.Map<String, String> manifestExtra = new java.util.TreeMap<>();

    private static String defaultAeronDir()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), "lockstep-aeron-" + ProcessHandle.current().pid())
            .toString();
    }

    /**
     * Read settings from a config file; every key must be known and every value valid.
     *
     * @throws io.lockstep.engine.config.ConfigException naming file, line and key.
     */
    public static EngineSettings from(final ConfigFile config)
    {
        final EngineSettings s = new EngineSettings();
        s.dataDir = Path.of(config.string("data.dir", s.dataDir.toString()));
        s.embeddedDriver = config.bool("aeron.embedded", s.embeddedDriver);
        s.aeronDir = config.string("aeron.dir", s.aeronDir);
        s.marketDataChannel = config.string("aeron.marketdata.channel", s.marketDataChannel);
        s.marketDataStream = config.intValue("aeron.marketdata.stream", s.marketDataStream, 1, Integer.MAX_VALUE);
        s.orderChannel = config.string("aeron.orders.channel", s.orderChannel);
        s.orderStream = config.intValue("aeron.orders.stream", s.orderStream, 1, Integer.MAX_VALUE);
        s.executionChannel = config.string("aeron.executions.channel", s.executionChannel);
        s.executionStream = config.intValue("aeron.executions.stream", s.executionStream, 1, Integer.MAX_VALUE);
        s.controlChannel = config.string("aeron.control.channel", s.controlChannel);
        s.controlStream = config.intValue("aeron.control.stream", s.controlStream, 1, Integer.MAX_VALUE);
        s.ringSize = config.intValue("ring.size", s.ringSize, 64, 1 << 24);
        if (Integer.bitCount(s.ringSize) != 1)
        {
            throw config.invalid("ring.size", "a power of two");
        }
        s.slotLength = config.intValue("ring.slot.length", s.slotLength, 64, 1 << 20);
        s.businessCpu = config.intValue("business.cpu", s.businessCpu, -1, 4096);
        s.pinning = config.enumValue("business.pinning", BusinessHandler.PinningPolicy.class, s.pinning);
        s.idle = config.enumValue("idle.strategy", Idle.class, s.idle);
        s.journalSegmentLength = config.intValue("journal.segment.length", s.journalSegmentLength,
            JournalConfig.MIN_SEGMENT_LENGTH, 1 << 30);
        s.fsync = config.enumValue("journal.fsync", FsyncPolicy.class, s.fsync);
        s.fsyncRecords = config.intValue("journal.fsync.records", s.fsyncRecords, 1, Integer.MAX_VALUE);
        final String features = config.string("features.file", "");
        s.featuresFile = features.isEmpty() ? null : Path.of(features);
        s.modelKind = config.string("model.kind", s.modelKind);
        final String modelFile = config.string("model.file", "");
        s.modelFile = modelFile.isEmpty() ? null : Path.of(modelFile);
        if (!s.modelKind.equals("linear") && s.modelFile == null)
        {
            throw config.invalid("model.kind", "model.file to go with model.kind " + s.modelKind);
        }
        s.modelIntercept = config.doubleValue("model.intercept", s.modelIntercept, -1e300, 1e300);
        final double[] weights = config.doubles("model.weights");
        if (weights != null)
        {
            s.modelWeights = weights;
        }
        s.strategyKind = config.enumValue("strategy.kind", StrategyKind.class, s.strategyKind);
        s.strategyThreshold = config.doubleValue("strategy.threshold", s.strategyThreshold, 0, 1e300);
        s.strategySize = config.longValue("strategy.size", s.strategySize, 1, Long.MAX_VALUE);
        s.lobsterInstrument = config.intValue("feed.lobster.instrument", s.lobsterInstrument, 0, Integer.MAX_VALUE);
        s.checkpointInterval = config.intValue("digest.checkpoint.interval", s.checkpointInterval, 1,
            Integer.MAX_VALUE);
        s.riskLimits = new RiskLimits(config.intValue("risk.rate.capacity", RiskLimits.DEFAULT_RATE_CAPACITY, 1,
            1 << 24));
        final RiskLimits limits = s.riskLimits;
        limits.maxOrderQuantity(config.longValue("risk.max.order.quantity", limits.maxOrderQuantity(), 1,
            Long.MAX_VALUE));
        limits.maxNotional(config.doubleValue("risk.max.notional", limits.maxNotional(), 0,
            RiskLimits.MAX_NOTIONAL_LIMIT));
        limits.priceCollarBps(config.intValue("risk.price.collar.bps", limits.priceCollarBps(), 0, 1_000_000));
        limits.maxPosition(config.longValue("risk.max.position", limits.maxPosition(), 0, Long.MAX_VALUE));
        limits.maxOrdersPerSecond(config.intValue("risk.max.orders.per.second", limits.maxOrdersPerSecond(), 0,
            limits.rateCapacity()));
        limits.staleDataNs(config.durationNs("risk.stale.data", limits.staleDataNs()));
        config.checkNoUnknownKeys();
        s.configText = config.canonicalText();
        return s;
    }

    /**
     * Compile the feature graph: {@code features.file}, or the built-in demo graph.
     */
    public FeaturePlan featurePlan()
    {
        try
        {
            if (featuresFile != null)
            {
                return FeatureCompiler.compile(featuresFile.toString(), Files.readString(featuresFile));
            }
            try (InputStream in = EngineSettings.class.getResourceAsStream(DEFAULT_FEATURES))
            {
                return FeatureCompiler.compile("demo.features", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read features.file " + featuresFile, ex);
        }
    }

    /**
     * The champion: the linear model, or the file loaded by the {@link io.lockstep.engine.spi.ModelLoader} of
     * {@code model.kind} found on the classpath.
     */
    public io.lockstep.engine.spi.Model model()
    {
        if (modelKind.equals("linear"))
        {
            return new LinearModel(modelIntercept, modelWeights);
        }
        for (final io.lockstep.engine.spi.ModelLoader loader :
            java.util.ServiceLoader.load(io.lockstep.engine.spi.ModelLoader.class))
        {
            if (loader.kind().equals(modelKind))
            {
                return loader.load(modelFile);
            }
        }
        throw new IllegalArgumentException("model.kind " + modelKind + ": no model plugin on the classpath reads it " +
            "(built in: linear; with plugins/models: xgboost-json)");
    }

    public JournalConfig journalConfig(final java.util.function.Consumer<String> log)
    {
        final JournalConfig config = new JournalConfig().segmentLength(journalSegmentLength).fsyncPolicy(fsync).log(log);
        return fsync == FsyncPolicy.EVERY_N_RECORDS ? config.fsyncEveryRecords(fsyncRecords) : config;
    }
}
