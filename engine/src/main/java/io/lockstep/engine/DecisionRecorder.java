package io.lockstep.engine;

import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.decision.DecisionRecordEncoder;
import io.lockstep.sbe.decision.MessageHeaderEncoder;
import io.lockstep.sbe.decision.RiskReason;
import io.lockstep.sbe.decision.RiskVerdict;
import io.lockstep.sbe.decision.Side;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * After-send work: encodes what was decided for one input (features, prediction, risk verdict with its reason,
 * the order if any) as an SBE DecisionRecord and appends it to the decision journal, next to the input journal.
 * Allocation-free.
 */
public final class DecisionRecorder
{
    private static final RiskReason[] REASONS = RiskReason.values();

    private final JournalWriter journal;
    private final UnsafeBuffer buffer;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final DecisionRecordEncoder record = new DecisionRecordEncoder();
    private long records;

    /**
     * @param journal where records go, or null to encode them without keeping them.
     */
    public DecisionRecorder(final JournalWriter journal, final int features)
    {
        this.journal = journal;
        this.buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256 + 8 * features));
    }

    /**
     * @param verdict     {@link RiskVerdict} value: no order proposed, passed or rejected.
     * @param riskReason  {@link RiskReason} value.
     * @param orderSide   0 when no order was sent.
     */
    public void record(
        final long sequence,
        final long receiveTimeNs,
        final long eventTimeNs,
        final int instrumentId,
        final double[] features,
        final int featureCount,
        final double prediction,
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
            .riskVerdict(verdict)
            .riskReason(reason(riskReason));
        final DecisionRecordEncoder.FeaturesEncoder featureGroup = record.featuresCount(featureCount);
        for (int i = 0; i < featureCount; i++)
        {
            featureGroup.next().value(features[i]);
        }
        record.predictionsCount(1).next().value(prediction);
        final DecisionRecordEncoder.OrdersEncoder orders = record.ordersCount(orderSide == 0 ? 0 : 1);
        if (orderSide != 0)
        {
            orders.next().clOrdId(clOrdId).side(orderSide == 1 ? Side.BUY : Side.SELL).price(price).quantity(quantity);
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength();
        if (journal != null)
        {
            journal.append(journal.nextSequence(), receiveTimeNs, 0, ProtocolTag.SBE_DECISION, buffer, 0, length);
        }
        records++;
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
}
