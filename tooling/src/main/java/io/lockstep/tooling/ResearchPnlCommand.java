package io.lockstep.tooling;

import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.engine.monitor.RealisedPnl;
import io.lockstep.journal.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "pnl",
    header = "What a run earned: PnL, Sharpe, drawdown, fill rate and slippage per model.",
    mixinStandardHelpOptions = true,
    description = {
        "What a run earned, from its input and decision journals: PnL marked to the mid, its Sharpe ratio over",
        "event-time buckets and the worst drawdown, and for each model its orders, fill rate, and slippage against",
        "the mid when it decided beside the half spread it faced. The same code as the engine's monitor, which",
        "writes the report live to DATA_DIR/" + Monitor.DIRECTORY + "/" + Monitor.PNL_FILE + ": through the same",
        "input, the two are the same bytes. Exit 0, or 1 on a corrupt journal (named)." })
final class ResearchPnlCommand implements Callable<Integer>
{
    @Mixin
    RunReportOptions run;

    @Option(names = "--bucket", paramLabel = "DURATION", description =
        "Event-time length of the Sharpe ratio's buckets (default: the run's monitor.pnl.bucket, so that the " +
        "report is the engine's own).")
    String bucket;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call() throws IOException
    {
        Reports.refuseInputs(run.out, run.dataDir);
        final EngineSettings settings = runSettings(run.dataDir);
        final long bucketNs = bucket == null ? settings.pnlBucketNs : Durations.positiveNs(bucket, "--bucket");
        final PrintWriter err = spec.commandLine().getErr();
        final RealisedPnl pnl = read(run.dataDir,
            new RealisedPnl(settings.lobsterInstrument, bucketNs).limit(run.toSequence()),
            err);
        final String report = pnl.report();
        Reports.write(spec, run.out, report);
        if (pnl.inputs() == 0)
        {
            err.println("realised PnL: no inputs, nothing earned");
        }
        else
        {
            err.printf("realised PnL through input %d: %s%n", pnl.lastSequence(), pnl.summary());
        }
        return 0;
    }

    /**
     * @return the settings a run's engine wrote to its data directory (its LOBSTER instrument, its PnL bucket), so
     * that a report computed offline is the one the engine wrote; the defaults when it kept none.
     */
    static EngineSettings runSettings(final Path dataDir)
    {
        final Path runConfig = dataDir.resolve("engine.config");
        return Files.exists(runConfig) ? EngineSettings.recorded(ConfigFile.load(runConfig)) : new EngineSettings();
    }

    /**
     * Feed a data directory's input and decision journals to {@code pnl}, whole.
     *
     * @throws IllegalArgumentException when a journal is missing; a corrupt journal's exception names it.
     */
    static RealisedPnl read(final Path dataDir, final RealisedPnl pnl, final PrintWriter err)
    {
        final Path inputs = dataDir.resolve("inputs");
        final Path decisions = dataDir.resolve("decisions");
        for (final Path journal : new Path[] { inputs, decisions })
        {
            if (!Files.isDirectory(journal))
            {
                throw new IllegalArgumentException("no " + journal.getFileName() + " journal in " + dataDir +
                    " (expected " + journal + ")");
            }
        }
        try (JournalReader inputReader = JournalReader.open(inputs);
            JournalReader decisionReader = JournalReader.open(decisions))
        {
            final String tornTail = pnl.readToEnd(inputReader, decisionReader);
            if (tornTail != null)
            {
                err.println("lockstep: a journal ends in a torn record (a crash mid-write); the report covers " +
                    "everything before it: " + tornTail);
            }
        }
        return pnl;
    }
}
