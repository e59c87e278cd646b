package io.lockstep.tooling;

import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.monitor.RealisedPnl;
import io.lockstep.replay.Backtest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "backtest",
    header = "A run against its backtest (each order filled as decided), and the shortfall.",
    mixinStandardHelpOptions = true,
    description = {
        "A run against its backtest: the run's inputs again through the same step, each order filled the",
        "instant it is decided (the paper venue's matching against the book as it stood, no latency), the run's own",
        "execution reports left out. The backtest is written as a data directory of its own (--out), and the",
        "realised PnL report of each is printed with the shortfall: the run's PnL, fill rate and slippage less the",
        "backtest's, for the whole and for each model. Exit 0, or 1 on a corrupt journal (named)." })
final class ResearchBacktestCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The engine's data directory (data.dir).")
    Path dataDir;

    @Option(names = "--out", paramLabel = "DIR", required = true,
        description = "A new directory for the backtest's journals and config.")
    Path outDir;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the comparison here instead of standard " +
        "output.")
    Path report;

    @Option(names = "--champion", paramLabel = "ARTIFACT", description =
        "Trade this model throughout instead of the run's, the run's model commands left out: how a candidate " +
        "would have traded on this run (a numeric report before promotion). It must read the run's feature graph.")
    Path champion;

    @Option(names = "--override", description = "Backtest even when the run manifest says this build cannot " +
        "reproduce the run (another feature graph or model).")
    boolean override;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call() throws IOException
    {
        Reports.refuseInputs(report, dataDir, champion); // the backtest's own --out may hold it
        final PrintWriter err = spec.commandLine().getErr();
        final EngineSettings settings = ResearchPnlCommand.runSettings(dataDir);
        final RealisedPnl live;
        try (Backtest backtest = new Backtest(dataDir, outDir, override, champion))
        {
            // The run's own report first: a run whose decisions cannot be read leaves no backtest behind.
            live = ResearchPnlCommand.read(dataDir, new RealisedPnl(settings.lobsterInstrument,
                settings.pnlBucketNs), err);
            final long read = backtest.run();
            err.printf("backtest of %d inputs into %s: %d execution reports and %d model commands of the run left " +
                "out, %d reports simulated%s%n", read, outDir, backtest.liveReportsLeftOut(),
                backtest.modelCommandsLeftOut(), backtest.simulatedReports(),
                backtest.endedInTornTail() ? "; the run's input journal ends in a torn record, the backtest " +
                "stops before it" : "");
        }
        final RealisedPnl backtest = ResearchPnlCommand.read(outDir,
            new RealisedPnl(settings.lobsterInstrument, settings.pnlBucketNs), err);
        final String comparison = live.compare(backtest);
        Reports.write(spec, report, comparison);
        err.printf("run:      %s%nbacktest: %s%n", live.summary(), backtest.summary());
        return 0;
    }
}
