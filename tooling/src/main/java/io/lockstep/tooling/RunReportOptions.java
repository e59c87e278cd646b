package io.lockstep.tooling;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** What a research report over a run reads, how far, and where it goes: the options its commands share. */
final class RunReportOptions
{
    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The engine's data directory (data.dir).")
    Path dataDir;

    @Option(names = "--to", paramLabel = "SEQ", defaultValue = "" + Long.MAX_VALUE,
        description = "Stop after this input sequence and its decision (default: the whole journal).")
    long to;

    /** @return the last input sequence to report on, checked. */
    long toSequence()
    {
        return OptionValues.inputSequence(to, "--to");
    }

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path out;
}
