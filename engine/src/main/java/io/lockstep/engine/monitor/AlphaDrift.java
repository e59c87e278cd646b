package io.lockstep.engine.monitor;

import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ColumnDistribution;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.model.TrainingReference;
import io.lockstep.journal.JournalRecord;
import io.lockstep.journal.RecordHandler;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.MessageHeaderDecoder;
import io.lockstep.util.JsonWriter;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Alpha monitoring, for research: reads decision records (the features each decision saw, the prediction that
 * traded and each shadow's) and compares each model's live inputs and outputs with its training reference, sealed in
 * its artifact ({@link TrainingReference}), as a population stability index per feature and for the prediction; a
 * shadow is also compared with the champion it stood beside. The engine's
 * monitor feeds it the decision journal as it grows; {@code lockstep research drift} feeds it the same journal
 * offline, and through the same sequence gets the same report, bit for bit. It reads no clock.
 */
public final class AlphaDrift implements RecordHandler
{
    /** Conventional PSI bands: below 0.1 stable, up to 0.25 moderate, above significant. */
    public static final double MODERATE = 0.1;
    public static final double SIGNIFICANT = 0.25;

    private final ArtifactStore artifacts;
    private final Consumer<String> log;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DecisionRecordDecoder decision = new DecisionRecordDecoder();
    private final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
    private final Map<String, ModelWindow> models = new LinkedHashMap<>();
    private final Map<String, Untraded> shadows = new LinkedHashMap<>();
    /** The shadows of the last record, by position: the roster rarely changes between decisions. */
    private final Untraded[] lastShadows = new Untraded[ModelRoster.MAX_SHADOWS];
    private ModelWindow current;
    private Candidate candidate;
    /** A decision's features, grown to the widest record met (a graph rarely has more than a few dozen). */
    private double[] values = new double[64];
    private final double[] shadowPredictions = new double[ModelRoster.MAX_SHADOWS];
    private long decisions;
    private long unscored;
    private long unattributed;
    private long lastSequence = -1;
    private long limit = Long.MAX_VALUE;
    private boolean reachedLimit;

    /**
     * @param dataDir the engine's data directory, whose artifact store holds every model it ran.
     * @param log     told why a model's training reference could not be read (the report says only that it
     *                could not, so that it reads the same wherever the data directory is).
     */
    public AlphaDrift(final Path dataDir, final Consumer<String> log)
    {
        this.artifacts = new ArtifactStore(dataDir);
        this.log = log;
    }

    /**
     * Read no decision for an input after {@code sequence}: the report then covers the run through that input.
     */
    public AlphaDrift limit(final long sequence)
    {
        this.limit = sequence;
        return this;
    }

    /** @return whether a decision past the {@link #limit} was met (and left out). */
    public boolean reachedLimit()
    {
        return reachedLimit;
    }

    /**
     * Also score every decision's features with a model that did not trade, and compare what it would have met and
     * predicted with its own training reference, and its predictions with the champion's: a check before promotion.
     * The model must read the run's feature graph (the caller checks its graph hash).
     *
     * @param reference its training reference, or null when it has none.
     */
    public AlphaDrift candidate(final DeployedModel model, final TrainingReference reference)
    {
        candidate = new Candidate(model, new Untraded(new ModelWindow(model.hash(), model.hashHex(),
            reference == null ? new Baseline(null, "artifact packed without a training reference (model pack " +
            "--reference)") : new Baseline(reference, null))));
        return this;
    }

    /**
     * @throws IllegalStateException on a record of another schema (a decision journal holds nothing else), or with
     *                               more predictions than an engine scores.
     */
    public void onRecord(final JournalRecord record)
    {
        if (!DecisionRecords.wrap(record, header, decision))
        {
            return; // digest checkpoints
        }
        final long sequence = decision.sequence();
        if (sequence > limit)
        {
            reachedLimit = true;
            return;
        }
        decision.getChampionHash(hash, 0, hash.length);
        final long eventTimeNs = decision.eventTimeNs();
        final DecisionRecordDecoder.FeaturesDecoder features = decision.features();
        final int featureCount = features.count();
        if (values.length < featureCount)
        {
            values = new double[featureCount];
        }
        for (int i = 0; i < featureCount; i++)
        {
            values[i] = features.next().value();
        }
        final DecisionRecordDecoder.PredictionsDecoder predictions = decision.predictions();
        final double championPrediction = predictions.count() == 0 ? Double.NaN : predictions.next().value();
        final int shadowCount = Math.max(0, predictions.count() - 1);
        if (shadowCount > ModelRoster.MAX_SHADOWS)
        {
            throw new IllegalStateException("record " + record.sequence() + " of " + record.file().getFileName() +
                " (input sequence " + sequence + ") holds " + predictions.count() + " predictions: an engine " +
                "scores at most " + (1 + ModelRoster.MAX_SHADOWS));
        }
        for (int i = 0; i < shadowCount; i++)
        {
            shadowPredictions[i] = predictions.next().value();
        }
        lastSequence = sequence;
        decisions++;
        final boolean scored = !isZero(hash);
        final double traded = scored ? championPrediction : Double.NaN;
        if (scored)
        {
            if (current == null || !Arrays.equals(hash, current.hash))
            {
                current = models.computeIfAbsent(HexFormat.of().formatHex(hash),
                    (hex) -> new ModelWindow(hash.clone(), hex, baseline(hex)));
            }
            current.record(sequence, eventTimeNs, values, featureCount, championPrediction);
        }
        else
        {
            unscored++;
        }
        readShadows(sequence, eventTimeNs, featureCount, shadowCount, traded);
        if (candidate != null)
        {
            candidate.score(sequence, eventTimeNs, values, featureCount, traded, log);
        }
    }

    /** Each shadow's prediction, to the shadow named beside it (records of decision schema version 1 name none). */
    private void readShadows(
        final long sequence,
        final long eventTimeNs,
        final int featureCount,
        final int shadowCount,
        final double traded)
    {
        for (final DecisionRecordDecoder.OrdersDecoder ignored : decision.orders())
        {
            // the orders group lies between the predictions and the shadows
        }
        final DecisionRecordDecoder.ShadowsDecoder named = decision.shadows();
        if (named.count() != shadowCount)
        {
            unattributed += shadowCount;
            return;
        }
        for (int i = 0; i < shadowCount; i++)
        {
            named.next().getHash(hash, 0, hash.length);
            if (lastShadows[i] == null || !Arrays.equals(hash, lastShadows[i].window.hash))
            {
                lastShadows[i] = shadows.computeIfAbsent(HexFormat.of().formatHex(hash),
                    (hex) -> new Untraded(new ModelWindow(hash.clone(), hex, baseline(hex))));
            }
            lastShadows[i].record(sequence, eventTimeNs, values, featureCount, shadowPredictions[i], traded);
        }
    }

    /** @return the input sequence of the last decision read; meaningless while {@link #decisions()} is 0. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return the decisions read. */
    public long decisions()
    {
        return decisions;
    }

    /**
     * The report as JSON: per model that traded, its window (sequences, event times, decisions), then for the
     * prediction and each feature the PSI, its band, and the live and training means and missing fractions.
     * {@code throughSequence} is null before the first decision. Nothing in it depends on when or where it was
     * computed.
     */
    public String report()
    {
        final JsonWriter json = new JsonWriter().beginObject().name("channel").value("research")
            .name("throughSequence").valueOrNull(lastSequence, decisions > 0).name("decisions").value(decisions)
            .name("unscored").value(unscored).name("unattributedShadowPredictions").value(unattributed)
            .name("bands").beginObject()
            .name("moderate").value(MODERATE).name("significant").value(SIGNIFICANT).endObject()
            .name("models").beginArray();
        for (final ModelWindow model : models.values())
        {
            model.report(json);
        }
        json.endArray().name("shadows").beginArray();
        for (final Untraded shadow : shadows.values())
        {
            json.beginObject();
            shadow.body(json);
            json.endObject();
        }
        json.endArray();
        if (candidate != null)
        {
            json.name("candidate");
            candidate.report(json);
        }
        return json.endObject().toString();
    }

    /**
     * @return the worst band over every compared model's prediction and features: stable, moderate or
     * significant; "no data" when no model could be compared.
     */
    public String worstBand()
    {
        double worst = Double.NaN;
        for (final ModelWindow model : models.values())
        {
            worst = worse(worst, model.worstPsi());
        }
        return band(worst);
    }

    /** @return the candidate's worst band, as {@link #worstBand()}; "no data" without a candidate. */
    public String candidateBand()
    {
        return band(candidate == null ? Double.NaN : candidate.comparison.window.worstPsi());
    }

    /** @return the worst band over every shadow, as {@link #worstBand()}; "no data" when none could be compared. */
    public String shadowBand()
    {
        double worst = Double.NaN;
        for (final Untraded shadow : shadows.values())
        {
            worst = worse(worst, shadow.window.worstPsi());
        }
        return band(worst);
    }

    /** @return whether any decision read had a shadow scored beside the champion. */
    public boolean hadShadows()
    {
        return !shadows.isEmpty() || unattributed > 0;
    }

    /** The larger, where NaN (nothing compared) loses to any number. */
    private static double worse(final double a, final double b)
    {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    static String band(final double psi)
    {
        return Double.isNaN(psi) ? "no data" : psi > SIGNIFICANT ? "significant" : psi > MODERATE ? "moderate" :
            "stable";
    }

    private Baseline baseline(final String hashHex)
    {
        try
        {
            final Path kept = artifacts.find(hashHex);
            if (kept == null)
            {
                return new Baseline(null, "no artifact with this hash in " + ArtifactStore.DIRECTORY +
                    " (a model from the config's weights has no training reference)");
            }
            final TrainingReference reference = TrainingReference.of(ModelArtifact.open(kept));
            return reference == null ?
                new Baseline(null, "artifact packed without a training reference (model pack --reference)") :
                new Baseline(reference, null);
        }
        catch (final RuntimeException ex)
        {
            log.accept("alpha drift: the training reference of model " + hashHex + " cannot be read: " +
                ex.getMessage());
            return new Baseline(null, "training reference unreadable (its reason is logged)");
        }
    }

    private static boolean isZero(final byte[] bytes)
    {
        for (final byte b : bytes)
        {
            if (b != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** What a model's decisions are compared with: its training reference, or why there is none. */
    private record Baseline(TrainingReference training, String note)
    {
    }

    /** One model's decisions: while it traded, how its inputs and outputs compare with its training. */
    private static final class ModelWindow
    {
        private final byte[] hash;
        private final String hashHex;
        private final Baseline baseline;
        private final LiveColumn[] features;
        private final LiveColumn prediction;
        private long decisions;
        private long firstSequence = -1;
        private long lastSequence;
        private long firstEventTimeNs;
        private long lastEventTimeNs;

        ModelWindow(final byte[] hash, final String hashHex, final Baseline baseline)
        {
            this.hash = hash;
            this.hashHex = hashHex;
            this.baseline = baseline;
            final TrainingReference training = baseline.training();
            features = new LiveColumn[training == null ? 0 : training.features().size()];
            for (int i = 0; i < features.length; i++)
            {
                features[i] = new LiveColumn(training.features().get(i));
            }
            prediction = training == null ? null : new LiveColumn(training.prediction());
        }

        /**
         * @param values the decision's features; the model reads the first ones of the graph, in order, and the
         *               rest of the record is not its input. A record with fewer counts the rest as missing.
         */
        void record(
            final long sequence,
            final long eventTimeNs,
            final double[] values,
            final int featureCount,
            final double predicted)
        {
            if (firstSequence < 0)
            {
                firstSequence = sequence;
                firstEventTimeNs = eventTimeNs;
            }
            lastSequence = sequence;
            lastEventTimeNs = eventTimeNs;
            decisions++;
            for (int i = 0; i < features.length; i++)
            {
                features[i].add(i < featureCount ? values[i] : Double.NaN);
            }
            if (prediction != null)
            {
                prediction.add(predicted);
            }
        }

        double worstPsi()
        {
            double worst = prediction == null ? Double.NaN : prediction.psi();
            for (final LiveColumn feature : features)
            {
                worst = worse(worst, feature.psi());
            }
            return worst;
        }

        void report(final JsonWriter json)
        {
            json.beginObject();
            body(json);
            json.endObject();
        }

        void body(final JsonWriter json)
        {
            json.name("hash").value(hashHex).name("decisions").value(decisions)
                .name("firstSequence").value(firstSequence).name("lastSequence").value(lastSequence)
                .name("firstEventTimeNs").value(firstEventTimeNs).name("lastEventTimeNs").value(lastEventTimeNs);
            if (prediction == null)
            {
                json.name("reference").value((String)null).name("note").value(baseline.note());
                return;
            }
            json.name("reference").beginObject().name("rows").value(baseline.training().rows()).endObject()
                .name("band").value(band(worstPsi())).name("significant").beginArray();
            for (final LiveColumn feature : features)
            {
                if (feature.psi() > SIGNIFICANT)
                {
                    json.value(feature.reference().name());
                }
            }
            json.endArray().name("prediction");
            column(json, prediction);
            json.name("features").beginArray();
            for (final LiveColumn feature : features)
            {
                column(json, feature);
            }
            json.endArray();
        }

        private static void column(final JsonWriter json, final LiveColumn column)
        {
            final ColumnDistribution reference = column.reference();
            final double psi = column.psi();
            json.beginObject().name("name").value(reference.name()).name("psi").value(psi)
                .name("band").value(band(psi)).name("mean").value(column.mean())
                .name("referenceMean").value(reference.mean())
                .name("missing").value(column.missingFraction())
                .name("referenceMissing").value(reference.missingFraction()).endObject();
        }
    }

    /**
     * A model that did not trade, beside the one that did on the same decisions: a shadow the engine scored, or a
     * candidate scored here.
     */
    private static final class Untraded
    {
        private final ModelWindow window;
        private final Agreement withChampion = new Agreement();

        Untraded(final ModelWindow window)
        {
            this.window = window;
        }

        /** @param champion the prediction that traded, NaN when none did. */
        void record(
            final long sequence,
            final long eventTimeNs,
            final double[] values,
            final int featureCount,
            final double predicted,
            final double champion)
        {
            window.record(sequence, eventTimeNs, values, featureCount, predicted);
            if (!Double.isNaN(predicted) && !Double.isNaN(champion))
            {
                withChampion.add(predicted, champion);
            }
        }

        void body(final JsonWriter json)
        {
            window.body(json);
            json.name("champion").beginObject()
                .name("decisions").value(withChampion.rows())
                .name("correlation").value(withChampion.informationCoefficient())
                .name("signAgreement").value(withChampion.hitRate()).endObject();
        }
    }

    /** A model that did not trade, scored on every decision's features as if it had. */
    private static final class Candidate
    {
        private final DeployedModel model;
        private final Untraded comparison;
        private long errors;
        private boolean threw;

        Candidate(final DeployedModel model, final Untraded comparison)
        {
            this.model = model;
            this.comparison = comparison;
        }

        /**
         * A record with fewer features than the model reads (a run restarted on another graph), an exception and a
         * faulty prediction (the engine's own rule, {@link ModelRoster#isFaulty}) count as errors, and as missing.
         */
        void score(
            final long sequence,
            final long eventTimeNs,
            final double[] values,
            final int featureCount,
            final double champion,
            final Consumer<String> log)
        {
            double predicted = Double.NaN;
            if (featureCount < model.model().featureCount())
            {
                errors++;
            }
            else
            {
                try
                {
                    predicted = model.model().predict(values);
                    if (ModelRoster.isFaulty(predicted, values, model))
                    {
                        errors++;
                        predicted = Double.NaN;
                    }
                }
                catch (final RuntimeException ex)
                {
                    if (!threw)
                    {
                        threw = true; // the first says why; the count says how often
                        log.accept("alpha drift: candidate " + model.hashHex() + " threw at input " + sequence +
                            ": " + ex);
                    }
                    errors++;
                }
            }
            comparison.record(sequence, eventTimeNs, values, featureCount, predicted, champion);
        }

        void report(final JsonWriter json)
        {
            json.beginObject();
            comparison.body(json);
            json.name("errors").value(errors).endObject();
        }
    }
}
