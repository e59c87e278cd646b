package io.lockstep.tooling;

import io.lockstep.journal.JournalCorruptionException;
import io.lockstep.journal.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(
    name = "verify",
    header = "Check every segment header and record of a journal; name the first fault.",
    mixinStandardHelpOptions = true,
    description = {
        "Check every record of a journal: frame length, envelope structure, CRC32C and gap-free sequence; and every",
        "segment header: its CRC32C (headers written before journal schema version 2 have none), each field within",
        "what a writer writes, the same journal id and the next index as the segment before, a file as long as its",
        "segment length. Files in the directory that are not segments of the journal (also files named like one",
        "that the journal does not lead to) are named on stderr: a reader never reads them.",
        "Exit codes: 0 whole; 1 corrupt (the first bad record is named: file, byte offset, sequence, reason);",
        "3 torn tail only (a crash cut the last record short, or left the last segment all zeros; the next writer",
        "open cuts or recreates it)." })
final class JournalVerifyCommand implements Callable<Integer>
{
    static final int TORN_TAIL = 3;

    @Parameters(paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path dir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        try
        {
            // Named first: a renamed segment is also why the journal may then end early.
            printStray(JournalReader.strayFiles(dir));
            final JournalStats stats = new JournalStats(null).collect(dir);
            printStray(stats.unreadSegmentFiles);
            if (stats.records == 0)
            {
                spec.commandLine().getOut().printf("OK %s: no records yet, journal id %s%n", dir, stats.journalId);
            }
            else
            {
                spec.commandLine().getOut().printf("OK %s: %,d records, sequences %d..%d, %d segments, journal id %s%n",
                    dir, stats.records, stats.firstSequence, stats.lastSequence, stats.segments, stats.journalId);
            }
            return 0;
        }
        catch (final JournalCorruptionException ex)
        {
            spec.commandLine().getErr().println("lockstep journal verify: " + LockstepCli.oneLine(ex));
            return ex.isTornTail() ? TORN_TAIL : 1;
        }
    }

    private void printStray(final List<Path> stray)
    {
        if (!stray.isEmpty())
        {
            spec.commandLine().getErr().printf("lockstep journal verify: %s holds files that are not its " +
                "segments and are never read: %s%n", dir,
                String.join(", ", stray.stream().map((file) -> file.getFileName().toString()).toList()));
        }
    }
}
