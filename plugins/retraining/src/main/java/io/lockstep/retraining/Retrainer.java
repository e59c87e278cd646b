package io.lockstep.retraining;

import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.model.ArtifactPacker;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.lang.FeatureDefinition;
import io.lockstep.features.lang.FeatureParser;
import io.lockstep.journal.JournalReader;
import io.lockstep.replay.FeatureMatrix;
import io.lockstep.util.DirectoryTree;
import io.lockstep.util.JsonWriter;
import org.agrona.collections.LongArrayList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a ridge regression of a label on the engine's features by replaying an input journal through the
 * engine's own decoders, books and compiled feature plan ({@link FeatureMatrix}), and seals it as an artifact
 * whose manifest says exactly what it was trained on: the journal's id and the sequence ranges of the training
 * and validation rows, the label, the penalty, the validation report, and a training reference for drift
 * monitoring. Everything is computed in a fixed order with no random number, so the same journal, request and
 * versions (the manifest records Lockstep's and Java's) give the same artifact, hash included: a model can be
 * rebuilt from its manifest a year later.
 * <p>
 * Rows are split by input sequence, training first: the validation rows come after every training row, as the
 * model would meet them live, less an embargo of the label's lead at the start ({@link Evaluation}). A row whose
 * features or label are not all known yet (a feature's warm-up, a label past the journal's end) is left out of
 * the fit and the scores, and counted.
 */
public final class Retrainer
{
    /** Without a split, the first 80% of the usable rows train. */
    private static final double DEFAULT_TRAIN_FRACTION = 0.8;

    /** What to train. */
    public static final class Request
    {
        public Path journal;
        public EngineSettings settings = new EngineSettings();
        /** {@code NAME = Fwd(EXPRESSION, N)}. */
        public String label;
        public double ridge = 1.0;
        /** The last input sequence of the training rows, or -1 for the first 80% of the usable rows. */
        public long split = -1;
        public int instrument = -1;
        public int lobsterInstrument = 1;
        public String owner;
        public String approver = "";
        public String rationale;
        public Path out;
    }

    /** What was trained, and how well. */
    public record Result(String artifactHash, Map<String, String> metrics, String trainingWindow)
    {
    }

    private Retrainer()
    {
    }

    /**
     * @param progress told what each pass over the journal did.
     * @throws IllegalArgumentException naming what in the request cannot be trained on.
     */
    public static Result retrain(final Request request, final Consumer<String> progress)
    {
        if (!(request.ridge >= 0) || Double.isInfinite(request.ridge))
        {
            throw new IllegalArgumentException("ridge " + request.ridge + ": expected a finite number, 0 or more");
        }
        final FeatureDefinition label = FeatureParser.parseDefinition("--label", request.label);
        final FeaturePlan engineGraph = request.settings.featurePlan();
        final FeaturePlan plan = request.settings.featurePlan(List.of(label));
        final List<String> names = engineGraph.outputs().stream().map(FeaturePlan.Output::name).toList();
        final int features = names.size();
        final String journalId;
        try (JournalReader reader = JournalReader.open(request.journal))
        {
            journalId = reader.journalId();
        }

        final long split = request.split >= 0 ? request.split : defaultSplit(request, plan, features, progress);
        final RidgeRegression regression = new RidgeRegression(names);
        final long[] windowRows = { 0 };
        final long leftOut = replay(request, plan, features, (sequence, instrumentId, values) ->
        {
            if (sequence <= split)
            {
                regression.add(values, values[features]);
                windowRows[0]++;
            }
        }, (sequence, instrumentId, values) -> windowRows[0] += sequence <= split ? 1 : 0);
        if (regression.rows() == 0)
        {
            throw new IllegalArgumentException("no training rows up to input " + split + " in " + request.journal +
                ": every row before it lacks a feature or the label");
        }
        progress.accept(String.format("retrain: %,d training rows up to input %d, %,d rows left out (a feature or " +
            "the label not known yet)", regression.rows(), split, leftOut));
        final RidgeRegression.Fit fit = regression.fit(request.ridge);

        final Path work = createWorkDirectory();
        try
        {
            final Evaluation evaluation = new Evaluation(fit, split, plan.maxLead(), names, windowRows[0],
                work.resolve("reference.csv"));
            replay(request, plan, features, evaluation::onUsableRow, evaluation::onLeftOutRow);
            final Path referenceRows = evaluation.referenceRows();
            if (evaluation.validation.rows() == 0)
            {
                throw new IllegalArgumentException("no validation rows after input " + split + " in " +
                    request.journal + " (" + evaluation.embargoed + " embargoed): give a --split further from " +
                    "the journal's last usable row");
            }
            final String window = "journal " + journalId + " inputs " + evaluation.firstTrain + "-" +
                evaluation.lastTrain + ", validated on inputs " + evaluation.firstValidation + "-" +
                evaluation.lastValidation;
            final Map<String, String> metrics = evaluation.metrics(leftOut);
            final ArtifactPacker.Description description = new ArtifactPacker.Description();
            description.owner = request.owner;
            description.approver = request.approver;
            description.rationale = request.rationale;
            description.trainingWindow = window;
            description.seed = 0; // closed form: nothing random to seed
            description.hyperParameters.put("model", "ridge regression on standardised features");
            description.hyperParameters.put("ridge", Double.toString(request.ridge));
            description.hyperParameters.put("label", request.label.strip());
            description.hyperParameters.put("split.sequence", Long.toString(split));
            description.hyperParameters.put("instrument", Integer.toString(request.instrument));
            description.hyperParameters.put("lobster.instrument", Integer.toString(request.lobsterInstrument));
            if (!fit.constantFeatures().isEmpty())
            {
                description.hyperParameters.put("constant.features", fit.constantFeatures().stream()
                    .map(names::get).toList().toString());
            }
            description.metrics.putAll(metrics);
            description.referenceRows = referenceRows;
            final Path model = writeModel(work.resolve("model.json"), names, fit);
            final String hash = ArtifactPacker.pack("linear-json", model, null, engineGraph, description,
                request.out);
            return new Result(hash, metrics, window);
        }
        finally
        {
            DirectoryTree.delete(work);
        }
    }

