package io.lockstep.tooling;

import io.lockstep.engine.Demo;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.FeedPublisher;
import io.lockstep.feed.RecordedFeed;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The main job on an embedded default: engine, synthetic feed and paper venue in one process, over Aeron.
 */
@Command(
    name = "demo",
    header = "Run engine, synthetic feed and paper venue in one process, nothing to install.",
    mixinStandardHelpOptions = true,
    description = {
        "Run the whole loop on this machine with nothing to install: an embedded Aeron media driver, the engine,",
        "a seeded synthetic order flow published over Aeron at a constant rate, and a paper venue that fills the",
        "engine's IOC orders and sends execution reports back. One status line per second, then a summary with",
        "the journal's place and how to check and replay it." })
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--duration", defaultValue = "30s", paramLabel = "DURATION",
        description = "How long to run, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--rate", defaultValue = "10000", paramLabel = "N",
        description = "Market-data messages per second (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--feed", defaultValue = "synthetic", paramLabel = "synthetic|lobster:PATH|itch:PATH|pcap:PATH",
        description = "The feed: a seeded synthetic order flow, or a recorded file played once at --rate " +
            "(default: ${DEFAULT-VALUE}).")
    String feed;

    @Option(names = "--seed", defaultValue = "42",
        description = "Seed of the synthetic feed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Data directory for the journals (default: lockstep-data/demo-<time>). Must be new or empty.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Engine config file; --out overrides data.dir.")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call() throws Exception
    {
        if (rate < 1 || rate > 10_000_000)
        {
            throw new IllegalArgumentException("--rate " + rate + ": expected 1 to 10,000,000 messages per second");
        }
        final long durationNs = Durations.positiveNs(duration, "--duration");
        final EngineSettings settings = EngineSettings.load(config);
        settings.dataDir = out != null ? out : Path.of("lockstep-data",
            "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.isDirectory(settings.dataDir))
        {
            try (var entries = Files.list(settings.dataDir))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalArgumentException("--out " + settings.dataDir + " exists and is not empty");
                }
            }
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        final FeedPublisher.MessageSource source;
        if (feed.equals("synthetic"))
        {
            source = FeedPublisher.synthetic(seed, 1, rate);
        }
        else
        {
            final int colon = feed.indexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("--feed " + feed + ": expected synthetic or KIND:PATH with KIND " +
                    "lobster, itch or pcap");
            }
            final RecordedFeed recorded = RecordedFeed.load(feed.substring(0, colon),
                Path.of(feed.substring(colon + 1)), settings.lobsterInstrument);
            stdout.printf("feed %s: %,d messages read, %,d played once at %,d/s%s%n", feed, recorded.read(),
                recorded.size(), rate, recorded.leftOut().isEmpty() ? "" :
                String.format(", %,d left out (%s)", recorded.read() - recorded.size(), recorded.leftOut()));
            if (recorded.missingMessages() > 0)
            {
                stdout.printf("warning: the capture's MoldUDP64 sequence numbers skip %,d messages it does not hold " +
                    "(journal import names each gap): the books miss what they carried%n",
                    recorded.missingMessages());
            }
            source = recorded::next;
        }
        settings.manifestExtra.put("demo.feed", feed);
        settings.manifestExtra.put("demo.seed", Long.toString(seed));
        settings.manifestExtra.put("demo.rate", Long.toString(rate));
        final Demo demo = Demo.start(settings, source, rate, stdout::println);
        stdout.printf("admin it:  ./lockstep admin status --data-dir %s (swap, rollback, shadow, canary...)%n",
            settings.dataDir);
        final String pinning = demo.engine().pinning();
        try
        {
            final long end = System.nanoTime() + durationNs;
            long nextStatus = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end)
            {
                Thread.sleep(Math.max(1, Math.min((nextStatus - System.nanoTime()) / 1_000_000, 100)));
                if (System.nanoTime() >= nextStatus)
                {
                    stdout.println(demo.statusLine());
                    stdout.flush();
                    nextStatus += 1_000_000_000L;
                }
            }
            if (!demo.stopFeedAndSettle(TimeUnit.SECONDS.toNanos(5)))
            {
                stdout.println("warning: the engine was still busy 5 s after the feed stopped: the last line is not " +
                    "the run's end");
            }
            stdout.println(demo.statusLine());
        }
        finally
        {
            demo.close();
        }
        final Histogram total = demo.totalTickToTrade();
        stdout.printf("%ndemo finished: %,d market-data messages published at %,d/s, business thread %s%n",
            demo.publisher().sent(), rate, pinning);
        if (total.getTotalCount() > 0)
        {
            stdout.printf("tick-to-trade over %,d orders after a 2 s warm-up (feed send time to venue arrival): " +
                "p50 %.1fus p90 %.1fus " +
                "p99 %.1fus p99.9 %.1fus max %.1fus%n", total.getTotalCount(), us(total, 50), us(total, 90),
                us(total, 99), us(total, 99.9), total.getMaxValue() / 1000.0);
        }
        EngineCommand.printSummary(stdout, demo.engine());
        return 0;
    }

    private static double us(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
