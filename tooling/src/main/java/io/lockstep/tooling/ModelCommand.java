package io.lockstep.tooling;

import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.model.ArtifactPacker;
import io.lockstep.engine.model.FeatureRows;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.ModelDeployer;
import io.lockstep.engine.spi.Model;
import io.lockstep.features.FeaturePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lockstep model ...}: models trained elsewhere. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Models trained elsewhere, evaluated exactly as the engine evaluates them.",
    subcommands = { ModelCommand.Predict.class, ModelCommand.Pack.class })
final class ModelCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "predict",
        header = "Evaluate a model file or artifact on a CSV of feature rows, as the engine does.",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate a model file or artifact on a CSV of feature rows and write one 'prediction' column, for",
            "offline checks. An artifact (directory or .zip) is held to its deploy contract except the graph clauses;",
            "a model file is read by the loader of --kind (xgboost-json for .json and lightgbm-text for .txt unless",
            "told otherwise). The CSV's header names its columns: each feature the model reads is taken from the",
            "column of its name, other columns (a research matrix's sequence, time, labels) are read past; only a",
            "model file that records no feature names reads the columns in order, and says so. An empty cell or NaN",
            "is a missing value. A bad row exits 1 naming file and line. Each prediction is printed as the shortest",
            "decimal that reads back to the same double." })
    static final class Predict implements Callable<Integer>
    {
        @Option(names = "--model", required = true, paramLabel = "PATH", description = "Model file or artifact.")
        Path model;

        @Option(names = "--kind", paramLabel = "KIND", description = "Loader of a model file (model.kind).")
        String kind;

        @Option(names = "--input", required = true, paramLabel = "ROWS.csv",
            description = "Feature rows with a header.")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "PREDICTIONS.csv", description = "Output CSV.")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call() throws Exception
        {
            final Loaded loaded = load();
            final Model ensemble = loaded.model();
            if (loaded.features().isEmpty())
            {
                spec.commandLine().getErr().printf("lockstep: %s records no feature names: the %d columns of %s " +
                    "are read in order as its features%n", model, ensemble.featureCount(), input);
            }
            long rows = 0;
            try (FeatureRows reader = loaded.features().isEmpty() ?
                FeatureRows.positional(input, ensemble.featureCount()) : FeatureRows.named(input, loaded.features());
                PartialFile file = PartialFile.open(out, model, input))
            {
                final BufferedWriter writer = file.writer();
                writer.write("prediction\n");
                final double[] row = new double[ensemble.featureCount()];
                while (reader.next(row))
                {
                    writer.write(Double.toString(ensemble.predict(row)));
                    writer.write('\n');
                    rows++;
                }
                file.commit();
            }
            spec.commandLine().getOut().printf("%s: %,d predictions from %s (%d features)%n", out, rows,
                model, ensemble.featureCount());
            return 0;
        }

        /** A model and the names of the features it reads, in order: empty when its file records none. */
        private record Loaded(Model model, List<String> features)
        {
        }

        private Loaded load()
        {
            if (Files.isDirectory(model) || model.toString().endsWith(".zip"))
            {
                final ModelArtifact artifact = ModelArtifact.open(model);
                return new Loaded(ModelDeployer.deploy(artifact, null).model(), artifact.features());
            }
            if (!Files.isRegularFile(model))
            {
                throw new IllegalArgumentException("no such model file: " + model);
            }
            final String name = model.getFileName().toString();
            final String chosen = kind != null ? kind : name.endsWith(".json") ? "xgboost-json" :
                name.endsWith(".txt") ? "lightgbm-text" : null;
            if (chosen == null)
            {
                throw new IllegalArgumentException("cannot tell the kind of " + model + ": give --kind");
            }
            final Model loaded = ModelDeployer.loader(chosen, null, "model " + model).load(model);
            return new Loaded(loaded, loaded.featureNames());
        }
    }

    @Command(
        name = "pack",
        header = "Build and seal a model artifact against the engine's feature graph.",
        description = {
            "Build and seal a model artifact (directory, or .zip): the model file (and plugin jar) with a manifest",
            "recording the feature graph's hash and the ordered feature names it reads, the training window, seed,",
            "hyper-parameters, library versions, metrics, rationale and owner, then artifact.hash over the canonical",
            "form. The model is loaded once on the way: a file its loader refuses, or one reading other features",
            "than the graph computes, is never packed." })
    static final class Pack implements Callable<Integer>
    {
        // Only help: the standard -V/--version would take the name of the library versions option below.
        @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file (weights).")
        Path model;

        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "Its loader (model.kind).")
        String kind;

        @Option(names = "--plugin-jar", paramLabel = "JAR", description = "A jar providing the kind's loader.")
        Path pluginJar;

        @Option(names = "--training-window", required = true, paramLabel = "TEXT",
            description = "The journals and sequence ranges trained on, e.g. 'run-2026-11-20:1-48963'.")
        String trainingWindow;

        @Option(names = "--seed", required = true, paramLabel = "N",
            description = "The seed its training used, recorded so that it can be trained again.")
        long seed;

        @Option(names = "--metric", required = true, paramLabel = "NAME=VALUE", description = "Validation report.")
        Map<String, String> metrics;

        @Option(names = "--hyper", paramLabel = "NAME=VALUE", description = "Hyper-parameters.")
        Map<String, String> hyper;

        @Option(names = "--version", paramLabel = "LIBRARY=VERSION", description = "Libraries used in training.")
        Map<String, String> versions;

        @Option(names = "--reference", paramLabel = "ROWS.csv", description =
            "Training rows (a CSV whose header names the model's features, other columns ignored, such as " +
            "'research features' writes): sealed as reference.json, the baseline of alpha drift reports.")
        Path reference;

        @Mixin
        SealOptions seal;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call()
        {
            final EngineSettings settings = EngineSettings.read(seal.config);
            final FeaturePlan plan = settings.featurePlan();
            final ArtifactPacker.Description description = new ArtifactPacker.Description();
            description.owner = seal.owner;
            description.approver = seal.approver;
            description.rationale = seal.rationale;
            description.trainingWindow = trainingWindow;
            description.seed = seed;
            description.referenceRows = reference;
            description.metrics.putAll(metrics);
            if (hyper != null)
            {
                description.hyperParameters.putAll(hyper);
            }
            if (versions != null)
            {
                description.versions.putAll(versions);
            }
            final String hash = ArtifactPacker.pack(kind, model, pluginJar, plan, description, seal.out);
            spec.commandLine().getOut().printf("%s: sealed %s artifact %s for graph %s (%s)%n", seal.out, kind, hash,
                plan.graphHash().substring(0, 16), ModelArtifact.MANIFEST);
            return 0;
        }
    }
}
