package io.lockstep.tooling;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "Summarise a journal: records by protocol and message type, sequence and time ranges, bytes; for " +
        "an engine's input journal with a MoldUDP64 feed, every gap, session change and jump of the feed it " +
        "journaled. Reads and checks every record; stops with an error at the first bad one.")
final class JournalStatsCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path dir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        new JournalStats(new PayloadFormatter()).collect(dir).print(spec.commandLine().getOut(), dir);
        return 0;
    }
}
