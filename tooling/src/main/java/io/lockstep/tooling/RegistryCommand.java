package io.lockstep.tooling;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.registry.ArtifactCatalog;
import io.lockstep.registry.ModelHistory;
import io.lockstep.util.JsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lockstep registry ...}: the model artifacts a data directory holds. */
@Command(
    name = "registry",
    header = "The model artifacts a data directory holds, and the history of its models.",
    mixinStandardHelpOptions = true,
    description = "The model artifacts an engine's data directory holds, each checked and described, and the " +
        "history of the models its run traded with.",
    subcommands = { RegistryCommand.ListCommand.class, RegistryCommand.HistoryCommand.class })
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
        header = "The model artifacts a data directory kept, each checked against its hash.",
        mixinStandardHelpOptions = true,
        description = {
            "Every model artifact the engine kept in DATA_DIR (each model it loaded, under its content hash),",
            "checked against its hash: kind, owner, approver, training window, validation metrics, whether it",
            "carries a training reference, which one the config names as champion (the run manifest's model.hash)",
            "and which one the last start went live with (after a swap, a restart recovers the swapped-in champion",
            "from the journal; registry history says when each changed). Exit 0, or 1 when an artifact no longer",
            "checks (it is listed with its problem)." })
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
            out.printf("%s%s%s%n", entry.hash(), entry.configuredChampion() ? "  (configured champion)" : "",
                entry.startedChampion() ? "  (champion at the last start)" : "");
            describe(out, "  ", entry);
        }
    }

    /** What an artifact is, from its sealed manifest, each line indented. */
    static void describe(final PrintWriter out, final String indent, final ArtifactCatalog.Entry entry)
    {
        if (entry.problem() != null)
        {
            out.printf("%sPROBLEM: %s%n", indent, entry.problem());
            return;
        }
        out.printf("%s%s, owner %s, approver %s, training reference: %s%n", indent, entry.kind(), entry.owner(),
            entry.approver().isEmpty() ? "none" : entry.approver(), entry.hasReference() ? "yes" : "no");
        out.printf("%strained on %s%n%swhy: %s%n", indent, entry.trainingWindow(), indent, entry.rationale());
        out.printf("%smetrics: %s%n", indent, String.join(", ", entry.metrics().entrySet().stream()
            .map((metric) -> metric.getKey() + "=" + metric.getValue()).toList()));
    }

    @Command(
        name = "history",
        header = "Every load, swap, rollback, shadow and canary of a run, and who sent it.",
        mixinStandardHelpOptions = true,
        description = {
            "Every change to the models the run in DATA_DIR traded with, replayed from its input journal through the",
            "engine's own step: each model command it journaled (load, swap, rollback, shadow, canary) with who sent",
            "it and the engine's answer, refusals included, and each quarantine, at its input sequence and receive",
            "time, with the champion after it. A loaded artifact is described from its sealed manifest (owner,",
            "approver, rationale, metrics): who promoted what, when, and on which report. Exit 0, or 1 when the",
            "journal cannot be replayed (named)." })
    static final class HistoryCommand implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The engine's data directory (data.dir).")
        Path dataDir;

        @Option(names = "--json", description = "One JSON document instead of lines.")
        boolean json;

        @Option(names = "--override", description = "Replay even when the run manifest says this build cannot " +
            "reproduce the run.")
        boolean override;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call()
        {
            final Map<String, ArtifactCatalog.Entry> artifacts = new HashMap<>();
            ArtifactCatalog.list(dataDir).forEach((entry) -> artifacts.put(entry.hash(), entry));
            final List<ModelHistory.Change> changes = new ArrayList<>();
            final ModelHistory.Run run = ModelHistory.replay(dataDir, override, changes::add);
            final PrintWriter out = spec.commandLine().getOut();
            if (json)
            {
                out.println(toJson(run, changes, artifacts));
            }
            else
            {
                print(out, run, changes, artifacts);
            }
            if (run.endedInTornTail())
            {
                spec.commandLine().getErr().println("lockstep: the input journal ends in a torn record (a crash " +
                    "mid-write); the history covers everything before it");
            }
            return 0;
        }

        private void print(
            final PrintWriter out,
            final ModelHistory.Run run,
            final List<ModelHistory.Change> changes,
            final Map<String, ArtifactCatalog.Entry> artifacts)
        {
            out.printf("model history of %s: %,d inputs replayed, %d change%s%n", dataDir, run.inputs(),
                changes.size(), changes.size() == 1 ? "" : "s");
            out.printf("start: champion %s%n", orNone(run.start().champion()));
            for (final ModelHistory.Change change : changes)
            {
                out.printf("input %d at %s: %s%s%s%s%n", change.sequence(),
                    Instant.ofEpochSecond(0, change.receiveTimeNs()), change.command(),
                    change.artifactHash().isEmpty() ? "" : " " + change.artifactHash(),
                    change.issuedBy().isEmpty() ? "" : " by " + change.issuedBy(),
                    change.detail().isEmpty() ? "" : " (" + change.detail() + ")");
                out.printf("  %s: %s%n", change.applied() ? "applied" : "REFUSED", change.outcome());
                final ArtifactCatalog.Entry artifact = artifacts.get(change.artifactHash());
                if (artifact != null && change.command().equals("ModelReady") && change.applied())
                {
                    describe(out, "  ", artifact);
                }
            }
            final ModelRoster.Status end = run.end();
            out.printf("end (input %d): champion %s at %d ppm, previous %s, shadows %s%n", run.lastSequence(),
                orNone(end.champion()), end.championPpm(), orNone(end.previous()), end.shadows().isEmpty() ? "none" :
                String.join(", ", end.shadows().stream().map(HistoryCommand::orNone).toList()));
        }

        private static String orNone(final DeployedModel model)
        {
            return model == null ? "none" : model.shortHash();
        }

        private static String toJson(
            final ModelHistory.Run run,
            final List<ModelHistory.Change> changes,
            final Map<String, ArtifactCatalog.Entry> artifacts)
        {
            final JsonWriter json = new JsonWriter().beginObject().name("inputs").value(run.inputs())
                .name("lastSequence").value(run.lastSequence()).name("startChampion");
            model(json, run.start().champion());
            json.name("changes").beginArray();
            for (final ModelHistory.Change change : changes)
            {
                json.beginObject().name("sequence").value(change.sequence())
                    .name("receiveTime").value(Instant.ofEpochSecond(0, change.receiveTimeNs()).toString())
                    .name("command").value(change.command()).name("artifactHash").value(change.artifactHash())
                    .name("issuedBy").value(change.issuedBy()).name("detail").value(change.detail())
                    .name("applied").value(change.applied()).name("outcome").value(change.outcome())
                    .name("champion");
                model(json, change.champion());
                json.name("championPpm").value(change.championPpm()).name("previous");
                model(json, change.previous());
                json.name("shadows").beginArray();
                change.shadows().forEach((shadow) -> model(json, shadow));
                json.endArray().name("artifact");
                final ArtifactCatalog.Entry artifact = artifacts.get(change.artifactHash());
                if (artifact == null)
                {
                    json.value((String)null);
                }
                else
                {
                    ArtifactCatalog.write(json, artifact);
                }
                json.endObject();
            }
            return json.endArray().endObject().toString();
        }

        private static void model(final JsonWriter json, final DeployedModel model)
        {
            json.value(model == null ? null : model.hashHex());
        }
    }
}
