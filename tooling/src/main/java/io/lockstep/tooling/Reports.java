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
     * Before any work: a report file may not be, nor lie inside, what it is computed from.
     *
     * @param file the report file, or null for standard output.
     */
    static void refuseInputs(final Path file, final Path... inputs) throws IOException
    {
        if (file != null)
        {
            PartialFile.refuseInputs(file, inputs);
        }
    }

    /**
     * @param file the file to write (whole or not at all), or null for standard output.
     */
    static void write(final CommandSpec spec, final Path file, final String report) throws IOException
    {
        if (file == null)
        {
            spec.commandLine().getOut().println(report);
        }
        else
        {
            PartialFile.write(file, report + "\n");
        }
    }
}
