package io.lockstep.tooling;

import io.lockstep.perf.PerfLab;
import io.lockstep.perf.PerfReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code lockstep perf ...}: end-to-end latency runs and their comparison. */
@Command(
    name = "perf",
    header = "Tick-to-trade latency under constant-rate load, against an Aeron echo floor.",
    mixinStandardHelpOptions = true,
    description = "End-to-end tick-to-trade latency under constant-rate load over Aeron, against a bare Aeron echo " +
        "floor measured in the same run.",
    subcommands = { PerfCommand.Run.class, PerfCommand.Compare.class })
final class PerfCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "run",
        header = "Measure tick-to-trade under a constant-rate load scenario, against an Aeron echo floor.",
        mixinStandardHelpOptions = true,
        description = {
            "Run a scenario: steady (each of --rates, constant), burst (10x the base rate for 1 s mid-run), gap",
            "(2 s of silence mid-run, then resume; --duration at least 5s) or swap (steady, with a model swap or",
            "rollback control input every 100 ms, the swapped-in artifact loaded through the admin stream first).",
            "Each rate runs twice, through a bare Aeron echo (the floor) and through the engine (an order on every",
            "book event), with a warm-up left out. Writes <mode>-<rate>.hgrm, summary.json and report.html under",
            "--out." })
    static final class Run implements Callable<Integer>
    {
        @Parameters(paramLabel = "SCENARIO", description = "steady, burst, gap or swap.")
        String scenario;

        @Option(names = "--duration", defaultValue = "5s",
            description = "Measured time per run (default: ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--warm-up", defaultValue = "1s",
            description = "Left out before measuring (default: ${DEFAULT-VALUE}).")
        String warmUp;

        @Option(names = "--drain-timeout", defaultValue = "10s",
            description = "After the measurement, how long to wait at most for every scheduled message to be " +
                "consumed and its sample to arrive; the rest are reported missing (default: ${DEFAULT-VALUE}).")
        String drainTimeout;

        @Option(names = "--rates", split = ",", paramLabel = "N",
            description = "Offered rates, msg/s, each once (default: 1000,5000,10000,20000 for steady; 10000 for " +
                "swap; 2000 otherwise).")
        long[] rates;

        @Option(names = "--udp", description = "aeron:udp on 127.0.0.1 instead of aeron:ipc.")
        boolean udp;

        @Option(names = "--idle", defaultValue = "backoff", paramLabel = "backoff|busy_spin|sleep",
            description = "Idle strategy of every thread of the run (default: ${DEFAULT-VALUE}).")
        String idle;

        @Option(names = "--p99-bound-us", defaultValue = "10000",
            description = "Saturation: the highest rate whose engine p99 stays under this (default: ${DEFAULT-VALUE}).")
        double p99BoundUs;

        @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory, new or empty (default: lockstep-data/perf-<scenario>-<time>).")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call() throws Exception
        {
            final PerfLab.Options options = new PerfLab.Options();
            try
            {
                options.scenario = PerfLab.Scenario.valueOf(scenario.toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("scenario " + scenario + ": expected steady, burst, gap or swap");
            }
            options.durationNs = Durations.positiveNs(duration, "--duration");
            options.warmUpNs = Durations.positiveNs(warmUp, "--warm-up");
            options.drainTimeoutNs = Durations.positiveNs(drainTimeout, "--drain-timeout");
            options.rates = rates != null ? rates : options.scenario == PerfLab.Scenario.STEADY ?
                new long[] { 1_000, 5_000, 10_000, 20_000 } :
                new long[] { options.scenario == PerfLab.Scenario.SWAP ? 10_000 : 2_000 };
            for (final long rate : options.rates)
            {
                if (rate < 1 || rate > 1_000_000)
                {
                    throw new IllegalArgumentException("--rates " + Arrays.toString(options.rates) +
                        ": each rate must be 1 to 1,000,000 msg/s");
                }
            }
            options.udp = udp;
            try
            {
                options.idle = io.lockstep.engine.EngineSettings.Idle.valueOf(idle.toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--idle " + idle + ": expected backoff, busy_spin or sleep");
            }
            options.p99BoundUs = p99BoundUs;
            options.out = out != null ? out : Path.of("lockstep-data", "perf-" + scenario + "-" +
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            final java.io.PrintWriter stdout = spec.commandLine().getOut();
            PerfLab.run(options, (line) ->
            {
                stdout.println(line);
                stdout.flush();
            });
            stdout.printf("report: %s%n", options.out.resolve("report.html"));
            return 0;
        }
    }

    @Command(
        name = "compare",
        header = "Compare two perf runs' percentiles; exit 1 on a regression.",
        mixinStandardHelpOptions = true,
        description = "Show two runs' percentiles and ratios (B / A), gating B's engine latency at the chosen " +
            "percentile against A's. Either summary holding a run that is not a valid measurement is refused: " +
            "counts off its schedule, messages not consumed, samples missing, no samples, impossible " +
            "percentiles, or a run twice.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:B's engine runs are within the threshold of A's",
            "1:regression: an engine run of B is worse than A's by more than the threshold",
            "2:nothing compared: no engine run at the same rate in both, summaries of different scenarios, or bad " +
                "input (named), a run that is not a valid measurement included (named with its field)" })
    static final class Compare implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "A", description = "Run directory (or its summary.json): the baseline.")
        Path a;

        @Parameters(index = "1", paramLabel = "B", description = "Run directory (or its summary.json): the candidate.")
        Path b;

        @Option(names = "--percentile", defaultValue = "p99",
            description = "p50, p90, p99, p99.9 or max (default: ${DEFAULT-VALUE}).")
        String percentile;

        @Option(names = "--threshold", defaultValue = "0.10",
            description = "Allowed regression, 0.10 = 10%% (default: ${DEFAULT-VALUE}).")
        double threshold;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call()
        {
            try
            {
                return PerfReport.compare(summary(a), summary(b), percentile, threshold, spec.commandLine().getOut());
            }
            catch (final IllegalArgumentException | IOException ex)
            {
                // Not 1: a script gating on the exit code must not take bad input for a regression.
                spec.commandLine().getErr().println(spec.qualifiedName() + ": " + LockstepCli.oneLine(ex));
                return PerfReport.NOT_COMPARED;
            }
        }

        private static Path summary(final Path path)
        {
            final Path file = Files.isDirectory(path) ? path.resolve("summary.json") : path;
            if (!Files.isRegularFile(file))
            {
                throw new IllegalArgumentException("no summary.json at " + path);
            }
            return file;
        }
    }
}
