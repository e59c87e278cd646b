package io.lockstep.engine.model;

import io.lockstep.engine.EngineCounters;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The models of one engine step and what each does, owned by the business thread: the champion (it trades, at
 * its canary fraction of normal size), the previous champion (kept loaded: rollback is one control input and
 * takes effect on the next event), the shadows (scored after the order is sent, never trading) and the models
 * that are ready (passed their deploy contract, announced by a sequenced ModelReady input).
 * <p>
 * Every change happens at a control input's place in the sequence, and every quarantine at an event's, so replay
 * reproduces them. A model that throws, returns an infinity, or returns NaN for features that are all finite is
 * quarantined: it is dropped, counted and reported, and the champion falls back to the previous model, which
 * scores the same event. Scoring is allocation-free; control inputs and quarantines (rare) may allocate.
 */
public final class ModelRoster
{
    public static final int FULL_SIZE_PPM = 1_000_000;
    public static final int MAX_SHADOWS = 4;
    /**
     * The command id of a control input no admin sent (ingress's kill switch after a feed gap): an admin's ids are
     * never 0, and no admin waits for this one's answer, so it leaves the last command as it was.
     */
    public static final long NO_COMMAND_ID = 0;
    private static final int MAX_READY = 16;
    private static final int MAX_EVENTS = 32;

    /** Turns a sequenced ModelReady into the deployed model: the admin agent's registry live, a loader in replay. */
    @FunctionalInterface
    public interface Resolver
    {
        /**
         * @return the model whose hash is the 32 bytes at {@code hashOffset}, loaded from {@code location}; null
         * when there is none (the input is then refused and counted).
         */
        DeployedModel resolve(DirectBuffer buffer, int hashOffset, String location);

        /**
         * A ModelReady for a model that is ready already: let go of any copy deployed for it. Replay deploys only
         * what it resolves, so it has none.
         */
        default void discard(DirectBuffer buffer, int hashOffset)
        {
        }
    }

    /** What the admin agent reports: a snapshot, replaced after every change. */
    public record Status(
        DeployedModel champion,
        int championPpm,
        DeployedModel previous,
        List<DeployedModel> shadows,
        List<DeployedModel> ready,
        long lastCommandId,
        boolean lastCommandApplied,
        String lastOutcome,
        List<String> events)
    {
    }

    private final Resolver resolver;
    private final EngineCounters counters;
    private final DeployedModel[] ready = new DeployedModel[MAX_READY];
    private int readyCount;
    private DeployedModel champion;
    private int championPpm = FULL_SIZE_PPM;
    private DeployedModel previous;
    private int previousPpm = FULL_SIZE_PPM;
    private final DeployedModel[] shadows = new DeployedModel[MAX_SHADOWS];
    private int shadowCount;
    private final double[] predictions = new double[1 + MAX_SHADOWS];
    /** The shadow behind each of {@code predictions[1..]}, as it stood when scored (a faulty one is dropped after). */
    private final DeployedModel[] scoredShadows = new DeployedModel[MAX_SHADOWS];
    private int predictionCount = 1;
    private DeployedModel scoredBy;
    private final List<String> events = new ArrayList<>();
    private long lastCommandId;
    private boolean lastCommandApplied;
    private String lastOutcome;
    private volatile Status status;

    public ModelRoster(final DeployedModel champion, final Resolver resolver, final EngineCounters counters)
    {
        this.resolver = resolver;
        this.counters = counters;
        this.champion = champion;
        addReady(champion);
        events.add("started with champion " + champion);
        publishQuietly();
    }

    // ---- per event ----

    /**
     * Score the event with the champion, falling back on quarantine.
     *
     * @return the prediction that trades, NaN when there is none (no champion left, or features not warm).
     */
    public double scoreChampion(final double[] features, final long sequence)
    {
        while (champion != null)
        {
            final DeployedModel model = champion;
            final double prediction;
            try
            {
                prediction = model.model().predict(features);
            }
            catch (final RuntimeException ex)
            {
                quarantineChampion(sequence, "threw " + ex);
                continue;
            }
            if (isFaulty(prediction, features, model))
            {
                quarantineChampion(sequence, "predicted " + prediction + " for finite features");
                continue;
            }
            scoredBy = model;
            predictions[0] = prediction;
            return prediction;
        }
        scoredBy = null;
        predictions[0] = Double.NaN;
        return Double.NaN;
    }

