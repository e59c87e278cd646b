package io.lockstep.tooling;

import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.engine.monitor.RealisedPnl;
import io.lockstep.journal.JournalCorruptionException;
import io.lockstep.journal.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "pnl",
    mixinStandardHelpOptions = true,
    description = {
        "What a run earned, from its input and decision journals: PnL marked to the mid, its Sharpe ratio over",
        "event-time buckets and the worst drawdown, and for each model its orders, fill rate, and slippage against",
        "the mid when it decided beside the half spread it faced. The same code as the engine's monitor, which",
        "writes the report live to DATA_DIR/" + Monitor.DIRECTORY + "/" + Monitor.PNL_FILE + ": through the same",
        "input, the two are the same bytes. Exit 0, or 1 on a corrupt journal (named)." })
final class ResearchPnlCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The engine's data directory (data.dir).")
    Path dataDir;

    @Option(names = "--to", paramLabel = "SEQ", defaultValue = "" + Long.MAX_VALUE,
        description = "Stop after this input sequence (default: the whole journal).")
    long toSequence;

    @Option(names = "--bucket", paramLabel = "DURATION", description = {
        "Event-time length of the Sharpe ratio's buckets (default: the run's monitor.pnl.bucket, so that the",
        "report is the engine's own)." })
    String bucket;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call() throws IOException
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
        // The run's own settings (the engine keeps its config in the data directory): its LOBSTER instrument and
        // bucket, so that the report is the one the engine wrote.
        final Path runConfig = dataDir.resolve("engine.config");
        final EngineSettings settings = EngineSettings.load(Files.exists(runConfig) ? runConfig : null);
        final long bucketNs = bucket == null ? settings.pnlBucketNs : Durations.positiveNs(bucket, "--bucket");
        final RealisedPnl pnl = new RealisedPnl(settings.lobsterInstrument, bucketNs).limit(toSequence);
        final PrintWriter err = spec.commandLine().getErr();
        try (JournalReader inputReader = JournalReader.open(inputs);
            JournalReader decisionReader = JournalReader.open(decisions))
        {
            if (!readAll(pnl, inputReader, decisionReader, err))
            {
                return 1;
            }
        }
        final String report = pnl.report();
        if (out == null)
        {
            spec.commandLine().getOut().println(report);
        }
        else
        {
            Files.writeString(out, report + "\n");
        }
        err.printf("realised PnL through input %d: %s%n", pnl.lastSequence(), pnl.summary());
        return 0;
    }

    /** @return false on a corrupt journal (reported); a torn tail ends the report there, and says so. */
    private static boolean readAll(
        final RealisedPnl pnl, final JournalReader inputs, final JournalReader decisions, final PrintWriter err)
    {
        try
        {
            int read;
            do
            {
                read = pnl.poll(inputs, decisions, 4096);
            }
            while (read > 0 && !pnl.reachedLimit());
            if (!pnl.reachedLimit())
            {
                inputs.checkNothingBeyondEnd();
            }
            pnl.finish(decisions);
            return true;
        }
        catch (final JournalCorruptionException ex)
        {
            if (!ex.isTornTail())
            {
                err.println("lockstep: " + ex.getMessage());
                return false;
            }
            err.println("lockstep: a journal ends in a torn record (a crash mid-write); the report covers " +
                "everything before it: " + ex.getMessage());
            return true;
        }
    }
}
