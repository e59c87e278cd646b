package io.lockstep.engine;

import io.lockstep.book.OrderBook;
import io.lockstep.book.OrderBooks;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.risk.OpenOrders;
import io.lockstep.engine.risk.RiskGate;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.engine.spi.Strategy;
import io.lockstep.features.FeatureEvaluator;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.FeatureState;
import io.lockstep.features.MarketSnapshot;
import io.lockstep.feed.FeedDecoder;
import io.lockstep.sbe.control.BooleanType;
import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.FeedPositionDecoder;
import io.lockstep.sbe.control.HeartbeatDecoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.ModelReadyDecoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.RiskLimit;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.control.ShadowRemoveDecoder;
import io.lockstep.sbe.decision.RiskReason;
import io.lockstep.sbe.decision.RiskVerdict;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.function.Supplier;

/**
 * The business logic as one deterministic step per input, {@code apply(sequence, time, bytes)}: no clock, no
 * I/O of its own, no threads. The stages, in order, as in DESIGN.md section 3:
 * <pre>
 *   feed handler (decode) -> order book -> feature graph -> inference -> strategy -> pre-trade risk
 *   -> order egress -> after-send work (decision record, counters)
 * </pre>
 * Execution reports update positions; control inputs (kill switch, risk limits, heartbeats, model ready, swap,
 * rollback, shadow and canary) change behaviour at their sequenced position. The live engine and replay call the
 * same object with the same inputs; only the order sink differs. Allocation-free once each instrument has been seen.
 */
public final class EngineStep
{
    private final FeedDecoder feed;
    private final OrderBooks books = new OrderBooks();
    private final MarketSnapshot snapshot = new MarketSnapshot();
    private final FeaturePlan plan;
    private final Int2ObjectHashMap<FeatureState> features = new Int2ObjectHashMap<>();
    private Supplier<FeatureState> featureStateSource;
    private final double[] featureValues;
    private final ModelRoster models;
    private final Strategy strategy;
    private final RiskLimits limits;
    private final RiskGate risk;
    private final OrderSink orders;
    private final DecisionRecorder decisions;
    private final OrderIntent intent = new OrderIntent();
    /** Positions by instrument; a missing key is a flat position. */
    private final Long2LongHashMap positions = new Long2LongHashMap(Long.MIN_VALUE);
    private final OpenOrders openOrders = new OpenOrders();
    private final EngineCounters counters;

    private final ExecutionReports executionReports = new ExecutionReports();
    private final io.lockstep.sbe.control.MessageHeaderDecoder controlHeader =
        new io.lockstep.sbe.control.MessageHeaderDecoder();
    private final KillSwitchDecoder killSwitch = new KillSwitchDecoder();
    private final RiskLimitChangeDecoder riskLimitChange = new RiskLimitChangeDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final ModelReadyDecoder modelReady = new ModelReadyDecoder();
    private final ModelSwapDecoder modelSwap = new ModelSwapDecoder();
    private final RollbackDecoder rollback = new RollbackDecoder();
    private final ShadowAddDecoder shadowAdd = new ShadowAddDecoder();
    private final ShadowRemoveDecoder shadowRemove = new ShadowRemoveDecoder();
    private final CanaryFractionDecoder canary = new CanaryFractionDecoder();

    /** The latest event time seen on any input: the engine's notion of now, for the stale-data guard. */
    private long latestEventTimeNs = Long.MIN_VALUE;
    private long lastSequence = Long.MIN_VALUE;
    private long firstFailureSequence = Long.MIN_VALUE;
    private RuntimeException firstFailure;
    private long lastReceiveTimeNs;

    public EngineStep(
        final FeaturePlan plan,
        final ModelRoster models,
        final Strategy strategy,
        final RiskLimits limits,
        final OrderSink orders,
        final DecisionRecorder decisions,
        final EngineCounters counters,
        final int lobsterInstrumentId)
    {
        this.feed = new FeedDecoder(lobsterInstrumentId);
        this.plan = plan;
        this.featureValues = new double[plan.outputs().size()];
        this.models = models;
        this.strategy = strategy;
        this.limits = limits;
        this.risk = new RiskGate(limits);
        this.orders = orders;
        this.decisions = decisions;
        this.counters = counters;
        this.featureStateSource = () -> new FeatureState(plan);
    }