    /**
     * @return the order quantity at the champion's canary fraction, rounded down (0: no order).
     */
    public long size(final long quantity)
    {
        if (championPpm == FULL_SIZE_PPM)
        {
            return quantity;
        }
        // Exact floor(quantity * ppm / 1e6) without overflowing for any long quantity.
        return quantity / FULL_SIZE_PPM * championPpm + quantity % FULL_SIZE_PPM * championPpm / FULL_SIZE_PPM;
    }

    /**
     * Score the shadows, after the order was sent. A faulty shadow scores NaN for this event and is dropped.
     */
    public void scoreShadows(final double[] features, final long sequence)
    {
        // Counted here, not before the champion: a quarantine there can take the fallback off the shadows.
        predictionCount = 1 + shadowCount;
        int faulty = 0;
        for (int i = 0; i < shadowCount; i++)
        {
            final DeployedModel shadow = shadows[i];
            scoredShadows[i] = shadow;
            double prediction;
            try
            {
                prediction = shadow.model().predict(features);
                if (isFaulty(prediction, features, shadow))
                {
                    faulty |= 1 << i;
                    prediction = Double.NaN;
                }
            }
            catch (final RuntimeException ex)
            {
                faulty |= 1 << i;
                prediction = Double.NaN;
            }
            predictions[1 + i] = prediction;
        }
        for (int i = shadowCount; i < MAX_SHADOWS && scoredShadows[i] != null; i++)
        {
            scoredShadows[i] = null; // a removed shadow is not kept loaded by its last record
        }
        if (faulty != 0)
        {
            for (int i = shadowCount - 1; i >= 0; i--)
            {
                if ((faulty & (1 << i)) != 0)
                {
                    final DeployedModel dropped = shadows[i];
                    quarantine(dropped, sequence, "shadow returned a non-finite prediction or threw");
                    removeShadow(i);
                    if (previous == dropped)
                    {
                        // Never roll back to a model known to be faulty.
                        previous = null;
                        previousPpm = FULL_SIZE_PPM;
                    }
                }
            }
            publishQuietly();
        }
    }

