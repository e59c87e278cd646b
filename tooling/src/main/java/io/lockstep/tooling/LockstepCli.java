package io.lockstep.tooling;

import io.lockstep.engine.EngineVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code lockstep} command line. Every command answers {@code --help}; any error ends with a one-line
 * reason on stderr and a non-zero exit code.
 */
@Command(
    name = "lockstep",
    mixinStandardHelpOptions = true,
    versionProvider = LockstepCli.Version.class,
    description = "Low-latency trading engine for machine-learned strategies: same code, same bytes, live and offline.",
    subcommands = { DemoCommand.class, EngineCommand.class, ReplayCommand.class, PerfCommand.class, ModelCommand.class,
        AdminCommand.class, JournalCommand.class,
        FeaturesCommand.class,
        ResearchCommand.class, RegistryCommand.class,
        CommandLine.HelpCommand.class })
public final class LockstepCli implements Runnable
{
    /**
     * The exit code of a command line that does not parse (sysexits' EX_USAGE), apart from the codes commands give
     * their own outcomes: picocli's 2 is {@code admin}'s "no engine answered" and {@code perf compare}'s "not
     * compared".
     */
    static final int USAGE = 64;
    private static final int USAGE_WIDTH = 120;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(final String[] args)
    {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Run a command line with the given output streams.
     *
     * @return the exit code.
     */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine commandLine = new CommandLine(new LockstepCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // The descriptions are written as lines of at most USAGE_WIDTH characters; at picocli's default of 80 it
        // wrapped each of them again, raggedly.
        commandLine.setUsageHelpWidth(USAGE_WIDTH);
        commandLine.setParameterExceptionHandler((ex, arguments) ->
        {
            err.println("lockstep: " + ex.getMessage() + " (see: " +
                ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            return CommandLine.ExitCode.SOFTWARE;
        });
        final int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    static String oneLine(final Throwable ex)
    {
        final String fileError = FileErrors.describe(ex);
        final String message = fileError != null ? fileError :
            ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            return new String[] { "lockstep " + EngineVersion.VERSION + " (Java " + Runtime.version() + ")" };
        }
    }
}