    /**
     * Take each new instrument's book and feature state from these, from now on, rather than making them when its
     * first event comes: the engine has them made ready off the business thread ({@link PreparedInstruments}).
     * Both must be new; the feature states must be of this step's plan. Decisions do not change: a new book or
     * state is the same whoever made it.
     */
    public void instrumentStates(final Supplier<OrderBook> bookSource, final Supplier<FeatureState> stateSource)
    {
        books.bookSource(bookSource);
        featureStateSource = stateSource;
    }

    /**
     * The step as configured: the one way the live engine and replay build it, so both run the same thing.
     *
     * @param resolver turns a sequenced ModelReady into its deployed model (the admin agent's registry live, a
     *                 loader in replay).
     */
    public static EngineStep of(
        final EngineSettings settings,
        final FeaturePlan plan,
        final OrderSink orders,
        final DecisionRecorder.Sink decisions,
        final EngineCounters counters,
        final ModelRoster.Resolver resolver)
    {
        final Strategy strategy = settings.strategyKind == EngineSettings.StrategyKind.EVERY_EVENT ?
            new EveryEventStrategy(settings.strategySize) :
            new ThresholdStrategy(settings.strategyThreshold, settings.strategySize);
        return new EngineStep(plan, new ModelRoster(settings.champion(plan), resolver, counters), strategy,
            settings.riskLimits, orders,
            new DecisionRecorder(decisions, plan.outputs().size(), settings.checkpointInterval), counters,
            settings.lobsterInstrument);
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
        try
        {
            applyInput(sequence, receiveTimeNs, protocol, buffer, offset, length);
        }
        catch (final JournalFailure ex)
        {
            throw ex; // the host's failure, not the step's: replay would not repeat it
        }
        catch (final RuntimeException ex)
        {
            // A bug, not bad input (that is rejected with a reason). Deterministic, so replay does the same: trading
            // stops at this sequence and the step goes on deciding nothing-to-send while inputs are journaled.
            counters.increment(EngineCounters.STEP_FAILURES);
            killSwitchOnFailure();
            if (firstFailureSequence == Long.MIN_VALUE)
            {
                firstFailureSequence = sequence;
                firstFailure = ex;
            }
        }
        decisions.afterInput(sequence, receiveTimeNs);
        lastSequence = sequence;
        lastReceiveTimeNs = receiveTimeNs;
    }

    /**
     * Write a digest checkpoint covering everything applied so far (at shutdown, or at the end of a replay).
     */
    public void checkpoint()
    {
        if (lastSequence != Long.MIN_VALUE)
        {
            decisions.checkpoint(lastSequence, lastReceiveTimeNs);
        }
    }

    private void applyInput(
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
                onOrderEntry(sequence, buffer, offset, length);
                return;
            case SBE_CONTROL:
                onControl(sequence, buffer, offset, length);
                return;
            default:
                break;
        }

        counters.increment(EngineCounters.MARKET_DATA);
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
        final long inconsistencies = book.takeInconsistencies();
        if (inconsistencies != 0)
        {
            counters.add(EngineCounters.BOOK_INCONSISTENCIES, inconsistencies);
        }
        books.snapshot(instrumentId, snapshot);
        latestEventTimeNs = Math.max(latestEventTimeNs, snapshot.eventTimeNs);

        FeatureState state = features.get(instrumentId);
        if (state == null)
        {
            state = featureStateSource.get();
            if (state.plan() != plan)
            {
                throw new IllegalStateException("a feature state of another plan: " + state.plan().source());
            }
            features.put(instrumentId, state);
        }
        final long truncations = state.windowTruncations();
        FeatureEvaluator.update(state, snapshot);
        if (state.windowTruncations() != truncations)
        {
            counters.add(EngineCounters.FEATURE_WINDOW_TRUNCATIONS, state.windowTruncations() - truncations);
        }
        for (int k = 0; k < featureValues.length; k++)
        {
            featureValues[k] = state.output(k);
        }

