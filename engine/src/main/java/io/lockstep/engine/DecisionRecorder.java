package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.sbe.decision.DecisionRecordEncoder;
import io.lockstep.sbe.decision.DigestCheckpointEncoder;
import io.lockstep.sbe.decision.MessageHeaderEncoder;
import io.lockstep.sbe.decision.RiskReason;
import io.lockstep.sbe.decision.RiskVerdict;
import io.lockstep.sbe.decision.Side;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * After-send work: encodes what was decided for one input (features, the hash of the model that traded, its
 * prediction and each shadow's with the shadow's hash, risk verdict with its reason, the order if any) as an SBE
 * DecisionRecord, folds
 * its bytes into the running {@link DecisionDigest}, and hands
 * it to a sink (the decision journal live, a comparison in replay). Every {@code checkpointInterval} inputs, and
 * when asked at shutdown, a DigestCheckpoint (input sequence, decisions so far, digest) goes the same way.
 * Allocation-free.
 */
public final class DecisionRecorder
{
    /** Receives each encoded DecisionRecord or DigestCheckpoint; the buffer is reused after the call. */
    @FunctionalInterface
    public interface Sink
    {
        void onRecord(DirectBuffer buffer, int offset, int length, long receiveTimeNs);
    }

    private static final RiskReason[] REASONS = RiskReason.values();
    /** No model scored the event (every champion quarantined): the hash field is zeros, never left stale. */
    private static final byte[] NO_MODEL = new byte[DeployedModel.HASH_LENGTH];

    private final Sink sink;
    private final int checkpointInterval;
    private final UnsafeBuffer buffer;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final DecisionRecordEncoder record = new DecisionRecordEncoder();
    private final DigestCheckpointEncoder checkpoint = new DigestCheckpointEncoder();
    private final DecisionDigest digest = new DecisionDigest();
    private long records;
    private long lastCheckpointSequence = Long.MIN_VALUE;

    /**
     * @param checkpointInterval write a checkpoint after every input whose sequence is a multiple of this.
     */
    public DecisionRecorder(final Sink sink, final int features, final int checkpointInterval)
    {
        if (checkpointInterval < 1)
        {
            throw new IllegalArgumentException("checkpoint interval must be at least 1: " + checkpointInterval);
        }
        this.sink = sink;
        this.checkpointInterval = checkpointInterval;
        this.buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(
            256 + 8 * (features + 1 + ModelRoster.MAX_SHADOWS) + DeployedModel.HASH_LENGTH * ModelRoster.MAX_SHADOWS));
    }

    /**
     * @param scoredBy    the model whose prediction traded ({@code predictions[0]}), null when none did.
     * @param predictions the champion's prediction, then each shadow's.
     * @param shadows     the shadow behind each of {@code predictions[1..predictionCount)}.
     * @param verdict     no order proposed, passed or rejected.
     * @param riskReason  {@link RiskReason} value.
     * @param orderSide   0 when no order was decided.
     */
    public void record(
        final long sequence,
        final long receiveTimeNs,
        final long eventTimeNs,
        final int instrumentId,
        final DeployedModel scoredBy,
        final double[] features,
        final int featureCount,
        final double[] predictions,
        final int predictionCount,
        final DeployedModel[] shadows,
        final RiskVerdict verdict,
        final int riskReason,
        final long clOrdId,
        final byte orderSide,
        final long price,
        final long quantity)
    {
        record.wrapAndApplyHeader(buffer, 0, header)
            .sequence(sequence)
            .eventTimeNs(eventTimeNs)
            .instrumentId(instrumentId)
            .putChampionHash(scoredBy == null ? NO_MODEL : scoredBy.hash(), 0, DeployedModel.HASH_LENGTH)
            .riskVerdict(verdict)
            .riskReason(reason(riskReason));
        final DecisionRecordEncoder.FeaturesEncoder featureGroup = record.featuresCount(featureCount);
        for (int i = 0; i < featureCount; i++)
        {
            featureGroup.next().value(features[i]);
        }
        final DecisionRecordEncoder.PredictionsEncoder predictionGroup = record.predictionsCount(predictionCount);
        for (int i = 0; i < predictionCount; i++)
        {
            predictionGroup.next().value(predictions[i]);
        }
        final DecisionRecordEncoder.OrdersEncoder orders = record.ordersCount(orderSide == 0 ? 0 : 1);
        if (orderSide != 0)
        {
            orders.next().clOrdId(clOrdId).side(orderSide == OrderIntent.BUY ? Side.BUY : Side.SELL).price(price)
                .quantity(quantity);
        }
        final DecisionRecordEncoder.ShadowsEncoder shadowGroup = record.shadowsCount(predictionCount - 1);
        for (int i = 0; i < predictionCount - 1; i++)
        {
            shadowGroup.next().putHash(shadows[i].hash(), 0, DeployedModel.HASH_LENGTH);
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength();
        digest.update(buffer, 0, length);
        records++;
        sink.onRecord(buffer, 0, length, receiveTimeNs);
    }

    /** Called after every input: writes the periodic checkpoint. */
    public void afterInput(final long sequence, final long receiveTimeNs)
    {
        if (sequence % checkpointInterval == 0)
        {
            checkpoint(sequence, receiveTimeNs);
        }
    }

    /**
     * Write a checkpoint now (at shutdown, or at the end of a replay), unless one was written for this sequence.
     */
    public void checkpoint(final long sequence, final long receiveTimeNs)
    {
        if (sequence == lastCheckpointSequence)
        {
            return;
        }
        lastCheckpointSequence = sequence;
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + checkpoint.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(sequence)
            .decisions(records)
            .digest(digest.value())
            .encodedLength();
        sink.onRecord(buffer, 0, length, receiveTimeNs);
    }

    private static RiskReason reason(final int value)
    {
        for (final RiskReason reason : REASONS)
        {
            if (reason.value() == value)
            {
                return reason;
            }
        }
        return RiskReason.NULL_VAL;
    }

    public long records()
    {
        return records;
    }

    public long digest()
    {
        return digest.value();
    }
}
