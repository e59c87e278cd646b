package io.lockstep.replay;

import io.lockstep.engine.DecisionRecorder;
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

/**
 * Compares each recomputed decision record and digest checkpoint with the next one the live engine journaled.
 * Checkpoints must carry the same digest; records must be byte-identical, and the first that is not is described:
 * its input sequence, the stage that differs (features, inference, risk, orders) and, for features, the first
 * feature that differs with both values in decimal and as raw bits. With the records at hand the window narrowed
 * by the checkpoints is the record itself. When the live journal ends first (a crash), the comparison ends there.
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
    private int liveLength = -1;
    private long compared;
    private long checkpointsMatched;
    private long lastCheckpointSequence = -1;
    private boolean liveEnded;
    private String divergence;

    public DecisionVerifier(final Path decisionJournal, final FeaturePlan plan)
    {
        this.plan = plan;
        this.live = JournalReader.open(decisionJournal);
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        if (divergence != null || liveEnded || !nextLive())
        {
            return;
        }
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        liveHeader.wrap(liveCopy, 0);
        if (liveHeader.templateId() != templateId)
        {
            divergence = "the live engine journaled a " + name(liveHeader.templateId()) + " where replay produced a " +
                name(templateId);
            return;
        }
        if (templateId == DigestCheckpointDecoder.TEMPLATE_ID)
        {
            replayCheckpoint.wrapAndApplyHeader(buffer, offset, header);
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
        compared++;
        if (length != liveLength || !sameBytes(buffer, offset, length))
        {
            describe(buffer, offset);
        }
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
        if (liveLength < 0)
        {
            liveEnded = true;
            return false;
        }
        return true;
    }

    private void copyLive(final JournalRecord record)
    {
        liveLength = record.payloadLength();
        liveCopy.putBytes(0, record.buffer(), record.payloadOffset(), liveLength);
    }

    private void describe(final DirectBuffer buffer, final int offset)
    {
        replayRecord.wrapAndApplyHeader(buffer, offset, header);
        liveRecord.wrapAndApplyHeader(liveCopy, 0, liveHeader);
        final long sequence = replayRecord.sequence();
        if (liveRecord.sequence() != sequence)
        {
            divergence = "decision for input sequence " + liveRecord.sequence() + " live, " + sequence +
                " in replay: a different input was evaluated (stage: feed handler / order book)";
            return;
        }
        final DecisionRecordDecoder.FeaturesDecoder liveFeatures = liveRecord.features();
        final DecisionRecordDecoder.FeaturesDecoder replayFeatures = replayRecord.features();
        for (int k = 0; liveFeatures.hasNext() && replayFeatures.hasNext(); k++)
        {
            final double a = liveFeatures.next().value();
            final double b = replayFeatures.next().value();
            if (Double.doubleToRawLongBits(a) != Double.doubleToRawLongBits(b))
            {
                divergence = String.format("first divergence at input sequence %d, stage features: feature '%s' " +
                    "live %s (0x%016x) replay %s (0x%016x)", sequence, plan.outputs().get(k).name(), a,
                    Double.doubleToRawLongBits(a), b, Double.doubleToRawLongBits(b));
                return;
            }
        }
        final DecisionRecordDecoder.PredictionsDecoder livePredictions = liveRecord.predictions();
        final DecisionRecordDecoder.PredictionsDecoder replayPredictions = replayRecord.predictions();
        if (livePredictions.hasNext() && replayPredictions.hasNext())
        {
            final double a = livePredictions.next().value();
            final double b = replayPredictions.next().value();
            if (Double.doubleToRawLongBits(a) != Double.doubleToRawLongBits(b))
            {
                divergence = String.format("first divergence at input sequence %d, stage inference: prediction " +
                    "live %s (0x%016x) replay %s (0x%016x)", sequence, a, Double.doubleToRawLongBits(a), b,
                    Double.doubleToRawLongBits(b));
                return;
            }
        }
        if (liveRecord.riskVerdictRaw() != replayRecord.riskVerdictRaw() ||
            liveRecord.riskReasonRaw() != replayRecord.riskReasonRaw())
        {
            divergence = "first divergence at input sequence " + sequence + ", stage risk: live " +
                liveRecord.riskVerdict() + "/" + liveRecord.riskReason() + ", replay " + replayRecord.riskVerdict() +
                "/" + replayRecord.riskReason();
            return;
        }
        divergence = "first divergence at input sequence " + sequence + ", stage orders: the order decided differs";
    }

    private static String name(final int templateId)
    {
        return templateId == DigestCheckpointDecoder.TEMPLATE_ID ? "digest checkpoint" :
            templateId == DecisionRecordDecoder.TEMPLATE_ID ? "decision record" : "template " + templateId;
    }

    /** @return the first difference found, or null. */
    public String divergence()
    {
        return divergence;
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

    /** @return true when the live decision journal ended before the replay did (a crash). */
    public boolean liveEnded()
    {
        return liveEnded;
    }

    public void close()
    {
        live.close();
    }
}