        final double prediction = models.scoreChampion(featureValues, sequence);
        final long position = position(instrumentId);
        RiskVerdict verdict = RiskVerdict.NO_ORDER;
        int reason = RiskReason.NONE.value();
        byte sentSide = 0;
        if (strategy.decide(instrumentId, book, prediction, position, intent) &&
            (intent.quantity = models.size(intent.quantity)) > 0)
        {
            openOrders.expire(latestEventTimeNs, risk.limits().orderTimeoutNs());
            counters.set(EngineCounters.ORDERS_FORGOTTEN, openOrders.forgotten());
            reason = risk.check(latestEventTimeNs, book.eventTimeNs(), intent.side, intent.price, intent.quantity,
                book.priceExponent(), book.bestBidPrice(), book.bestAskPrice(),
                openOrders.worstCase(instrumentId, position, intent.side));
            if (reason == RiskReason.NONE.value())
            {
                // The decision is the order; whether egress managed to send it is infrastructure, counted apart,
                // so that replay (whose sink always accepts) decides exactly as live did.
                verdict = RiskVerdict.PASSED;
                risk.onOrderSent(latestEventTimeNs);
                // Open even if egress fails to send it: replay's sink always accepts, and it must decide the same.
                openOrders.onSent(sequence, instrumentId, intent.side, intent.quantity, latestEventTimeNs);
                counters.set(EngineCounters.ORDERS_FORGOTTEN, openOrders.forgotten());
                sentSide = intent.side;
                counters.increment(EngineCounters.ORDERS);
                if (!orders.send(sequence, instrumentId, intent.side, intent.price, intent.quantity, sequence,
                    snapshot.eventTimeNs))
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
        models.scoreShadows(featureValues, sequence);
        counters.increment(EngineCounters.DECISIONS);
        decisions.record(sequence, receiveTimeNs, snapshot.eventTimeNs, instrumentId, models.scoredBy(),
            featureValues, featureValues.length, models.predictions(), models.predictionCount(), models.scoredShadows(),
            verdict, reason, sequence, sentSide, intent.price, intent.quantity);
    }

    private void onOrderEntry(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (executionReports.read(buffer, offset, length))
        {
            case ExecutionReports.MALFORMED:
            case ExecutionReports.MALFORMED_FILL:
                counters.increment(EngineCounters.MALFORMED);
                return;
            case ExecutionReports.NOT_A_REPORT:
                counters.increment(EngineCounters.IGNORED);
                return;
            case ExecutionReports.FILL:
            {
                final int instrumentId = (int)executionReports.report().instrumentId();
                final long clOrdId = executionReports.clOrdId();
                final long ordered = openOrders.instrumentOf(clOrdId);
                positions.put(instrumentId, saturatedAdd(position(instrumentId), executionReports.signedQuantity()));
                openOrders.onReport(clOrdId, executionReports.fillQuantity(), executionReports.orderDone());
                counters.increment(EngineCounters.FILLS);
                if (ordered != OpenOrders.NOT_OPEN && ordered != instrumentId)
                {
                    onFillOfAnotherInstrument(sequence, clOrdId, instrumentId, ordered);
                }
                return;
            }
            case ExecutionReports.DUPLICATE_FILL:
                counters.increment(EngineCounters.DUPLICATE_FILLS);
                openOrders.onReport(executionReports.clOrdId(), 0, executionReports.orderDone());
                return;
            case ExecutionReports.REPORT:
                openOrders.onReport(executionReports.clOrdId(), 0, executionReports.orderDone());
                return;
            case ExecutionReports.REJECT:
                openOrders.onReport(executionReports.clOrdId(), 0, true);
                counters.increment(EngineCounters.VENUE_REJECTS);
                return;
        }
    }

    private void onControl(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < io.lockstep.sbe.control.MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.increment(EngineCounters.MALFORMED);
            return;
        }
        controlHeader.wrap(buffer, offset);
        final int blockLength = controlHeader.blockLength();
        if (controlHeader.schemaId() != KillSwitchDecoder.SCHEMA_ID ||
            length - io.lockstep.sbe.control.MessageHeaderDecoder.ENCODED_LENGTH < blockLength)
        {
            counters.increment(EngineCounters.MALFORMED);
            return;
        }
        final int minimumBlock = minimumBlockLength(controlHeader.templateId());
        if (minimumBlock < 0)
        {
            counters.increment(EngineCounters.IGNORED);
            return;
        }
        if (blockLength < minimumBlock || !ControlVarData.fits(buffer, offset, length, controlHeader))
        {
            counters.increment(EngineCounters.MALFORMED);
            return;
        }
        switch (controlHeader.templateId())
        {
            case KillSwitchDecoder.TEMPLATE_ID:
            {
                killSwitch.wrapAndApplyHeader(buffer, offset, controlHeader);
                final short engaged = killSwitch.engagedRaw();
                if (engaged != BooleanType.TRUE.value() && engaged != BooleanType.FALSE.value())
                {
                    counters.increment(EngineCounters.MALFORMED);
                    break;
                }
                onKillSwitch(sequence, engaged == BooleanType.TRUE.value());
                break;
            }
            case RiskLimitChangeDecoder.TEMPLATE_ID:
                riskLimitChange.wrapAndApplyHeader(buffer, offset, controlHeader);
                onRiskLimitChange(sequence);
                break;
            case HeartbeatDecoder.TEMPLATE_ID:
                heartbeat.wrapAndApplyHeader(buffer, offset, controlHeader);
                latestEventTimeNs = Math.max(latestEventTimeNs, heartbeat.timeNs());
                counters.increment(EngineCounters.CONTROL);
                break;
            case FeedPositionDecoder.TEMPLATE_ID:
                // Ingress's bookkeeping for a restart (Recovery reads it): nothing to decide.
                counters.increment(EngineCounters.CONTROL);
                break;
            default:
                onModelControl(buffer, offset);
                break;
        }
    }

