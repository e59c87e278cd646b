package io.lockstep.replay;

import io.lockstep.engine.DecisionRecorder;
import io.lockstep.engine.DecisionVerifier;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.EngineStep;
import io.lockstep.engine.OrderSink;
import io.lockstep.engine.RunManifest;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.model.StoredModels;
import io.lockstep.features.FeaturePlan;
import io.lockstep.journal.JournalCorruptionException;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives the same business step the engine ran from its input journal: the config written next to the journals
 * rebuilds the same feature plan, model, strategy and risk limits; orders go to a counting sink instead of Aeron.
 * Each recomputed decision record and digest checkpoint goes to a {@link DecisionRecorder.Sink}: a comparison
 * with the live decision journal ({@link DecisionVerifier}), a CSV writer, or nothing.
 */
public final class Replay implements AutoCloseable
{
    /** How one journaled input reaches the step: as it was (a replay), or changed (a backtest). */
    @FunctionalInterface
    public interface InputStep
    {
        void apply(EngineStep step, JournalRecord record);
    }

    /** Every input as it was journaled. */
    public static final InputStep AS_JOURNALED = (step, record) -> step.apply(record.sequence(),
        record.receiveTimeNs(), record.protocol(), record.buffer(), record.payloadOffset(), record.payloadLength());

    private final Path dataDir;
    private final EngineSettings settings;
    private final FeaturePlan plan;
    private final EngineStep step;
    private final EngineCounters counters = new EngineCounters();
    private final JournalReader inputs;
    private final StoredModels models;
    private final InputStep inputStep;
    private long records;
    private long lastSequence = -1;
    private boolean tornTail;
    private boolean pastEnd;
    private boolean wholeJournal;
    private long toReceiveTimeNs = Long.MAX_VALUE;

    /**
     * @param sink where recomputed decisions go.
     */
    public Replay(final Path dataDir, final DecisionRecorder.Sink sink)
    {
        this(dataDir, sink, false);
    }

    /**
     * @param override replay even when the run manifest says this build cannot reproduce the run.
     * @throws IllegalStateException naming what differs from the manifest, unless overridden.
     */
    public Replay(final Path dataDir, final DecisionRecorder.Sink sink, final boolean override)
    {
        this(dataDir, sink, override, (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) ->
            true, AS_JOURNALED, null);
    }