    private static long defaultSplit(
        final Request request, final FeaturePlan plan, final int features, final Consumer<String> progress)
    {
        final LongArrayList sequences = new LongArrayList();
        replay(request, plan, features, (sequence, instrumentId, values) -> sequences.addLong(sequence),
            (sequence, instrumentId, values) -> { });
        if (sequences.isEmpty())
        {
            throw new IllegalArgumentException("no row of " + request.journal + " has every feature and the label");
        }
        final long[] sorted = sequences.toLongArray();
        Arrays.sort(sorted);
        final int trainRows = Math.max(1, (int)(sorted.length * DEFAULT_TRAIN_FRACTION));
        progress.accept(String.format("retrain: %,d usable rows, the first %,d train", sorted.length, trainRows));
        return sorted[trainRows - 1];
    }

    @FunctionalInterface
    private interface RowSink
    {
        void onRow(long sequence, int instrumentId, double[] values);
    }

    /**
     * One pass over the journal: rows whose features and label are all finite to one sink, the others to another.
     *
     * @return the rows left out.
     */
    private static long replay(
        final Request request, final FeaturePlan plan, final int features, final RowSink usable, final RowSink others)
    {
        final long[] leftOut = { 0 };
        final FeatureMatrix matrix = new FeatureMatrix(plan, request.instrument, request.lobsterInstrument);
        matrix.run(request.journal, (sequence, eventTimeNs, instrumentId, values) ->
        {
            for (int i = 0; i <= features; i++)
            {
                if (!Double.isFinite(values[i]))
                {
                    leftOut[0]++;
                    others.onRow(sequence, instrumentId, values);
                    return;
                }
            }
            usable.onRow(sequence, instrumentId, values);
        }, (records) -> { });
        return leftOut[0];
    }

    private static Path writeModel(final Path file, final List<String> names, final RidgeRegression.Fit fit)
    {
        final JsonWriter json = new JsonWriter().beginObject().name("kind").value("linear-json")
            .name("features").beginArray();
        for (final String name : names)
        {
            json.value(name);
        }
        json.endArray().name("intercept").value(fit.intercept()).name("weights").beginArray();
        for (final double weight : fit.weights())
        {
            json.value(weight);
        }
        try
        {
            return Files.writeString(file, json.endArray().endObject().toString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static Path createWorkDirectory()
    {
        try
        {
            return Files.createTempDirectory("lockstep-retrain-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a working directory", ex);
        }
    }
}
