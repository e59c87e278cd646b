package io.lockstep.tooling;

import io.lockstep.journal.JournalCut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "cut",
    header = "Cut a journal after a record, moving what follows to a quarantine directory.",
    mixinStandardHelpOptions = true,
    description = {
        "Cut a journal after a record, for what a writer refuses to recover by itself: whole records after a hole",
        "(a power cut between two write-backs can leave one; the writer's and verify's message names the sequence",
        "to keep). Every record up to the one kept is checked first; nothing is deleted: the segment cut is copied,",
        "and the later segments are moved (renamed: the quarantine must be on the journal's file system, outside",
        "it), to the quarantine directory. Refused while a writer holds the journal. SEQUENCE may be the one",
        "before the first record, to keep none.",
        "Exit codes: 0 cut; 1 refused or failed (the message says what, if anything, changed)." })
final class JournalCutCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path dir;

    @Option(names = "--after", required = true, paramLabel = "SEQUENCE", description = "Last record to keep.")
    long lastKept;

    @Option(names = "--quarantine", paramLabel = "DIR",
        description = "New directory for what the cut removes (default: JOURNAL_DIR.cut-after-SEQUENCE beside it).")
    Path quarantine;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        final Path absolute = dir.toAbsolutePath().normalize();
        final Path target = quarantine != null ? quarantine :
            absolute.resolveSibling(absolute.getFileName() + ".cut-after-" + lastKept);
        final JournalCut.Result cut = JournalCut.cutAfter(dir, lastKept, target);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("cut %s after sequence %d: %s%n", dir, cut.lastKept(), cut.lastKept() < cut.firstSequence() ?
            "it now holds no record" : "it now holds sequences " + cut.firstSequence() + ".." + cut.lastKept());
        out.printf("  %s: zeroed from byte offset %d (%,d non-zero bytes); its copy as it was: %s%n",
            cut.segment().getFileName(), cut.offset(), cut.bytesZeroed(),
            cut.quarantine().resolve(cut.segment().getFileName()));
        if (cut.movedSegments().isEmpty())
        {
            out.println("  no later segment to move");
        }
        else
        {
            out.printf("  %d later segments moved to %s (%s to %s)%n", cut.movedSegments().size(), cut.quarantine(),
                cut.movedSegments().get(0).getFileName(),
                cut.movedSegments().get(cut.movedSegments().size() - 1).getFileName());
        }
        return 0;
    }
}