    /**
     * @param orders    where the step's orders go.
     * @param inputStep how each journaled input reaches the step.
     * @param champion  an artifact to start with instead of the run's model (it must read the run's feature
     *                  graph: the deploy contract is checked), or null for the run's.
     */
    public Replay(
        final Path dataDir,
        final DecisionRecorder.Sink sink,
        final boolean override,
        final OrderSink orders,
        final InputStep inputStep,
        final Path champion)
    {
        this.dataDir = dataDir;
        this.inputStep = inputStep;
        final Path config = dataDir.resolve("engine.config");
        final Path inputJournal = dataDir.resolve("inputs");
        if (!Files.isRegularFile(config) || !Files.isDirectory(inputJournal))
        {
            throw new IllegalArgumentException(dataDir + " is not an engine data directory: expected engine.config " +
                "and inputs/ in it");
        }
        try
        {
            settings = EngineSettings.recorded(ConfigFile.parse(config.toString(), Files.readString(config)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + config, ex);
        }
        final ArtifactStore artifacts = new ArtifactStore(dataDir);
        final Properties manifest = RunManifest.read(dataDir);
        artifacts.useKeptCopies(settings, manifest, (configured) -> true);
        if (champion != null)
        {
            settings.modelArtifact = champion;
        }
        plan = settings.featurePlan();
        if (!override)
        {
            checkManifest(manifest, champion == null);
        }
        models = new StoredModels(plan, artifacts);
        step = EngineStep.of(settings, plan, orders, sink, counters, models);
        inputs = JournalReader.open(inputJournal);
    }

    /**
     * Apply inputs until the journal ends (or, following, until {@code stop} says so), or past {@code toSequence}.
     *
     * @param follow   when the journal ends, wait for more unless {@code stop} is true.
     * @param progress called every million inputs.
     * @return inputs applied.
     */
    public long run(
        final long toSequence, final boolean follow, final BooleanSupplier stop, final Consumer<Long> progress)
    {
        return run(toSequence, Long.MAX_VALUE, follow, stop, progress);
    }

    /**
     * As {@link #run(long, boolean, BooleanSupplier, Consumer)}, also stopping before the first input received
     * after {@code toReceiveTimeNs} (the journal's receive time, ns since the epoch).
     */
    public long run(
        final long toSequence,
        final long toReceiveTimeNs,
        final boolean follow,
        final BooleanSupplier stop,
        final Consumer<Long> progress)
    {
        this.toReceiveTimeNs = toReceiveTimeNs;
        while (!pastEnd)
        {
            final int polled;
            try
            {
                final long left = toSequence - inputs.nextSequence() + 1;
                polled = inputs.poll(this::onInput, (int)Math.min(4096, Math.max(1, left)));
            }
            catch (final JournalCorruptionException ex)
            {
                if (!ex.isTornTail())
                {
                    throw ex;
                }
                // A crash left a half-written last record: everything before it is whole.
                tornTail = true;
                break;
            }
            if (records / 1_000_000 != (records - polled) / 1_000_000)
            {
                progress.accept(records);
            }
            if (lastSequence >= toSequence || pastEnd)
            {
                break;
            }
            if (polled == 0)
            {
                if (!follow || stop.getAsBoolean())
                {
                    break;
                }
                Thread.onSpinWait();
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        final boolean stoppedEarly = pastEnd || lastSequence >= toSequence;
        if (!follow && !tornTail && !stoppedEarly)
        {
            inputs.checkNothingBeyondEnd();
        }
        wholeJournal = !follow && !stoppedEarly;
        if (!stoppedEarly)
        {
            // As the engine does when it stops; a replay stopped short has no live counterpart to write.
            step.checkpoint();
        }
        return records;
    }

    /**
     * Refuse what this build cannot honour: a different feature graph (operator code or graph file changed) or a
     * different model than the run's, unless another champion was chosen on purpose.
     */
    private void checkManifest(final Properties manifest, final boolean sameModel)
    {
        if (manifest.isEmpty())
        {
            throw new IllegalStateException(dataDir + " has no " + RunManifest.FILE + ": cannot tell what ran " +
                "(use --override to replay anyway)");
        }
        final String graph = manifest.getProperty("features.graph.hash");
        if (!plan.graphHash().equals(graph))
        {
            throw new IllegalStateException("the run used feature graph " + graph + " but this build compiles " +
                plan.source() + " to " + plan.graphHash() + " (an operator's code or the graph changed); " +
                "use --override to replay anyway");
        }
        final String model = manifest.getProperty("model.hash");
        if (sameModel && !RunManifest.modelHash(settings).equals(model))
        {
            throw new IllegalStateException("the run's model " + model + " is not the model in engine.config (" +
                RunManifest.modelHash(settings) + "); use --override to replay anyway");
        }
    }

    private void onInput(final JournalRecord record)
    {
        if (pastEnd || record.receiveTimeNs() > toReceiveTimeNs)
        {
            pastEnd = true;
            return;
        }
        records++;
        lastSequence = record.sequence();
        inputStep.apply(step, record);
        if (models.failure() != null)
        {
            throw new IllegalStateException("sequence " + record.sequence() + ": " + models.failure());
        }
    }

    /** @return the run's settings, as its data directory's config gives them. */
    public EngineSettings settings()
    {
        return settings;
    }

    /** @return the digest of every recomputed decision. */
    public long digest()
    {
        return step.decisionDigest();
    }

    public FeaturePlan plan()
    {
        return plan;
    }

    /** @return the step's models: champion, previous, shadows, and its status. */
    public ModelRoster models()
    {
        return step.models();
    }

    public EngineCounters counters()
    {
        return counters;
    }

    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return true when the last run applied the input journal to its end, not following and not stopped short. */
    public boolean appliedWholeJournal()
    {
        return wholeJournal;
    }

    /** @return true when the input journal ended in a torn record (a crash), which replay stopped before. */
    public boolean endedInTornTail()
    {
        return tornTail;
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public void close()
    {
        inputs.close();
    }
}