    private void onRiskLimitChange(final long sequence)
    {
        final long instrumentId = riskLimitChange.instrumentId();
        final long value = riskLimitChange.value();
        final boolean applied = instrumentId == 0 && limits.apply(riskLimitChange.riskLimitRaw(), value);
        counters.increment(applied ? EngineCounters.CONTROL : EngineCounters.IGNORED);
        // Named by its config key, as the command names it, in the config's units (the stale-data age in ns).
        final String key = AdminClient.configKey(riskLimitChange.riskLimit());
        final String setting = (key == null ? "risk limit " + riskLimitChange.riskLimitRaw() : key) + " = " + value +
            (riskLimitChange.riskLimit() == RiskLimit.STALE_DATA_NS ? " ns" : "");
        models.onControlCommand(sequence, riskLimitChange.commandId(), applied, applied ?
            setting + " for every instrument" :
            setting + (instrumentId != 0 ? " for instrument " + instrumentId + " refused: limits " +
            "apply to every instrument (instrument 0)" : " refused: not a value this limit takes"));
    }

    /**
     * @return the smallest block the engine reads of a control message, -1 for a template it does not act on
     * (a newer schema's, ignored and counted).
     */
    private static int minimumBlockLength(final int templateId)
    {
        switch (templateId)
        {
            case KillSwitchDecoder.TEMPLATE_ID: return KillSwitchDecoder.BLOCK_LENGTH;
            case RiskLimitChangeDecoder.TEMPLATE_ID: return RiskLimitChangeDecoder.BLOCK_LENGTH;
            case HeartbeatDecoder.TEMPLATE_ID: return HeartbeatDecoder.BLOCK_LENGTH;
            case FeedPositionDecoder.TEMPLATE_ID: return FeedPositionDecoder.BLOCK_LENGTH;
            case ModelReadyDecoder.TEMPLATE_ID: return ModelReadyDecoder.BLOCK_LENGTH;
            case ModelSwapDecoder.TEMPLATE_ID: return ModelSwapDecoder.BLOCK_LENGTH;
            case RollbackDecoder.TEMPLATE_ID: return RollbackDecoder.BLOCK_LENGTH;
            case ShadowAddDecoder.TEMPLATE_ID: return ShadowAddDecoder.BLOCK_LENGTH;
            case ShadowRemoveDecoder.TEMPLATE_ID: return ShadowRemoveDecoder.BLOCK_LENGTH;
            case CanaryFractionDecoder.TEMPLATE_ID: return CanaryFractionDecoder.BLOCK_LENGTH;
            default: return -1;
        }
    }

    private void onModelControl(final DirectBuffer buffer, final int offset)
    {
        final int hashOffset = modelHashOffset(offset);
        final boolean applied;
        switch (controlHeader.templateId())
        {
            case ModelReadyDecoder.TEMPLATE_ID:
            {
                modelReady.wrapAndApplyHeader(buffer, offset, controlHeader);
                applied = models.onReady(modelReady.commandId(), buffer, hashOffset, modelReady.location());
                break;
            }
            case ModelSwapDecoder.TEMPLATE_ID:
                modelSwap.wrapAndApplyHeader(buffer, offset, controlHeader);
                applied = models.onSwap(modelSwap.commandId(), buffer, hashOffset);
                break;
            case RollbackDecoder.TEMPLATE_ID:
                rollback.wrapAndApplyHeader(buffer, offset, controlHeader);
                applied = models.onRollback(rollback.commandId());
                break;
            case ShadowAddDecoder.TEMPLATE_ID:
                shadowAdd.wrapAndApplyHeader(buffer, offset, controlHeader);
                applied = models.onShadowAdd(shadowAdd.commandId(), buffer, hashOffset);
                break;
            case ShadowRemoveDecoder.TEMPLATE_ID:
                shadowRemove.wrapAndApplyHeader(buffer, offset, controlHeader);
                applied = models.onShadowRemove(shadowRemove.commandId(), buffer, hashOffset);
                break;
            default:
                canary.wrapAndApplyHeader(buffer, offset, controlHeader);
                applied = models.onCanary(canary.commandId(), buffer, hashOffset, canary.fractionPpm());
                break;
        }
        counters.increment(applied ? EngineCounters.CONTROL : EngineCounters.IGNORED);
    }

