package io.lockstep.perf;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.feed.sbe.SbeMarketDataEncoder;
import io.lockstep.sbe.oe.MessageHeaderEncoder;
import io.lockstep.sbe.oe.NewOrderEncoder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * End-to-end latency under a constant-rate load, against a floor measured in the same run. For each offered rate
 * the same seeded market data goes, over Aeron, (1) through a bare echo and (2) through the engine (an order on
 * every book event); the measurement endpoint records arrival minus the message's scheduled send time, after a
 * warm-up. Everything runs in this process with an embedded media driver (SHARED threading) and backoff idle
 * strategies, on loopback only, bounded in count and time.
 */
public final class PerfLab
{
    private static final int MARKET_DATA_STREAM = 3001;
    private static final int OUT_STREAM = 3002;
    private static final long SEED = 42;
    private static final long SWAP_INTERVAL_NS = 100_000_000L;
    /** The silence of the gap scenario, from the middle of the measurement. */
    private static final long GAP_NS = 2_000_000_000L;
    /** The gap scenario measures at least this long after the silence, or it shows no resumption. */
    private static final long RESUMED_NS = 500_000_000L;
    /** The shortest measurement the gap scenario runs: its second half holds the gap and the resumption. */
    public static final long GAP_MIN_DURATION_NS = 2 * (GAP_NS + RESUMED_NS);
    /** The burst of the burst scenario, centred on the middle of the measurement. */
    private static final long BURST_NS = 1_000_000_000L;
    /** The shortest measurement the burst scenario runs: the base rate before and after the burst, as long. */
    public static final long BURST_MIN_DURATION_NS = 2 * BURST_NS;
    /** Orders sent before the endpoint is connected would be lost, so a run waits for it, this long at most. */
    private static final long CONNECT_TIMEOUT_NS = 5_000_000_000L;
    /** The engine counts an input consumed a moment before it counts the order the input makes. */
    private static final long SETTLE_MS = 10;
    /** The engine's deciding settings: an order on every book event, and risk limits that refuse none. */
    static final String ENGINE_CONFIG =
        "strategy.kind = every_event\n" +
        "risk.rate.capacity = " + (1 << 20) + "\n" +
        "risk.max.orders.per.second = " + (1 << 20) + "\n" +
        "risk.max.position = " + Long.MAX_VALUE / 4 + "\n" +
        "risk.max.notional = " + RiskLimits.MAX_NOTIONAL_LIMIT + "\n" +
        "risk.price.collar.bps = " + RiskLimits.MAX_PRICE_COLLAR_BPS + "\n";

    /** What the load does over time. */
    public enum Scenario
    {
        /** The offered rate, constant. */
        STEADY,
        /**
         * The base rate, with ten times it for one second in the middle of the measurement: the measurement lasts
         * at least {@link PerfLab#BURST_MIN_DURATION_NS}, so the burst stays inside it.
         */
        BURST,
        /**
         * The base rate, silent for two seconds in the middle of the measurement, then resuming: the measurement
         * lasts at least {@link PerfLab#GAP_MIN_DURATION_NS}.
         */
        GAP,
        /** The offered rate, constant, with a model swap or rollback every 100 ms of the measurement. */
        SWAP
    }

    /** How to run. */
    public static final class Options
    {
        public Scenario scenario = Scenario.STEADY;
        public long warmUpNs = 1_000_000_000L;
        public long durationNs = 5_000_000_000L;
        public long[] rates = { 1_000, 5_000, 10_000 };
        public boolean udp;
        public Path out;
        public double p99BoundUs = 10_000;
        /**
         * After the measurement, how long to wait at most for every scheduled message to be consumed and its sample
         * to arrive; what has not by then is counted missing.
         */
        public long drainTimeoutNs = 10_000_000_000L;
        /** How every thread of the run waits: engine, echo, publisher, endpoint and media driver alike. */
        public EngineSettings.Idle idle = EngineSettings.Idle.BACKOFF;
    }

    private PerfLab()
    {
    }

