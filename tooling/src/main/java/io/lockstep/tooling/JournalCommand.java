package io.lockstep.tooling;

import picocli.CommandLine.Command;

/** {@code lockstep journal ...}: inspect journals. */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Verify, dump, summarise, import and cut journals (directories of segment files).",
    subcommands = { JournalVerifyCommand.class, JournalDumpCommand.class, JournalStatsCommand.class,
        JournalImportCommand.class, JournalCutCommand.class })
final class JournalCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