    /**
     * @return where the artifact hash of the model control message at {@code offset} is: every model message carries
     * it at the same place, right after its 8-byte commandId.
     */
    public static int modelHashOffset(final int offset)
    {
        return offset + io.lockstep.sbe.control.MessageHeaderDecoder.ENCODED_LENGTH +
            ModelSwapDecoder.artifactHashEncodingOffset();
    }

    /**
     * A kill switch command. A release is refused once a step failure engaged the switch: the failure recurs on
     * replay and on restart, and trading past a bug is not an operator's call to make from the admin line.
     */
    private void onKillSwitch(final long sequence, final boolean engaged)
    {
        counters.increment(EngineCounters.CONTROL);
        final String reason = killSwitch.reason();
        if (firstFailureSequence != Long.MIN_VALUE)
        {
            models.onControlCommand(sequence, killSwitch.commandId(), engaged, engaged ?
                "kill switch engaged already, by a failure (" + reason + ")" :
                "kill switch release refused: a failure engaged it at sequence " + firstFailureSequence +
                ", for the rest of the run (" + reason + ")");
            return;
        }
        risk.killSwitch(engaged);
        counters.killSwitch(engaged ? EngineCounters.KILL_SWITCH_BY_COMMAND : EngineCounters.KILL_SWITCH_RELEASED);
        models.onControlCommand(sequence, killSwitch.commandId(), true,
            "kill switch " + (engaged ? "engaged" : "released") + " (" + reason + ")");
    }

    /**
     * A fill on another instrument than its order's: the venue's symbology and the engine's disagree, and every
     * later report may be as wrong. The position follows the report, the venue's record of what was traded, and
     * the kill switch engages until an operator who has looked releases it ({@code admin kill-switch off}).
     */
    private void onFillOfAnotherInstrument(
        final long sequence, final long clOrdId, final int reported, final long ordered)
    {
        counters.increment(EngineCounters.FILLS_OF_ANOTHER_INSTRUMENT);
        if (firstFailureSequence == Long.MIN_VALUE)
        {
            risk.killSwitch(true);
            counters.killSwitch(EngineCounters.KILL_SWITCH_BY_COMMAND);
        }
        models.onControlCommand(sequence, ModelRoster.NO_COMMAND_ID, true, "kill switch engaged (order " + clOrdId +
            " for instrument " + ordered + " was filled on instrument " + reported + ")");
    }

    /** A failure engages the kill switch for the rest of the run; published for the HTTP API and the alerts. */
    void killSwitchOnFailure()
    {
        risk.killSwitch(true);
        counters.killSwitch(EngineCounters.KILL_SWITCH_BY_FAILURE);
    }

    /** @return the orders sent and not yet done, which the position limit counts. */
    public OpenOrders openOrders()
    {
        return openOrders;
    }

    /** @return the engine's position in an instrument, from execution reports. */
    public long position(final int instrumentId)
    {
        final long position = positions.get(instrumentId);
        return position == Long.MIN_VALUE ? 0 : position;
    }

    /**
     * A position plus a fill, held at +-Long.MAX_VALUE rather than wrapping to the other sign (where the position
     * limit would take an order adding to it for one that reduces it); never Long.MIN_VALUE, the map's "none".
     */
    private static long saturatedAdd(final long position, final long fill)
    {
        final long sum = position + fill;
        return ((position ^ sum) & (fill ^ sum)) < 0 ? (fill > 0 ? Long.MAX_VALUE : -Long.MAX_VALUE) :
            sum == Long.MIN_VALUE ? -Long.MAX_VALUE : sum;
    }

    /** @return the input sequence of the first step failure (a bug), or Long.MIN_VALUE if none. */
    public long firstFailureSequence()
    {
        return firstFailureSequence;
    }

    /** @return the first step failure, or null. */
    public RuntimeException firstFailure()
    {
        return firstFailure;
    }

    /** @return the running digest of every decision record so far. */
    public long decisionDigest()
    {
        return decisions.digest();
    }

    /** @return the champion, previous, shadows and ready models; owned by the business thread. */
    public ModelRoster models()
    {
        return models;
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
