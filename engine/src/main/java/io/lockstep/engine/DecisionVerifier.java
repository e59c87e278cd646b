package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.features.FeaturePlan;
import io.lockstep.journal.JournalCorruptionException;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.DigestCheckpointDecoder;
import io.lockstep.sbe.decision.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Compares each recomputed decision record and digest checkpoint with the next one the live engine journaled.
 * Checkpoints must carry the same digest; records must be byte-identical, and the first that is not is described:
 * its input sequence, the stage that differs (features, inference, risk, orders) and, for features, the first
 * feature that differs with both values in decimal and as raw bits. With the records at hand the window narrowed
 * by the checkpoints is the record itself. When the live journal ends first (a crash), the comparison ends there.
 * <p>
 * A data directory an engine was restarted on holds, after the last input of each earlier start, the checkpoint
 * that start wrote as it stopped; a recomputation of the whole journal has no such stop. Such a checkpoint is held
 * to what it claims instead: the decisions recorded before it and their digest must be those recomputed so far.
 * Replay verifies a run with this, and a restarted engine verifies its own journal with it as it recovers.
 */
public final class DecisionVerifier implements DecisionRecorder.Sink, AutoCloseable
{
    private final FeaturePlan plan;
    private final JournalReader live;
    private final UnsafeBuffer liveCopy = new UnsafeBuffer(new byte[1 << 16]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderDecoder liveHeader = new MessageHeaderDecoder();
    private final DecisionRecordDecoder liveRecord = new DecisionRecordDecoder();
    private final DecisionRecordDecoder replayRecord = new DecisionRecordDecoder();
    private final DigestCheckpointDecoder liveCheckpoint = new DigestCheckpointDecoder();
    private final DigestCheckpointDecoder replayCheckpoint = new DigestCheckpointDecoder();
    private final DecisionDigest digest = new DecisionDigest();
    private final long liveWaitNs;
    private int liveLength = -1;
    private long compared;
    private long lastComparedSequence = -1;
    private long checkpointsMatched;
    private long lastCheckpointSequence = -1;
    private boolean liveEnded;
    private boolean inputsMissing;
    private boolean endedEarly;
    private String divergence;
    /** The input of a recomputed checkpoint the live journal has a later decision for; -1 while none. */
    private long liveDecidedAfter = -1;

    public DecisionVerifier(final Path decisionJournal, final FeaturePlan plan)
    {
        this(decisionJournal, plan, 0);
    }

    /**
     * @param liveWaitNs how long to wait for the live counterpart of a recomputed record when the live journal has
     *                   none yet (following a running engine, which writes a decision just after its input); 0 for a
     *                   journal that is complete.
     */
    public DecisionVerifier(final Path decisionJournal, final FeaturePlan plan, final long liveWaitNs)
    {
        this.plan = plan;
        this.live = JournalReader.open(decisionJournal);
        this.liveWaitNs = liveWaitNs;
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        if (divergence != null || liveEnded)
        {
            return;
        }
        if (liveDecidedAfter >= 0)
        {
            // Replay went on past its checkpoint: it was no end of the inputs, and the live record differs.
            divergence = divergence();
            return;
        }
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (!nextLiveBefore(templateId == DigestCheckpointDecoder.TEMPLATE_ID ?
            replayCheckpoint.wrapAndApplyHeader(buffer, offset, header).inputSequence() :
            replayRecord.wrapAndApplyHeader(buffer, offset, header).sequence()))
        {
            // A checkpoint without a live counterpart is the stop a crash never wrote: no decision is missing.
            endedEarly = liveEnded && templateId != DigestCheckpointDecoder.TEMPLATE_ID;
            return;
        }
        if (liveHeader.templateId() != templateId)
        {
            if (templateId == DigestCheckpointDecoder.TEMPLATE_ID &&
                liveRecord.wrapAndApplyHeader(liveCopy, 0, liveHeader).sequence() > replayCheckpoint.inputSequence())
            {
                // Replay's final checkpoint, if no more records follow: the live run decided on inputs it lacks.
                liveDecidedAfter = replayCheckpoint.inputSequence();
                return;
            }
            divergence = mismatch(liveHeader.templateId(), templateId);
            return;
        }
        if (templateId == DigestCheckpointDecoder.TEMPLATE_ID)
        {
            liveCheckpoint.wrapAndApplyHeader(liveCopy, 0, liveHeader);
            if (replayCheckpoint.digest() != liveCheckpoint.digest() ||
                replayCheckpoint.inputSequence() != liveCheckpoint.inputSequence())
            {
                divergence = String.format("digest checkpoint at input sequence %d: live %016x over %d decisions, " +
                    "replay %016x at sequence %d over %d decisions", liveCheckpoint.inputSequence(),
                    liveCheckpoint.digest(), liveCheckpoint.decisions(), replayCheckpoint.digest(),
                    replayCheckpoint.inputSequence(), replayCheckpoint.decisions());
                return;
            }
            checkpointsMatched++;
            lastCheckpointSequence = replayCheckpoint.inputSequence();
            return;
        }
        if (liveHeader.version() != header.version())
        {
            divergence = "the live engine wrote the decision for input sequence " + replayRecord.sequence() +
                " in decision schema version " + liveHeader.version() + " and this engine writes version " +
                header.version() + ", so no record can match byte for byte: verify the run with the engine version " +
                "its manifest.properties names";
            return;
        }
        compared++;
        lastComparedSequence = replayRecord.sequence();
        if (length != liveLength || !sameBytes(buffer, offset, length))
        {
            describe(buffer, offset);
            return;
        }
        digest.update(buffer, offset, length);
    }

    /**
     * The live journal's records after the last one compared, once nothing more will be recomputed (a replay of the
     * whole run, or a restarted engine's recovery, is over): only checkpoints written as an engine stopped may
     * remain, and each must hold.
     *
     * @param lastInput the sequence of the input journal's last record, which replay or recovery applied.
     */
    public void verifyRest(final long lastInput)
    {
        if (liveDecidedAfter >= 0)
        {
            inputsMissing(liveRecord.sequence(), lastInput);
        }
        else if (divergence == null && !liveEnded && nextLiveBefore(Long.MAX_VALUE))
        {
            if (liveHeader.templateId() == DecisionRecordDecoder.TEMPLATE_ID &&
                liveRecord.wrapAndApplyHeader(liveCopy, 0, liveHeader).sequence() > lastInput)
            {
                inputsMissing(liveRecord.sequence(), lastInput);
            }
            else
            {
                divergence = "the live engine journaled a " + name(liveHeader.templateId()) + " after the " +
                    "decisions of its last input";
            }
        }
    }

    private void inputsMissing(final long liveSequence, final long lastInput)
    {
        inputsMissing = true;
        divergence = "the live engine decided on input sequence " + liveSequence + " but the input journal ends at " +
            lastInput + ": inputs are missing from it (a segment deleted or cut short?)";
    }

    /**
     * @return the divergence is of the journals, not of the code: the live run decided on inputs the input journal
     * no longer holds.
     */
    public boolean inputsMissing()
    {
        return inputsMissing;
    }

    private static String mismatch(final int liveTemplateId, final int replayTemplateId)
    {
        return "the live engine journaled a " + name(liveTemplateId) + " where replay produced a " +
            name(replayTemplateId);
    }

    /**
     * Read the next live record, passing over (and checking) the checkpoints an earlier start wrote as it stopped
     * before the input the recomputed record is for.
     *
     * @return false when the live journal has ended or an earlier start's checkpoint does not hold.
     */
    private boolean nextLiveBefore(final long replaySequence)
    {
        while (nextLive())
        {
            liveHeader.wrap(liveCopy, 0);
            if (liveHeader.templateId() != DigestCheckpointDecoder.TEMPLATE_ID ||
                liveCheckpoint.wrapAndApplyHeader(liveCopy, 0, liveHeader).inputSequence() >= replaySequence)
            {
                return true;
            }
            if (liveCheckpoint.decisions() != compared || liveCheckpoint.digest() != digest.value() ||
                liveCheckpoint.inputSequence() < lastComparedSequence)
            {
                divergence = String.format("the checkpoint the live engine wrote as it stopped after input sequence " +
                    "%d says %016x over %d decisions, replay has %016x over %d, the last for input sequence %d",
                    liveCheckpoint.inputSequence(), liveCheckpoint.digest(), liveCheckpoint.decisions(),
                    digest.value(), compared, lastComparedSequence);
                return false;
            }
            checkpointsMatched++;
            lastCheckpointSequence = liveCheckpoint.inputSequence();
        }
        return false;
    }

    private boolean sameBytes(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != liveCopy.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    private boolean nextLive()
    {
        final long deadline = System.nanoTime() + liveWaitNs;
        while (!pollLive())
        {
            if (System.nanoTime() - deadline >= 0)
            {
                if (liveWaitNs == 0)
                {
                    live.checkNothingBeyondEnd(); // no longer written: an end with records after it is damage
                }
                liveEnded = true;
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
        return true;
    }

    /** @return true when a whole live record was read; a torn last record is one still being written, or a crash. */
    private boolean pollLive()
    {
        liveLength = -1;
        try
        {
            live.poll(this::copyLive, 1);
        }
        catch (final JournalCorruptionException ex)
        {
            if (!ex.isTornTail())
            {
                throw ex;
            }
        }
        return liveLength >= 0;
    }

    private void copyLive(final JournalRecord record)
    {
        liveLength = record.payloadLength();
        liveCopy.putBytes(0, record.buffer(), record.payloadOffset(), liveLength);
    }

    private void describe(final DirectBuffer buffer, final int offset)
    {
        final Decision live = Decision.read(liveRecord.wrapAndApplyHeader(liveCopy, 0, liveHeader));
        final Decision replay = Decision.read(replayRecord.wrapAndApplyHeader(buffer, offset, header));
        final long sequence = replay.sequence;
        if (live.sequence != sequence)
        {
            divergence = "decision for input sequence " + live.sequence + " live, " + sequence +
                " in replay: a different input was evaluated (stage: feed handler / order book)";
            return;
        }
        final String at = "first divergence at input sequence " + sequence + ", stage ";
        if (!live.event.equals(replay.event))
        {
            divergence = at + "feed handler / order book: the event was " + live.event + " live, " + replay.event +
                " in replay";
            return;
        }
        final int feature = firstDifference(live.features, replay.features);
        if (feature >= 0)
        {
            final String name = feature < plan.outputs().size() ? plan.outputs().get(feature).name() : "#" + feature;
            divergence = at + "features: feature '" + name + "' " + bits(live.features, replay.features, feature);
            return;
        }
        if (!live.champion.equals(replay.champion))
        {
            divergence = at + "inference: scored by model " + live.champion + " live, " + replay.champion +
                " in replay (zeros: none)";
            return;
        }
        if (firstDifference(live.predictions, replay.predictions) == 0)
        {
            divergence = at + "inference: prediction " + bits(live.predictions, replay.predictions, 0);
            return;
        }
        if (!live.verdict.equals(replay.verdict))
        {
            divergence = at + "risk: live " + live.verdict + ", replay " + replay.verdict;
            return;
        }
        if (!live.orders.equals(replay.orders))
        {
            divergence = at + "orders: live " + live.orders + ", replay " + replay.orders;
            return;
        }
        if (!live.shadows.equals(replay.shadows))
        {
            divergence = at + "shadows: live scored " + live.shadows + ", replay " + replay.shadows;
            return;
        }
        final int shadow = firstDifference(live.predictions, replay.predictions);
        divergence = at + (shadow > 0 ? "shadows: shadow " + live.shadows.get(shadow - 1) + " predicted " +
            bits(live.predictions, replay.predictions, shadow) : "unknown: the records differ in bytes no field holds");
    }

    /** @return the first index where the two differ in raw bits or one has no value, -1 when none. */
    private static int firstDifference(final double[] live, final double[] replay)
    {
        for (int i = 0; i < Math.max(live.length, replay.length); i++)
        {
            if (i >= live.length || i >= replay.length ||
                Double.doubleToRawLongBits(live[i]) != Double.doubleToRawLongBits(replay[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static String bits(final double[] live, final double[] replay, final int index)
    {
        return "live " + bits(live, index) + " replay " + bits(replay, index);
    }

    private static String bits(final double[] values, final int index)
    {
        return index >= values.length ? "(none)" :
            String.format("%s (0x%016x)", values[index], Double.doubleToRawLongBits(values[index]));
    }

    /**
     * A decision record read whole: SBE groups can only be read one after the other, in schema order. Only a
     * divergence is read this way.
     */
    private record Decision(
        long sequence, String event, String champion, double[] features, double[] predictions, String verdict,
        List<String> orders, List<String> shadows)
    {
        static Decision read(final DecisionRecordDecoder record)
        {
            final long sequence = record.sequence();
            final String event = "of instrument " + record.instrumentId() + " at event time " + record.eventTimeNs();
            final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
            record.getChampionHash(hash, 0, hash.length);
            final String champion = HexFormat.of().formatHex(hash);
            final String verdict = record.riskVerdict() + "/" + record.riskReason();
            final DecisionRecordDecoder.FeaturesDecoder features = record.features();
            final double[] featureValues = new double[features.count()];
            for (int i = 0; i < featureValues.length; i++)
            {
                featureValues[i] = features.next().value();
            }
            final DecisionRecordDecoder.PredictionsDecoder predictions = record.predictions();
            final double[] predicted = new double[predictions.count()];
            for (int i = 0; i < predicted.length; i++)
            {
                predicted[i] = predictions.next().value();
            }
            final List<String> orders = new ArrayList<>();
            for (final DecisionRecordDecoder.OrdersDecoder order : record.orders())
            {
                orders.add(order.side() + " " + order.quantity() + " at " + order.price() + " (clOrdId " +
                    order.clOrdId() + ")");
            }
            final List<String> shadows = new ArrayList<>();
            for (final DecisionRecordDecoder.ShadowsDecoder shadow : record.shadows())
            {
                shadow.getHash(hash, 0, hash.length);
                shadows.add(HexFormat.of().formatHex(hash));
            }
            return new Decision(sequence, event, champion, featureValues, predicted, verdict, orders, shadows);
        }
    }

    private static String name(final int templateId)
    {
        return templateId == DigestCheckpointDecoder.TEMPLATE_ID ? "digest checkpoint" :
            templateId == DecisionRecordDecoder.TEMPLATE_ID ? "decision record" : "template " + templateId;
    }

    /**
     * @return the first difference found, or null. A checkpoint where the live run has a decision for a later input
     * is one until {@link #verifyRest()} says the inputs ended there.
     */
    public String divergence()
    {
        return divergence != null || liveDecidedAfter < 0 ? divergence :
            mismatch(DecisionRecordDecoder.TEMPLATE_ID, DigestCheckpointDecoder.TEMPLATE_ID);
    }

    public long compared()
    {
        return compared;
    }

    public long checkpointsMatched()
    {
        return checkpointsMatched;
    }

    /** @return the input sequence of the last matching checkpoint, -1 if none. */
    public long lastCheckpointSequence()
    {
        return lastCheckpointSequence;
    }

    /** @return true once the live decision journal has no more records to compare with. */
    public boolean liveEnded()
    {
        return liveEnded;
    }

    /** @return true when the live decision journal ended before a decision replay made (a crash). */
    public boolean endedEarly()
    {
        return endedEarly;
    }

    public void close()
    {
        live.close();
    }
}
