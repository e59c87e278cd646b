package io.lockstep.tooling;

import picocli.CommandLine.Command;

/** {@code lockstep research ...}: offline work over journals. */
@Command(
    name = "research",
    mixinStandardHelpOptions = true,
    description = "Offline research over journals, through the same code as the live engine.",
    subcommands = { ResearchFeaturesCommand.class, ResearchDriftCommand.class, ResearchPnlCommand.class,
        ResearchBacktestCommand.class, RetrainCommand.class })
final class ResearchCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
