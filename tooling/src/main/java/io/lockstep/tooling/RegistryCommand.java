package io.lockstep.tooling;

import io.lockstep.registry.ArtifactCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lockstep registry ...}: the model artifacts a data directory holds. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "The model artifacts an engine's data directory holds, each checked and described.",
    subcommands = { RegistryCommand.ListCommand.class })
final class RegistryCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "Every model artifact the engine kept in DATA_DIR (each model it loaded, under its content hash),",
            "checked against its hash: kind, owner, approver, training window, validation metrics, whether it",
            "carries a training reference, and which one the last start ran as champion. Exit 0, or 1 when an",
            "artifact no longer checks (it is listed with its problem)." })
    static final class ListCommand implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The engine's data directory (data.dir).")
        Path dataDir;

        @Option(names = "--json", description = "One JSON document instead of lines.")
        boolean json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call()
        {
            if (!Files.isDirectory(dataDir))
            {
                throw new IllegalArgumentException("no data directory " + dataDir);
            }
            final List<ArtifactCatalog.Entry> entries = ArtifactCatalog.list(dataDir);
            final PrintWriter out = spec.commandLine().getOut();
            if (json)
            {
                out.println(ArtifactCatalog.toJson(entries));
            }
            else
            {
                out.printf("%d artifact%s in %s%n", entries.size(), entries.size() == 1 ? "" : "s", dataDir);
                for (final ArtifactCatalog.Entry entry : entries)
                {
                    print(out, entry);
                }
            }
            return entries.stream().anyMatch((entry) -> entry.problem() != null) ? 1 : 0;
        }

        private static void print(final PrintWriter out, final ArtifactCatalog.Entry entry)
        {
            out.printf("%s%s%n", entry.hash(), entry.startedAsChampion() ? "  (champion at the last start)" : "");
            if (entry.problem() != null)
            {
                out.printf("  PROBLEM: %s%n", entry.problem());
                return;
            }
            out.printf("  %s, owner %s, approver %s, training reference: %s%n", entry.kind(), entry.owner(),
                entry.approver().isEmpty() ? "none" : entry.approver(), entry.hasReference() ? "yes" : "no");
            out.printf("  trained on %s%n  why: %s%n", entry.trainingWindow(), entry.rationale());
            out.printf("  metrics: %s%n", String.join(", ", entry.metrics().entrySet().stream()
                .map((metric) -> metric.getKey() + "=" + metric.getValue()).toList()));
        }
    }
}