    /**
     * @return whether a prediction is a fault: infinite, or NaN although every feature the model reads is finite.
     */
    public static boolean isFaulty(final double prediction, final double[] features, final DeployedModel model)
    {
        if (Double.isInfinite(prediction))
        {
            return true;
        }
        if (Double.isNaN(prediction))
        {
            // NaN is the honest answer while a feature is still warming up; for finite features it is a fault.
            for (int i = 0, n = model.model().featureCount(); i < n; i++)
            {
                if (!Double.isFinite(features[i]))
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private void quarantineChampion(final long sequence, final String why)
    {
        quarantine(champion, sequence, why);
        champion = previous;
        championPpm = previousPpm;
        previous = null;
        previousPpm = FULL_SIZE_PPM;
        dropShadow(champion);
        events.add("sequence " + sequence + ": champion now " +
            (champion == null ? "none: not trading" : champion.toString()));
        publishQuietly();
    }

    private void quarantine(final DeployedModel model, final long sequence, final String why)
    {
        counters.increment(EngineCounters.MODEL_QUARANTINES);
        events.add("sequence " + sequence + ": quarantined " + model + ": " + why);
        removeReady(model);
    }

    // ---- control inputs ----

    /**
     * A model passed its contract: from here on it may be named. When the same artifact is ready already, the
     * roster keeps the first and a duplicate load's copy is discarded.
     */
    public boolean onReady(
        final long commandId, final DirectBuffer buffer, final int hashOffset, final String location)
    {
        final DeployedModel already = find(buffer, hashOffset);
        if (already != null)
        {
            resolver.discard(buffer, hashOffset);
            return publish(commandId, true, "already ready: " + already);
        }
        final DeployedModel model = resolver.resolve(buffer, hashOffset, location);
        if (model == null)
        {
            return publish(commandId, false, "no deployed model for " + location);
        }
        addReady(model);
        return publish(commandId, true, "ready: " + model);
    }

    public boolean onSwap(final long commandId, final DirectBuffer buffer, final int hashOffset)
    {
        return promote(commandId, buffer, hashOffset, FULL_SIZE_PPM);
    }

    public boolean onCanary(final long commandId, final DirectBuffer buffer, final int hashOffset, final long ppm)
    {
        if (ppm < 0 || ppm > FULL_SIZE_PPM)
        {
            return publish(commandId, false, "canary fraction " + ppm + " ppm is outside 0.." + FULL_SIZE_PPM);
        }
        return promote(commandId, buffer, hashOffset, (int)ppm);
    }

    private boolean promote(final long commandId, final DirectBuffer buffer, final int hashOffset, final int ppm)
    {
        final DeployedModel model = find(buffer, hashOffset);
        if (model == null)
        {
            return publish(commandId, false, "not ready (load it first): " + hex(buffer, hashOffset));
        }
        if (model != champion)
        {
            previous = champion;
            previousPpm = championPpm;
            champion = model;
            dropShadow(model);
        }
        championPpm = ppm;
        counters.increment(EngineCounters.MODEL_SWAPS);
        return publish(commandId, true, "champion " + champion + " at " + ppm + " ppm of normal size, previous " +
            previous);
    }

    public boolean onRollback(final long commandId)
    {
        if (previous == null)
        {
            return publish(commandId, false, "no previous model to roll back to");
        }
        final DeployedModel rolledBack = champion;
        final int rolledBackPpm = championPpm;
        champion = previous;
        championPpm = previousPpm;
        previous = rolledBack;
        previousPpm = rolledBackPpm;
        dropShadow(champion); // as a swap does: a champion is never its own shadow
        counters.increment(EngineCounters.MODEL_ROLLBACKS);
        return publish(commandId, true, "rolled back: champion " + champion + ", previous " + previous);
    }

    public boolean onShadowAdd(final long commandId, final DirectBuffer buffer, final int hashOffset)
    {
        final DeployedModel model = find(buffer, hashOffset);
        if (model == null)
        {
            return publish(commandId, false, "not ready (load it first): " + hex(buffer, hashOffset));
        }
        if (model == champion || indexOfShadow(model) >= 0)
        {
            return publish(commandId, false, model + " is already the champion or a shadow");
        }
        if (shadowCount == MAX_SHADOWS)
        {
            return publish(commandId, false, "already " + MAX_SHADOWS + " shadows: remove one first");
        }
        shadows[shadowCount++] = model;
        return publish(commandId, true, "shadow " + model);
    }

    public boolean onShadowRemove(final long commandId, final DirectBuffer buffer, final int hashOffset)
    {
        final DeployedModel model = find(buffer, hashOffset);
        final int index = model == null ? -1 : indexOfShadow(model);
        if (index < 0)
        {
            return publish(commandId, false, "not a shadow: " + hex(buffer, hashOffset));
        }
        removeShadow(index);
        return publish(commandId, true, "shadow removed: " + model);
    }

    // ---- state ----

    /** @return the model that produced this event's {@code predictions()[0]}, null when none did. */
    public DeployedModel scoredBy()
    {
        return scoredBy;
    }

    /** @return champion first, then each shadow, for the decision record. */
    public double[] predictions()
    {
        return predictions;
    }

    public int predictionCount()
    {
        return predictionCount;
    }

    /** @return the shadow behind each of {@code predictions[1..predictionCount)}, for the decision record. */
    public DeployedModel[] scoredShadows()
    {
        return scoredShadows;
    }

    public DeployedModel champion()
    {
        return champion;
    }

    public DeployedModel previous()
    {
        return previous;
    }

    public int championPpm()
    {
        return championPpm;
    }

    /** @return the latest snapshot; safe from any thread. */
    public Status status()
    {
        return status;
    }

    /**
     * The outcome of a control command that is not about models (the kill switch, a risk limit), published with the
     * models' so that the admin agent answers it, and listed among the events. A control input: rare, it may
     * allocate.
     */
    public void onControlCommand(final long sequence, final long commandId, final boolean applied,
        final String outcome)
    {
        events.add("sequence " + sequence + ": " + outcome);
        if (commandId == NO_COMMAND_ID)
        {
            publishQuietly();
            return;
        }
        record(commandId, applied, outcome);
    }

    /**
     * Record a model command's outcome and publish a new status snapshot.
     */
    private boolean publish(final long commandId, final boolean applied, final String outcome)
    {
        if (!applied)
        {
            counters.increment(EngineCounters.MODEL_COMMANDS_REFUSED);
        }
        record(commandId, applied, outcome);
        return applied;
    }

    private void record(final long commandId, final boolean applied, final String outcome)
    {
        lastCommandId = commandId;
        lastCommandApplied = applied;
        lastOutcome = outcome;
        publishQuietly();
    }

    /** Publish a new status snapshot for the admin agent. */
    private void publishQuietly()
    {
        while (events.size() > MAX_EVENTS)
        {
            events.remove(0);
        }
        final List<DeployedModel> shadowList = new ArrayList<>();
        for (int i = 0; i < shadowCount; i++)
        {
            shadowList.add(shadows[i]);
        }
        final List<DeployedModel> readyList = new ArrayList<>();
        for (int i = 0; i < readyCount; i++)
        {
            readyList.add(ready[i]);
        }
        status = new Status(champion, championPpm, previous, List.copyOf(shadowList), List.copyOf(readyList),
            lastCommandId, lastCommandApplied, lastOutcome, List.copyOf(events));
    }

    private DeployedModel find(final DirectBuffer buffer, final int hashOffset)
    {
        for (int i = 0; i < readyCount; i++)
        {
            if (ready[i].hasHash(buffer, hashOffset))
            {
                return ready[i];
            }
        }
        return null;
    }

    private void addReady(final DeployedModel model)
    {
        if (readyCount == MAX_READY)
        {
            // Forget the oldest model that has no role; the sequence decides which, so replay forgets the same.
            for (int i = 0; i < readyCount; i++)
            {
                final DeployedModel candidate = ready[i];
                if (candidate != champion && candidate != previous && indexOfShadow(candidate) < 0)
                {
                    removeReady(candidate);
                    break;
                }
            }
            if (readyCount == MAX_READY)
            {
                throw new IllegalStateException("all " + MAX_READY + " ready models have a role");
            }
        }
        ready[readyCount++] = model;
    }

    private void removeReady(final DeployedModel model)
    {
        for (int i = 0; i < readyCount; i++)
        {
            if (ready[i] == model)
            {
                System.arraycopy(ready, i + 1, ready, i, readyCount - i - 1);
                ready[--readyCount] = null;
                return;
            }
        }
    }

    private int indexOfShadow(final DeployedModel model)
    {
        for (int i = 0; i < shadowCount; i++)
        {
            if (shadows[i] == model)
            {
                return i;
            }
        }
        return -1;
    }

    /** A model that trades is not also a shadow. */
    private void dropShadow(final DeployedModel model)
    {
        final int index = model == null ? -1 : indexOfShadow(model);
        if (index >= 0)
        {
            removeShadow(index);
        }
    }

    private void removeShadow(final int index)
    {
        System.arraycopy(shadows, index + 1, shadows, index, shadowCount - index - 1);
        shadows[--shadowCount] = null;
    }

    private static String hex(final DirectBuffer buffer, final int offset)
    {
        final byte[] bytes = new byte[DeployedModel.HASH_LENGTH];
        buffer.getBytes(offset, bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
