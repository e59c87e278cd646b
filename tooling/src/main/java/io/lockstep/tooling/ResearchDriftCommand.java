package io.lockstep.tooling;

import io.lockstep.engine.RunManifest;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.ModelDeployer;
import io.lockstep.engine.model.TrainingReference;
import io.lockstep.engine.monitor.AlphaDrift;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.journal.JournalCorruptionException;
import io.lockstep.journal.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "drift",
    header = "The alpha drift report of a run: features and predictions against training.",
    mixinStandardHelpOptions = true,
    description = {
        "The alpha drift report of a run, from its decision journal: for each model that traded, the population",
        "stability index of each feature it read and of its predictions against the training reference sealed",
        "in its artifact (model pack --reference); for each shadow the same, and its correlation with the",
        "champion on the decisions it was scored on. The same code as the engine's monitor, which writes the",
        "report live to DATA_DIR/" + Monitor.DIRECTORY + "/" + Monitor.DRIFT_FILE + ": through the same sequence,",
        "the two are the same bytes. Exit 0, or 1 on a corrupt journal (named)." })
final class ResearchDriftCommand implements Callable<Integer>
{
    @Mixin
    RunReportOptions run;

    @Option(names = "--candidate", paramLabel = "ARTIFACT", description =
        "Also score every decision with this model, which did not trade: its live inputs and predictions against " +
        "its own training reference, and its correlation with the champion (a check before promotion). It must " +
        "read the run's feature graph.")
    Path candidate;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call() throws IOException
    {
        Reports.refuseInputs(run.out, run.dataDir, candidate);
        final Path decisions = run.dataDir.resolve("decisions");
        if (!Files.isDirectory(decisions))
        {
            throw new IllegalArgumentException("no decision journal in " + run.dataDir + " (expected " + decisions +
                ")");
        }
        final PrintWriter err = spec.commandLine().getErr();
        final AlphaDrift drift = new AlphaDrift(run.dataDir, err::println).limit(run.toSequence());
        DeployedModel model = null;
        if (candidate != null)
        {
            final ModelArtifact artifact = ModelArtifact.open(candidate);
            final String runGraph = RunManifest.read(run.dataDir).getProperty("features.graph.hash");
            if (runGraph == null)
            {
                throw new IllegalArgumentException("no features.graph.hash in " +
                    run.dataDir.resolve(RunManifest.FILE) + ": cannot tell which features the run computed");
            }
            final String graph = artifact.manifest().string("graph.hash", "(none)");
            if (!graph.equals(runGraph))
            {
                throw new IllegalArgumentException("candidate " + candidate + " reads feature graph " + graph +
                    " but the run computed " + runGraph + ": its inputs would not be the features it trained on");
            }
            model = ModelDeployer.deploy(artifact, null);
            drift.candidate(model, TrainingReference.of(artifact));
        }
        try
        {
            return report(decisions, drift);
        }
        finally
        {
            if (model != null)
            {
                model.release(); // a plugin's jar closes and its unpacked copy goes
            }
        }
    }

    private Integer report(final Path decisions, final AlphaDrift drift) throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        try (JournalReader reader = JournalReader.open(decisions))
        {
            while (!drift.reachedLimit())
            {
                if (reader.poll(drift, 4096) == 0)
                {
                    reader.checkNothingBeyondEnd();
                    break;
                }
            }
        }
        catch (final JournalCorruptionException ex)
        {
            if (!ex.isTornTail())
            {
                throw ex;
            }
            err.println(spec.qualifiedName() + ": decision journal ends in a torn record (a crash mid-write); the " +
                "report covers everything before it: " + ex.getMessage());
        }
        final String report = drift.report();
        Reports.write(spec, run.out, report);
        if (drift.decisions() == 0)
        {
            err.println("alpha drift: no decisions, nothing to compare");
        }
        else
        {
            err.printf("alpha drift through input %d: %s%s%s%n", drift.lastSequence(), drift.worstBand(),
                drift.hadShadows() ? "; shadows: " + drift.shadowBand() : "",
                candidate == null ? "" : "; candidate: " + drift.candidateBand());
        }
        return 0;
    }
}
