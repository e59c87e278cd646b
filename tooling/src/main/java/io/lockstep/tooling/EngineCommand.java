package io.lockstep.tooling;

import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.monitor.Monitor;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(
    name = "engine",
    header = "Run the engine daemon until SIGTERM: Aeron in, orders out, every input journaled.",
    mixinStandardHelpOptions = true,
    description = {
        "Run the engine daemon until SIGTERM or SIGINT: Aeron market data, execution reports and control in,",
        "orders out, every input journaled. On shutdown the ring is drained, the journals flushed and closed and",
        "a summary printed. Started again on a data directory that holds a run, it first recovers that run's",
        "state from its own journal and carries the run on (engine/docs/engine.md, Restarts). Without --config",
        "the defaults apply (see engine/docs/engine.md for every key)." })
final class EngineCommand implements Callable<Integer>
{
    @Option(names = "--config", paramLabel = "FILE", description = "Engine config file (key = value lines).")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final EngineSettings settings = EngineSettings.load(config);
        // The barrier's shutdown hook holds the JVM's exit until close(): the journals are flushed first.
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final Engine engine = Engine.start(settings, out::println);
            out.printf("engine running; stop with SIGTERM or Ctrl-C; admin it: ./lockstep admin status --data-dir %s%n",
                settings.dataDir);
            out.flush();
            barrier.await();
            engine.close();
            printSummary(out, engine);
        }
        return 0;
    }

    private static void printRejects(
        final PrintWriter out, final String feed, final io.lockstep.feed.DecodeCounters counters)
    {
        for (int reason = 1; reason < counters.reasonCount(); reason++)
        {
            if (counters.rejects(reason) > 0)
            {
                out.printf("  malformed %s rejected: %s x %,d (bytes journaled)%n", feed, counters.reasonName(reason),
                    counters.rejects(reason));
            }
        }
    }

    static void printSummary(final PrintWriter out, final Engine engine)
    {
        out.println("engine stopped: journals flushed and closed");
        for (int i = 0; i < EngineCounters.count(); i++)
        {
            out.printf("  %-36s %,d%n", EngineCounters.name(i), engine.counters().get(i));
        }
        final io.lockstep.feed.FeedDecoder feed = engine.step().feed();
        printRejects(out, "Lockstep SBE market data", feed.sbe().counters());
        printRejects(out, "ITCH 5.0", feed.itch().counters());
        printRejects(out, "LOBSTER", feed.lobster().counters());
        if (engine.step().firstFailure() != null)
        {
            out.printf("FIRST STEP FAILURE at input sequence %d (kill switch engaged from there): %s%n",
                engine.step().firstFailureSequence(), engine.step().firstFailure());
        }
        out.printf("  inputs journal     %s%n  decisions journal  %s%n", engine.inputJournal(),
            engine.decisionJournal());
        out.printf("check it:  ./lockstep journal verify %s%n", engine.inputJournal());
        out.printf("replay it: ./lockstep replay %s --verify%n", engine.settings().dataDir);
        out.printf("read it:   ./lockstep journal dump %s --limit 20%n", engine.inputJournal());
        final Path graph = engine.settings().featuresFile;
        out.printf("features:  ./lockstep research features --journal %s --graph %s --out OUT.csv%n",
            engine.inputJournal(), graph != null ? graph.toAbsolutePath() : EngineSettings.BUILT_IN_FEATURES_FILE);
        final Path monitoring = engine.settings().dataDir.resolve(Monitor.DIRECTORY);
        final Path alerts = monitoring.resolve(Monitor.ALERTS_FILE);
        final List<String> firing = engine.monitor().alerts().stream().filter(Monitor.AlertState::firing)
            .map(Monitor.AlertState::name).toList();
        if (Files.exists(alerts))
        {
            out.printf("alerts:    %s (operations; firing at the end: %s)%n", alerts,
                firing.isEmpty() ? "none" : String.join(", ", firing));
        }
        else
        {
            out.printf("alerts:    none raised (operations; %s is written at the first)%n", alerts);
        }
        out.printf("drift:     %s (research), again offline: ./lockstep research drift %s%n",
            monitoring.resolve(Monitor.DRIFT_FILE), engine.settings().dataDir);
        out.printf("pnl:       %s (research), again offline: ./lockstep research pnl %s%n",
            monitoring.resolve(Monitor.PNL_FILE), engine.settings().dataDir);
        out.printf("backtest:  ./lockstep research backtest %s --out DIR (orders filled as decided, no latency)%n",
            engine.settings().dataDir);
        out.flush();
    }
}
