package io.lockstep.engine;

import io.lockstep.book.OrderBook;
import io.lockstep.book.OrderBooks;
import io.lockstep.engine.risk.RiskGate;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.engine.spi.Strategy;
import io.lockstep.features.FeatureEvaluator;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.FeatureState;
import io.lockstep.features.MarketSnapshot;
import io.lockstep.feed.FeedDecoder;
import io.lockstep.sbe.control.BooleanType;
import io.lockstep.sbe.control.HeartbeatDecoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.decision.RiskReason;
import io.lockstep.sbe.decision.RiskVerdict;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportDecoder;
import io.lockstep.sbe.oe.Side;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The business logic as one deterministic step per input, {@code apply(sequence, time, bytes)}: no clock, no
 * I/O of its own, no threads. The stages, in order, as in DESIGN.md section 3:
 * <pre>
 *   feed handler (decode) -> order book -> feature graph -> inference -> strategy -> pre-trade risk
 *   -> order egress -> after-send work (decision record, counters)
 * </pre>
 * Execution reports update positions; control inputs (kill switch, risk limits, heartbeats) change behaviour at
 * their sequenced position. The live engine and replay call the same object with the same inputs; only the order
 * sink differs. Allocation-free once each instrument has been seen.
 */
public final class EngineStep
{
    private final FeedDecoder feed;
    private final OrderBooks books = new OrderBooks();
    private final MarketSnapshot snapshot = new MarketSnapshot();
    private final FeaturePlan plan;
    private final Int2ObjectHashMap<FeatureState> features = new Int2ObjectHashMap<>();
    private final double[] featureValues;
    private final Model model;
    private final Strategy strategy;
    private final RiskLimits limits;
    private final RiskGate risk;
    private final OrderSink orders;
    private final DecisionRecorder decisions;
    private final OrderIntent intent = new OrderIntent();
    /** Positions by instrument; a missing key is a flat position. */
    private final Long2LongHashMap positions = new Long2LongHashMap(Long.MIN_VALUE);
    private final EngineCounters counters;

    private final io.lockstep.sbe.oe.MessageHeaderDecoder orderEntryHeader =
        new io.lockstep.sbe.oe.MessageHeaderDecoder();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final io.lockstep.sbe.control.MessageHeaderDecoder controlHeader =
        new io.lockstep.sbe.control.MessageHeaderDecoder();
    private final KillSwitchDecoder killSwitch = new KillSwitchDecoder();
    private final RiskLimitChangeDecoder riskLimitChange = new RiskLimitChangeDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();

    /** The latest event time seen on any input: the engine's notion of now, for the stale-data guard. */
    private long latestEventTimeNs = Long.MIN_VALUE;

    public EngineStep(
        final FeaturePlan plan,
        final Model model,
        final Strategy strategy,
        final RiskLimits limits,
        final OrderSink orders,
        final DecisionRecorder decisions,
        final EngineCounters counters,
        final int lobsterInstrumentId)
    {
        if (model.featureCount() > plan.outputs().size())
        {
            throw new IllegalArgumentException("the model reads " + model.featureCount() + " features but the " +
                "graph " + plan.source() + " has " + plan.outputs().size());
        }
        this.feed = new FeedDecoder(lobsterInstrumentId);
        this.plan = plan;
        this.featureValues = new double[plan.outputs().size()];
        this.model = model;
        this.strategy = strategy;
        this.limits = limits;
        this.risk = new RiskGate(limits);
        this.orders = orders;
        this.decisions = decisions;
        this.counters = counters;
    }

    /**
     * Apply one sequenced input.
     */
    public void apply(
        final long sequence,
        final long receiveTimeNs,
        final ProtocolTag protocol,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        counters.increment(EngineCounters.EVENTS);
        switch (protocol)
        {
            case SBE_ORDER_ENTRY:
                onOrderEntry(buffer, offset, length);
                return;
            case SBE_CONTROL:
                onControl(buffer, offset, length);
                return;
            default:
                break;
        }

        books.resetLastInstrument();
        final int status = feed.decode(protocol, buffer, offset, length, books);
        if (status == FeedDecoder.REJECTED)
        {
            counters.increment(EngineCounters.MALFORMED);
            return;
        }
        final int instrumentId = books.lastInstrumentId();
        if (status != FeedDecoder.APPLIED || instrumentId == OrderBooks.NO_INSTRUMENT)
        {
            counters.increment(EngineCounters.IGNORED);
            return;
        }
        decide(sequence, receiveTimeNs, instrumentId);
    }

