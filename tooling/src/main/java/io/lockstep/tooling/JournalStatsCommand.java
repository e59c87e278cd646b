package io.lockstep.tooling;

import io.lockstep.journal.JournalCorruptionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "stats",
    header = "Summarise a journal: records by protocol and type, ranges, bytes, feed gaps.",
    mixinStandardHelpOptions = true,
    description = "Summarise a journal: records by protocol and message type, sequence and time ranges, bytes; for " +
        "an engine's input journal with a MoldUDP64 feed, every gap, session change and jump of the feed it " +
        "journaled. Reads and checks every record; stops with an error at the first bad one (exit 1), or, at a torn " +
        "last record (a crash mid-write), sums up everything before it and exits 3.")
final class JournalStatsCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path dir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        final JournalStats stats = new JournalStats(new PayloadFormatter());
        String tornTail = null;
        try
        {
            stats.collect(dir);
        }
        catch (final JournalCorruptionException ex)
        {
            if (!ex.isTornTail())
            {
                throw ex;
            }
            tornTail = LockstepCli.oneLine(ex); // what a crash mid-write leaves: the records before it are whole
        }
        stats.print(spec.commandLine().getOut(), dir);
        if (tornTail == null)
        {
            return 0;
        }
        spec.commandLine().getErr().println("lockstep journal stats: the journal ends in a torn record (a crash " +
            "mid-write); the stats cover everything before it: " + tornTail);
        return JournalVerifyCommand.TORN_TAIL;
    }
}
