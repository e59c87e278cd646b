package io.lockstep.bench;

import io.lockstep.engine.BusinessHandler;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.EngineStep;
import io.lockstep.engine.RingEvent;
import io.lockstep.engine.RunManifest;
import io.lockstep.engine.StepLatency;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalWriter;
import io.lockstep.replay.Replay;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Replay throughput through the full pipeline (journal read, feed decoder, book, feature plan, model, strategy,
 * risk, decision record and digest), one whole journal per invocation: the real LOBSTER AAPL sample (999 rows,
 * LOBSTER protocol) or a synthetic journal of Lockstep SBE market data. Score = seconds per journal; inputs/s =
 * journal size / score. {@code live} is the business thread's work per input for comparison: journal append
 * plus the same step, over the synthetic events.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
@State(Scope.Benchmark)
public class ReplayBenchmark
{
    private static final Path LOBSTER = Path.of(
        "engine/src/test/resources/data/lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv");

    @Param({ "lobster", "synthetic-1000000", "synthetic-10000000" })
    String journal;

    private Path dataDir;
    private long inputs;

    @Setup(Level.Trial)
    public void writeJournal() throws IOException
    {
        dataDir = Files.createTempDirectory("replay-bench");
        final EngineSettings settings = new EngineSettings();
        Files.writeString(dataDir.resolve("engine.config"), "");
        RunManifest.write(dataDir, settings, settings.featurePlan(), Map.of());
        try (JournalWriter writer = JournalWriter.open(dataDir.resolve("inputs"), new JournalConfig().log((l) -> {})))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            if (journal.equals("lobster"))
            {
                final Path file = Files.exists(LOBSTER) ? LOBSTER : Path.of("..").resolve(LOBSTER);
                final List<String> rows = Files.readAllLines(file, StandardCharsets.US_ASCII);
                for (final String row : rows)
                {
                    final byte[] bytes = row.getBytes(StandardCharsets.US_ASCII);
                    buffer.putBytes(0, bytes);
                    writer.append(writer.nextSequence(), 0, 1, ProtocolTag.LOBSTER, buffer, 0, bytes.length);
                }
            }
            else
            {
                final long events = Long.parseLong(journal.substring(journal.indexOf('-') + 1));
                final SyntheticMarketData market = new SyntheticMarketData(1, 1, 0, 100_000, 1_000_000);
                for (long i = 0; i < events; i++)
                {
                    writer.append(writer.nextSequence(), 0, 1, ProtocolTag.SBE_MARKET_DATA, buffer, 0,
                        market.next(buffer, 0));
                }
            }
            inputs = writer.nextSequence() - 1;
        }
    }

    @TearDown(Level.Trial)
    public void deleteJournal()
    {
        IoUtil.delete(dataDir.toFile(), false);
    }

    @Benchmark
    public long replay()
    {
        try (Replay replay = new Replay(dataDir, (buffer, offset, length, time) -> { }))
        {
            final long replayed = replay.run(Long.MAX_VALUE, false, () -> true, (records) -> { });
            if (replayed != inputs)
            {
                throw new IllegalStateException("replayed " + replayed + " of " + inputs);
            }
            return replay.digest();
        }
    }

    /** The live business thread's work over the same inputs: journal append plus the same step. */
    @Benchmark
    public long live() throws IOException
    {
        final Path live = Files.createTempDirectory(dataDir, "live");
        final EngineSettings settings = new EngineSettings();
        final EngineCounters counters = new EngineCounters();
        try (JournalWriter writer = JournalWriter.open(live, new JournalConfig().log((l) -> {})))
        {
            final EngineStep step = EngineStep.of(settings, settings.featurePlan(),
                (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) -> true,
                (buffer, offset, length, time) -> { }, counters, (buffer, offset, location) -> null);
            final BusinessHandler handler = new BusinessHandler(writer, step, -1, BusinessHandler.PinningPolicy.WARN,
                (line) -> { }, new StepLatency(), counters);
            final RingEvent event = new RingEvent(1024);
            try (io.lockstep.journal.JournalReader reader = io.lockstep.journal.JournalReader.open(
                dataDir.resolve("inputs")))
            {
                while (reader.poll((record) ->
                {
                    event.sequence = record.sequence();
                    if (StepLatency.isSampled(event.sequence))
                    {
                        // As ingress stamps it, so the measured inputs cost what they cost live.
                        event.receivedAtNanoTime = System.nanoTime();
                    }
                    event.protocol = record.protocol();
                    event.length = record.payloadLength();
                    event.buffer.putBytes(0, record.buffer(), record.payloadOffset(), event.length);
                    handler.onEvent(event, event.sequence, true);
                }, 4096) > 0)
                {
                    counters.get(EngineCounters.EVENTS);
                }
            }
            return counters.get(EngineCounters.EVENTS);
        }
    }
}