    /**
     * Run the scenario at every rate, floor then engine, and write the report files under {@code options.out}.
     *
     * @throws IllegalArgumentException before running, when the gap scenario's duration leaves no time after the
     *                                  gap.
     */
    public static List<RunResult> run(final Options options, final Consumer<String> log) throws IOException
    {
        if (options.scenario == Scenario.GAP && options.durationNs < GAP_MIN_DURATION_NS)
        {
            throw new IllegalArgumentException("--duration " + seconds(options.durationNs) + " is too short for " +
                "the gap scenario: at least " + seconds(GAP_MIN_DURATION_NS) + " (" + seconds(GAP_NS) + " of " +
                "silence from the middle of the measurement, then " + seconds(RESUMED_NS) + " resumed)");
        }
        if (options.scenario == Scenario.BURST && options.durationNs < BURST_MIN_DURATION_NS)
        {
            throw new IllegalArgumentException("--duration " + seconds(options.durationNs) + " is too short for " +
                "the burst scenario: at least " + seconds(BURST_MIN_DURATION_NS) + " (a " + seconds(BURST_NS) +
                " burst in the middle of the measurement, the base rate around it)");
        }
        if (!(options.p99BoundUs > 0.0) || Double.isInfinite(options.p99BoundUs))
        {
            throw new IllegalArgumentException("--p99-bound-us " + options.p99BoundUs + ": expected a finite " +
                "number of microseconds above 0");
        }
        final Set<Long> rates = new HashSet<>();
        for (final long rate : options.rates)
        {
            if (!rates.add(rate))
            {
                throw new IllegalArgumentException("--rates " + Arrays.toString(options.rates) + ": " + rate +
                    " msg/s is given twice (each rate runs once: its files and engine data directory are named " +
                    "by it)");
            }
        }
        if (Files.isDirectory(options.out))
        {
            try (Stream<Path> entries = Files.list(options.out))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalArgumentException("--out " + options.out + " exists and is not empty: each " +
                        "run writes a new directory (an engine data directory in it holds one run)");
                }
            }
        }
        Files.createDirectories(options.out);
        final List<RunResult> results = new ArrayList<>();
        for (final long rate : options.rates)
        {
            for (final String mode : new String[] { "floor", "engine" })
            {
                final RunResult result = runOnce(mode, rate, options, log);
                results.add(result);
                log.accept(String.format("%-6s %,8d msg/s: warm-up %,d in %.3fs | measured window: scheduled " +
                    "%,d sent %,d received %,d measured %,d | missing %,d | p50 %.1fus p99 %.1fus p99.9 %.1fus " +
                    "max %.1fus | GC %d (%d ms), %,d bytes allocated", mode, rate, result.warmUpSent(),
                    result.warmUpSeconds(), result.scheduled(), result.sent(), result.received(), result.measured(),
                    result.missing(), us(result, 50), us(result, 99), us(result, 99.9),
                    result.latencyNs().getMaxValue() / 1000.0, result.gcCount(), result.gcTimeMs(),
                    result.allocatedBytes()));
            }
        }
        final Map<String, String> facts = new LinkedHashMap<>();
        facts.put("scenario", options.scenario.name().toLowerCase());
        facts.put("transport", options.udp ? "aeron:udp on 127.0.0.1" : "aeron:ipc");
        facts.put("warm-up", options.warmUpNs / 1_000_000 + " ms");
        facts.put("measured", options.durationNs / 1_000_000 + " ms per run");
        facts.put("drain", "after the measurement, up to " + options.drainTimeoutNs / 1_000_000 + " ms for every " +
            "scheduled message to be consumed and its sample to arrive; the rest are counted missing");
        facts.put("threads", "embedded media driver SHARED, " + options.idle.name().toLowerCase() + " idle " +
            "strategies; engine: ingress + business thread; floor: echo thread; publisher and endpoint threads");
        facts.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (options.scenario == Scenario.SWAP)
        {
            facts.put("model swaps", "engine runs: a ModelSwap or Rollback control input every " +
                SWAP_INTERVAL_NS / 1_000_000 + " ms of the measurement, alternating between the configured " +
                "champion and an XGBoost artifact loaded through the admin stream before it");
        }
        if (options.scenario == Scenario.STEADY)
        {
            facts.put("saturation (max rate with engine p99 <= " + options.p99BoundUs + " us and no sample " +
                "missing)", saturation(results, options.p99BoundUs));
        }
        PerfReport.write(options.out, options.scenario.name().toLowerCase(), results, facts);
        return results;
    }

    private static String saturation(final List<RunResult> results, final double p99BoundUs)
    {
        long best = -1;
        for (final RunResult result : results)
        {
            if (result.mode().equals("engine") && result.missing() == 0 && us(result, 99) <= p99BoundUs)
            {
                best = Math.max(best, result.offeredRate());
            }
        }
        return best < 0 ? "below the lowest rate tried" : best + " msg/s (highest rate tried that held)";
    }

    private static String seconds(final long ns)
    {
        return BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static double us(final RunResult result, final double percentile)
    {
        return result.latencyNs().getTotalCount() == 0 ? Double.NaN :
            result.latencyNs().getValueAtPercentile(percentile) / 1000.0;
    }

    private static RunResult runOnce(final String mode, final long rate, final Options options,
        final Consumer<String> log) throws IOException
    {
        final Path dir = options.out.resolve(mode + "-" + rate);
        final String aeronDir = Files.createTempDirectory("lockstep-perf-aeron").toString();
        final String marketData = options.udp ? "aeron:udp?endpoint=127.0.0.1:24325" : "aeron:ipc";
        final String outChannel = options.udp ? "aeron:udp?endpoint=127.0.0.1:24326" : "aeron:ipc";
        final SystemEpochNanoClock clock = new SystemEpochNanoClock();

        MediaDriver driver = null;
        Aeron aeron = null;
        Engine engine = null;
        Echo echo = null;
        AgentRunner echoRunner = null;
        AgentRunner publisherRunner = null;
        AgentRunner endpointRunner = null;
        AgentRunner swapperRunner = null;
        try
        {
            if (mode.equals("engine"))
            {
                // From config text, so that the run's engine.config records the settings that decided it: a
                // replay of the data directory, or a restart on it, reads them from there.
                final EngineSettings settings = EngineSettings.from(ConfigFile.parse("perf-lab engine settings",
                    ENGINE_CONFIG));
                settings.dataDir = dir;
                settings.aeronDir = aeronDir;
                settings.marketDataChannel = marketData;
                settings.marketDataStream = MARKET_DATA_STREAM;
                settings.orderChannel = outChannel;
                settings.orderStream = OUT_STREAM;
                settings.idle = options.idle;
                engine = Engine.start(settings, (line) -> log.accept("  " + line));
                aeron = engine.aeron();
            }
            else
            {
                driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                    .aeronDirectoryName(aeronDir)
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(idle(options))
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
                aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
                echo = new Echo(aeron.addSubscription(marketData, MARKET_DATA_STREAM),
                    aeron.addPublication(outChannel, OUT_STREAM));
                echoRunner = new AgentRunner(idle(options), Throwable::printStackTrace, null, echo);
                AgentRunner.startOnThread(echoRunner);
            }

            final int sendTimeOffset = mode.equals("engine") ?
                MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.eventTimeNsEncodingOffset() :
                SbeMarketDataEncoder.EVENT_TIME_OFFSET;
            final LatencyEndpoint endpoint = new LatencyEndpoint(aeron.addSubscription(outChannel, OUT_STREAM), clock,
                sendTimeOffset);
            endpointRunner = new AgentRunner(idle(options), Throwable::printStackTrace, null, endpoint);
            AgentRunner.startOnThread(endpointRunner);
            awaitConnected(endpoint);

            final long t0 = clock.nanoTime() + 100_000_000L;
            final long start = t0 + options.warmUpNs;
            final long end = start + options.durationNs;
            final FeedPublisher.Schedule schedule = schedule(options.scenario, rate, start, end);
            final BoundedSource load = new BoundedSource(FeedPublisher.synthetic(SEED, 1, rate), end);
            final FeedPublisher publisher = new FeedPublisher(aeron.addPublication(marketData, MARKET_DATA_STREAM),
                load, schedule, clock);
            final long firstNs = publisher.nextSendNs();
            endpoint.window(start, end);
            publisherRunner = new AgentRunner(idle(options), Throwable::printStackTrace, null, publisher);
            AgentRunner.startOnThread(publisherRunner);

            ModelSwapper swapper = null;
            if (engine != null && options.scenario == Scenario.SWAP)
            {
                swapper = new ModelSwapper(aeron.addPublication(engine.settings().controlChannel,
                    engine.settings().controlStream), SwapArtifact.loadInto(engine, aeron, options.out, log), start,
                    end, SWAP_INTERVAL_NS, clock);
                swapperRunner = new AgentRunner(new SleepingMillisIdleStrategy(1), Throwable::printStackTrace, null,
                    swapper);
                AgentRunner.startOnThread(swapperRunner);
            }

            sleepUntil(clock, start);
            final long gcCountBefore = gcCount();
            final long gcTimeBefore = gcTimeMs();
            final long allocatedBefore = allocatedBytes();
            sleepUntil(clock, end);
            final long gcCount = gcCount() - gcCountBefore;
            final long gcTime = gcTimeMs() - gcTimeBefore;
            final long allocated = allocatedBytes() - allocatedBefore;

            // What the system under test consumed, the samples it made (the engine's orders, unsent ones included)
            // and of them those it sent; an unsent order is counted before it is known unsent, so read that first.
            final EngineCounters counters = engine != null ? engine.counters() : null;
            final Echo floor = echo;
            final LongSupplier consumed = counters != null ? () -> counters.get(EngineCounters.MARKET_DATA) :
                floor::echoed;
            final LongSupplier samples = counters != null ? () -> counters.get(EngineCounters.ORDERS) :
                floor::echoed;
            final LongSupplier samplesSent = counters != null ? () ->
            {
                final long notSent = counters.get(EngineCounters.EGRESS_FAILURES);
                return counters.get(EngineCounters.ORDERS) - notSent;
            } : floor::echoed;
            awaitArrivals(endpoint, () -> load.exhausted() && consumed.getAsLong() == publisher.sent(), samplesSent,
                options.drainTimeoutNs);
            CloseHelper.closeAll(swapperRunner, publisherRunner, endpointRunner, echoRunner);
            swapperRunner = null;
            publisherRunner = null;
            endpointRunner = null;
            echoRunner = null;
            if (swapper != null)
            {
                log.accept(String.format("engine %,8d msg/s: %d swaps and rollbacks sent, %d swaps and %d " +
                    "rollbacks applied", rate, swapper.sent(), engine.counters().get(EngineCounters.MODEL_SWAPS),
                    engine.counters().get(EngineCounters.MODEL_ROLLBACKS)));
            }

            long warmUpScheduled = 0;
            long windowScheduled = 0;
            for (long timeNs = firstNs; timeNs < end; timeNs = schedule.next(timeNs))
            {
                if (timeNs < start)
                {
                    warmUpScheduled++;
                }
                else
                {
                    windowScheduled++;
                }
            }
            // Messages go out and are consumed in schedule order, so the first ones counted are the warm-up's.
            final long sent = publisher.sent();
            final long received = consumed.getAsLong();
            final long missing = warmUpScheduled + windowScheduled - received + samples.getAsLong() -
                endpoint.arrived();
            return new RunResult(mode, rate, Math.min(sent, warmUpScheduled), (start - firstNs) / 1e9,
                windowScheduled, Math.max(0, sent - warmUpScheduled), Math.max(0, received - warmUpScheduled),
                endpoint.measured(), missing, endpoint.histogram(), gcCount, gcTime, allocated,
                options.durationNs / 1e9);
        }
        finally
        {
            CloseHelper.quietCloseAll(swapperRunner, publisherRunner, endpointRunner, echoRunner);
            if (engine != null)
            {
                engine.close();
            }
            else
            {
                CloseHelper.quietCloseAll(aeron, driver);
            }
        }
    }

    private static IdleStrategy idle(final Options options)
    {
        switch (options.idle)
        {
            case BUSY_SPIN: return new BusySpinIdleStrategy();
            case SLEEP: return new SleepingMillisIdleStrategy(1);
            default: return new BackoffIdleStrategy();
        }
    }

    static FeedPublisher.Schedule schedule(
        final Scenario scenario, final long rate, final long start, final long end)
    {
        final long interval = interval(rate);
        final long middle = start + (end - start) / 2;
        switch (scenario)
        {
            case BURST:
            {
                final long burstStart = middle - BURST_NS / 2;
                final long burstEnd = middle + BURST_NS / 2;
                final long burstInterval = burstInterval(interval);
                return (previous) -> previous + (previous >= burstStart && previous < burstEnd ?
                    burstInterval : interval);
            }
            case GAP:
            {
                final long gapEnd = middle + GAP_NS;
                return (previous) ->
                {
                    final long next = previous + interval;
                    return next >= middle && next < gapEnd ? gapEnd : next;
                };
            }
            default:
                return (previous) -> previous + interval;
        }
    }

    /**
     * How many messages the scenario's schedule puts in a measurement of durationNs at this rate, to within
     * {@link #scheduleTolerance}: what a run's own count is checked against.
     *
     * @param rate at least 1, at most 1,000,000.
     */
    static long scheduledMessages(final Scenario scenario, final long rate, final long durationNs)
    {
        final long interval = interval(rate);
        switch (scenario)
        {
            case BURST: return (durationNs - BURST_NS) / interval + BURST_NS / burstInterval(interval);
            case GAP: return (durationNs - GAP_NS) / interval;
            default: return durationNs / interval;
        }
    }

    /**
     * How far a run's count may be from {@link #scheduledMessages}: it depends on where in its interval the first
     * message falls, and the burst starts at the first message inside its second, which can be up to ten burst
     * messages late.
     */
    static long scheduleTolerance(final Scenario scenario)
    {
        return scenario == Scenario.BURST ? 10 : 2;
    }

    private static long interval(final long rate)
    {
        return Math.max(1, 1_000_000_000L / rate);
    }

    private static long burstInterval(final long interval)
    {
        return Math.max(1, interval / 10);
    }

    private static void awaitConnected(final LatencyEndpoint endpoint)
    {
        final long deadline = System.nanoTime() + CONNECT_TIMEOUT_NS;
        while (!endpoint.connected())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the measurement endpoint did not connect within " +
                    seconds(CONNECT_TIMEOUT_NS));
            }
            sleep(1);
        }
    }

    /**
     * Wait until the run is complete, or the bound passes: every scheduled message published and consumed, and
     * every sample sent on to the endpoint arrived. Not until the endpoint goes quiet: a stall longer than the quiet
     * period would drop the latest samples, the slowest ones, unseen. Complete at two looks {@link #SETTLE_MS}
     * apart, as an input the engine has just counted consumed may not have its order counted yet.
     *
     * @param consumed every scheduled message has been published and consumed.
     * @param samples  how many the system under test has sent to the endpoint.
     */
    static void awaitArrivals(
        final LatencyEndpoint endpoint, final BooleanSupplier consumed, final LongSupplier samples, final long boundNs)
    {
        final long deadline = System.nanoTime() + boundNs;
        boolean wasComplete = false;
        while (System.nanoTime() - deadline < 0)
        {
            final boolean isComplete = consumed.getAsBoolean() && endpoint.arrived() == samples.getAsLong();
            if (isComplete && wasComplete)
            {
                return;
            }
            wasComplete = isComplete;
            sleep(isComplete ? SETTLE_MS : 1);
        }
    }

    private static void sleepUntil(final SystemEpochNanoClock clock, final long timeNs)
    {
        long remaining;
        while ((remaining = timeNs - clock.nanoTime()) > 0)
        {
            sleep(Math.max(1, Math.min(100, remaining / 1_000_000)));
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcTimeMs()
    {
        long time = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            time += Math.max(0, gc.getCollectionTime());
        }
        return time;
    }

    /** Bytes allocated by all live threads of this process so far. */
    private static long allocatedBytes()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
        {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