    private void decide(final long sequence, final long receiveTimeNs, final int instrumentId)
    {
        final OrderBook book = books.book(instrumentId);
        books.snapshot(instrumentId, snapshot);
        latestEventTimeNs = Math.max(latestEventTimeNs, snapshot.eventTimeNs);

        FeatureState state = features.get(instrumentId);
        if (state == null)
        {
            state = new FeatureState(plan);
            features.put(instrumentId, state);
        }
        FeatureEvaluator.update(state, snapshot);
        for (int k = 0; k < featureValues.length; k++)
        {
            featureValues[k] = state.output(k);
        }

        final double prediction = model.predict(featureValues);
        final long position = position(instrumentId);
        RiskVerdict verdict = RiskVerdict.NO_ORDER;
        int reason = RiskReason.NONE.value();
        byte sentSide = 0;
        if (strategy.decide(instrumentId, book, prediction, position, intent))
        {
            reason = risk.check(latestEventTimeNs, book.eventTimeNs(), intent.side, intent.price, intent.quantity,
                book.priceExponent(), book.bestBidPrice(), book.bestAskPrice(), position);
            if (reason == RiskReason.NONE.value())
            {
                verdict = RiskVerdict.PASSED;
                if (orders.send(sequence, instrumentId, intent.side, intent.price, intent.quantity, sequence,
                    snapshot.eventTimeNs))
                {
                    risk.onOrderSent(latestEventTimeNs);
                    sentSide = intent.side;
                    counters.increment(EngineCounters.ORDERS);
                }
                else
                {
                    counters.increment(EngineCounters.EGRESS_FAILURES);
                }
            }
            else
            {
                verdict = RiskVerdict.REJECTED;
                counters.increment(EngineCounters.RISK_REJECTS);
            }
        }
        counters.increment(EngineCounters.DECISIONS);
        decisions.record(sequence, receiveTimeNs, snapshot.eventTimeNs, instrumentId, featureValues,
            featureValues.length, prediction, verdict, reason, sequence, sentSide, intent.price, intent.quantity);
    }

    private void onOrderEntry(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < io.lockstep.sbe.oe.MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.increment(EngineCounters.MALFORMED);
            return;
        }
        orderEntryHeader.wrap(buffer, offset);
        if (orderEntryHeader.schemaId() != ExecutionReportDecoder.SCHEMA_ID ||
            orderEntryHeader.templateId() != ExecutionReportDecoder.TEMPLATE_ID ||
            length < io.lockstep.sbe.oe.MessageHeaderDecoder.ENCODED_LENGTH + ExecutionReportDecoder.BLOCK_LENGTH)
        {
            counters.increment(EngineCounters.IGNORED);
            return;
        }
        executionReport.wrapAndApplyHeader(buffer, offset, orderEntryHeader);
        final short execType = executionReport.execTypeRaw();
        if (execType == ExecType.FILL.value() || execType == ExecType.PARTIAL_FILL.value())
        {
            final long quantity = executionReport.lastQuantity();
            final long signed = executionReport.sideRaw() == Side.BUY.value() ? quantity : -quantity;
            final int instrumentId = (int)executionReport.instrumentId();
            positions.put(instrumentId, position(instrumentId) + signed);
            counters.increment(EngineCounters.FILLS);
        }
    }

    private void onControl(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < io.lockstep.sbe.control.MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.increment(EngineCounters.MALFORMED);
            return;
        }
        controlHeader.wrap(buffer, offset);
        if (controlHeader.schemaId() != KillSwitchDecoder.SCHEMA_ID)
        {
            counters.increment(EngineCounters.MALFORMED);
            return;
        }
        switch (controlHeader.templateId())
        {
            case KillSwitchDecoder.TEMPLATE_ID:
                killSwitch.wrapAndApplyHeader(buffer, offset, controlHeader);
                risk.killSwitch(killSwitch.engagedRaw() == BooleanType.TRUE.value());
                counters.increment(EngineCounters.CONTROL);
                break;
            case RiskLimitChangeDecoder.TEMPLATE_ID:
                riskLimitChange.wrapAndApplyHeader(buffer, offset, controlHeader);
                if (riskLimitChange.instrumentId() == 0 &&
                    limits.apply(riskLimitChange.riskLimitRaw(), riskLimitChange.value()))
                {
                    counters.increment(EngineCounters.CONTROL);
                }
                else
                {
                    counters.increment(EngineCounters.IGNORED);
                }
                break;
            case HeartbeatDecoder.TEMPLATE_ID:
                heartbeat.wrapAndApplyHeader(buffer, offset, controlHeader);
                latestEventTimeNs = Math.max(latestEventTimeNs, heartbeat.timeNs());
                counters.increment(EngineCounters.CONTROL);
                break;
            default:
                // Model swap, rollback, shadow and canary control come with the model registry.
                counters.increment(EngineCounters.IGNORED);
                break;
        }
    }

    /** @return the engine's position in an instrument, from execution reports. */
    public long position(final int instrumentId)
    {
        final long position = positions.get(instrumentId);
        return position == Long.MIN_VALUE ? 0 : position;
    }

    public RiskGate risk()
    {
        return risk;
    }

    public OrderBooks books()
    {
        return books;
    }

    public FeedDecoder feed()
    {
        return feed;
    }
}
