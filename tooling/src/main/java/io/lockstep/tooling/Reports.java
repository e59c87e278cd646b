package io.lockstep.tooling;

import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;

/** Where a research command's report goes: standard output, or the file its option names. */
final class Reports
{
    private Reports()
    {
    }

    /**
     * @param file   the file to write (whole or not at all), or null for standard output.
     * @param inputs what the report is computed from, which the file may not be nor lie inside.
     */
    static void write(final CommandSpec spec, final Path file, final String report, final Path... inputs)
        throws IOException
    {
        if (file == null)
        {
            spec.commandLine().getOut().println(report);
        }
        else
        {
            PartialFile.write(file, report + "\n", inputs);
        }
    }
}
