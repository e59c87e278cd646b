package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.risk.RiskGate;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.feed.sbe.SbeMarketDataEncoder;
import io.lockstep.sbe.control.BooleanType;
import io.lockstep.sbe.control.KillSwitchEncoder;
import io.lockstep.sbe.control.RiskLimit;
import io.lockstep.sbe.control.RiskLimitChangeEncoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportEncoder;
import io.lockstep.sbe.oe.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The business step on its own, as replay drives it: synthetic market data in, orders out to a recording sink.
 */
class EngineStepTest
{
    /** Always wants to trade: a constant prediction above the threshold buys at the ask. */
    private static final String GRAPH = "imb = Imbalance(1)\nmid_price = mid\n";

    private final List<long[]> sent = new ArrayList<>();
    private final OrderSink recording = (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) ->
        sent.add(new long[] { clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs });
    private final EngineCounters counters = new EngineCounters();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private long sequence = 1;

    private EngineStep step(final double intercept, final RiskLimits limits)
    {
        final FeaturePlan plan = FeatureCompiler.compile("test.features", GRAPH);
        final DeployedModel model = new DeployedModel(new byte[32], "test", new LinearModel(intercept, new double[2]));
        return new EngineStep(plan, new ModelRoster(model, (bytes, offset, location) -> null, counters),
            new ThresholdStrategy(0.001, 100), limits, recording,
            new DecisionRecorder((buffer, offset, length, time) -> { }, 2, 10_000), counters, 1);
    }

    private void feed(final EngineStep step, final SyntheticMarketData market, final int events)
    {
        for (int i = 0; i < events; i++)
        {
            final int length = market.next(buffer, 0);
            step.apply(sequence++, 0, ProtocolTag.SBE_MARKET_DATA, buffer, 0, length);
        }
    }

    private static RiskLimits loose()
    {
        return new RiskLimits().maxOrdersPerSecond(4096).maxPosition(Long.MAX_VALUE / 4)
            .maxNotional(1e12).maxOrderQuantity(1_000);
    }

    @Test
    void everyBookEventIsDecidedAndOrdersGoOutAtTheTouch()
    {
        final EngineStep step = step(0.01, loose().maxOrdersPerSecond(4096));
        final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
        feed(step, market, 2_000);
        assertEquals(2_000, counters.get(EngineCounters.EVENTS));
        assertEquals(2_000, counters.get(EngineCounters.DECISIONS) + counters.get(EngineCounters.IGNORED),
            "every event is decided, or ignored when it does not touch a book (the instrument definition, " +
            "top-of-book snapshots)");
        assertTrue(counters.get(EngineCounters.DECISIONS) > 1_900);
        assertTrue(counters.get(EngineCounters.ORDERS) > 100, "orders: " + counters.get(EngineCounters.ORDERS));
        assertEquals(counters.get(EngineCounters.ORDERS), sent.size());
        for (final long[] order : sent)
        {
            assertEquals(1, order[1]);
            assertEquals(1, order[2], "a positive prediction buys");
            assertEquals(100, order[4]);
            assertEquals(order[0], order[5], "client order id is the deciding input's sequence");
        }
    }

    @Test
    void eventsABurstPushesOutOfABoundedDurationWindowAreCounted()
    {
        final FeaturePlan plan = FeatureCompiler.compile("bounded.features",
            "imb = Imbalance(1)\nmean_1s = Mean(mid, 1s, max_events=100)\n");
        final DeployedModel model = new DeployedModel(new byte[32], "test", new LinearModel(0, new double[2]));
        final EngineStep step = new EngineStep(plan, new ModelRoster(model, (bytes, offset, location) -> null,
            counters), new ThresholdStrategy(0.001, 100), loose(), recording,
            new DecisionRecorder((buffer, offset, length, time) -> { }, 2, 10_000), counters, 1);
        // About one event per millisecond: a second holds ~1,000 of them, ten times the bound.
        feed(step, new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000), 500);
        assertEquals(counters.get(EngineCounters.DECISIONS) - 100,
            counters.get(EngineCounters.FEATURE_WINDOW_TRUNCATIONS),
            "each decision past the 100th pushes one event out of the window early");
    }

    @Test
    void noSignalNoOrder()
    {
        final EngineStep step = step(0.0005, loose());
        feed(step, new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000), 1_000);
        assertEquals(0, sent.size());
        assertEquals(1_000, counters.get(EngineCounters.DECISIONS) + counters.get(EngineCounters.IGNORED));
    }

    @Test
    void killSwitchStopsOrdersAtItsSequenceAndReleasesThem()
    {
        final EngineStep step = step(0.01, loose());
        final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
        feed(step, market, 500);
        final int before = sent.size();
        assertTrue(before > 0);

        control(step, true);
        assertTrue(counters.killSwitchEngaged(), "published for the HTTP API and the alerts");
        feed(step, market, 500);
        assertEquals(before, sent.size(), "no order while engaged");
        assertTrue(step.risk().rejects(RiskGate.KILL_SWITCH) > 0);

        control(step, false);
        assertFalse(counters.killSwitchEngaged());
        feed(step, market, 500);
        assertTrue(sent.size() > before, "orders again once released");
    }

    @Test
    void aKillSwitchAFailureEngagedCannotBeReleasedByCommand()
    {
        final FeaturePlan plan = FeatureCompiler.compile("test.features", GRAPH);
        final DeployedModel model = new DeployedModel(new byte[32], "test", new LinearModel(0.01, new double[2]));
        final EngineStep step = new EngineStep(plan, new ModelRoster(model, (bytes, offset, location) -> null,
            counters), (instrumentId, book, prediction, position, intent) ->
            {
                throw new IllegalStateException("a strategy bug");
            }, loose(), recording, new DecisionRecorder((buffer, offset, length, time) -> { }, 2, 10_000),
            counters, 1);
        feed(step, new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000), 100);
        assertTrue(counters.get(EngineCounters.STEP_FAILURES) > 0);
        assertEquals(EngineCounters.KILL_SWITCH_BY_FAILURE, counters.killSwitch());

        control(step, false);
        assertEquals(EngineCounters.KILL_SWITCH_BY_FAILURE, counters.killSwitch(), "still engaged");
        assertTrue(step.risk().killSwitchEngaged());
        assertFalse(step.models().status().lastCommandApplied());
        assertTrue(step.models().status().lastOutcome().startsWith("kill switch release refused: a failure " +
            "engaged it at sequence " + step.firstFailureSequence()), step.models().status().lastOutcome());
    }

    private void control(final EngineStep step, final boolean engaged)
    {
        final int length = io.lockstep.sbe.control.MessageHeaderEncoder.ENCODED_LENGTH + new KillSwitchEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.lockstep.sbe.control.MessageHeaderEncoder())
            .commandId(1).engaged(engaged ? BooleanType.TRUE : BooleanType.FALSE).reason("test").encodedLength();
        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0, length);
    }

    @Test
    void riskLimitChangeAndExecutionReportsAreInputs()
    {
        final EngineStep step = step(0.01, loose());
        final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
        feed(step, market, 300);
        assertTrue(sent.size() > 0);

        final int limitLength = io.lockstep.sbe.control.MessageHeaderEncoder.ENCODED_LENGTH +
            new RiskLimitChangeEncoder()
                .wrapAndApplyHeader(buffer, 0, new io.lockstep.sbe.control.MessageHeaderEncoder())
                .commandId(2).instrumentId(0).riskLimit(RiskLimit.MAX_ORDER_QUANTITY).value(50).issuedBy("test")
                .encodedLength();
        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0, limitLength);
        final int sentBefore = sent.size();
        feed(step, market, 300);
        assertEquals(sentBefore, sent.size(), "size 100 is now above the limit of 50");
        assertTrue(step.risk().rejects(RiskGate.MAX_ORDER_QUANTITY) > 0);

        final int fillLength = io.lockstep.sbe.oe.MessageHeaderEncoder.ENCODED_LENGTH + new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.lockstep.sbe.oe.MessageHeaderEncoder())
            .clOrdId(1).venueOrderId(1).execId(1).instrumentId(1).execType(ExecType.PARTIAL_FILL).side(Side.SELL)
            .lastPrice(1_000_000).lastQuantity(40).cumulativeQuantity(40).leavesQuantity(60).transactTimeNs(0)
            .encodedLength();
        step.apply(sequence++, 0, ProtocolTag.SBE_ORDER_ENTRY, buffer, 0, fillLength);
        assertEquals(-40, step.position(1));
        assertEquals(1, counters.get(EngineCounters.FILLS));
    }

    @Test
    void thePositionLimitCountsOrdersInFlightUntilTheirReportsSayTheyAreDone()
    {
        final EngineStep step = step(0.01, loose().maxPosition(250));
        final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
        feed(step, market, 300);
        assertEquals(2, sent.size(), "two buys of 100 in flight, no fill yet: a third could reach 300");
        assertEquals(0, step.position(1));
        assertEquals(200, step.openOrders().buys(1));
        assertTrue(step.risk().rejects(RiskGate.MAX_POSITION) > 0);

        report(step, sent.get(0)[0], ExecType.PARTIAL_FILL, 30, 70);
        assertEquals(30, step.position(1));
        assertEquals(170, step.openOrders().buys(1), "a fill moves quantity from open to the position");
        feed(step, market, 50);
        assertEquals(2, sent.size(), "30 filled + 170 open + 100 is still beyond 250");

        report(step, sent.get(0)[0], ExecType.EXPIRED, 0, 0);
        assertEquals(100, step.openOrders().buys(1), "the rest of the first order expired");
        feed(step, market, 50);
        assertEquals(3, sent.size(), "30 + 100 + 100 is within 250 again");
        assertEquals(200, step.openOrders().buys(1));

        report(step, 987_654, ExecType.FILL, 100, 0);
        assertEquals(200, step.openOrders().buys(1), "a report of an order this run did not send changes no order");
        assertEquals(2, step.openOrders().count());
    }

    @Test
    void ordersNoReportEverClosesStopHoldingThePositionLimitAfterTheOrderTimeout()
    {
        for (final long timeoutNs : new long[] { 0, 2_000_000_000L })
        {
            sent.clear();
            final EngineStep step = step(0.01, loose().maxPosition(250).orderTimeoutNs(timeoutNs));
            // Events 1 ms apart: 300 of them bring two buys of 100 (a third would reach 300), never answered,
            // as when their send failed.
            final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
            feed(step, market, 300);
            assertEquals(2, sent.size());
            feed(step, market, 3_000);
            if (timeoutNs == 0)
            {
                assertEquals(2, sent.size(), "without a timeout the two hold the limit's headroom for ever");
                continue;
            }
            assertTrue(sent.size() > 2, "2 s of event time later they are forgotten and orders go out again");
            assertTrue(counters.get(EngineCounters.ORDERS_FORGOTTEN) >= 2);
            assertEquals(0, step.position(1), "forgetting an order moves no position");
        }
    }

    @Test
    void aFillSentTwiceMovesThePositionOnce()
    {
        final EngineStep step = step(0.01, loose().maxPosition(250));
        final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
        feed(step, market, 300);
        final long order = sent.get(0)[0];
        report(step, 1, order, ExecType.PARTIAL_FILL, 30, 30, 70);
        report(step, 1, order, ExecType.PARTIAL_FILL, 30, 30, 70);
        assertEquals(30, step.position(1), "the resent fill adds nothing to the order's 30");
        assertEquals(1, counters.get(EngineCounters.DUPLICATE_FILLS));
        assertEquals(170, step.openOrders().buys(1));

        report(step, 1, order, ExecType.FILL, 70, 100, 0);
        report(step, 1, order, ExecType.FILL, 70, 100, 0);
        assertEquals(100, step.position(1));
        assertEquals(2, counters.get(EngineCounters.DUPLICATE_FILLS));
        assertEquals(2, counters.get(EngineCounters.FILLS));
        assertEquals(100, step.openOrders().buys(1), "the first order is done; the second is still open");

        report(step, 1, sent.get(1)[0], ExecType.FILL, 100, 40, 0);
        assertEquals(1, counters.get(EngineCounters.MALFORMED), "a fill beyond its order's cumulative fill");
        assertEquals(100, step.position(1));
    }

    /**
     * A fill on another instrument than its order's moves the position the report names, and engages the kill
     * switch, with both instruments in its event, until an operator releases it.
     */
    @Test
    void aFillOnAnotherInstrumentThanItsOrdersEngagesTheKillSwitch()
    {
        final EngineStep step = step(0.01, loose());
        final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
        feed(step, market, 300);
        final long order = sent.get(0)[0];
        report(step, 1, sent.get(1)[0], ExecType.FILL, 100, 0);
        assertFalse(counters.killSwitchEngaged(), "a fill on its own order's instrument");

        report(step, 2, order, ExecType.PARTIAL_FILL, 40, 60);
        assertEquals(40, step.position(2), "the venue's record of what was traded");
        assertEquals(1, counters.get(EngineCounters.FILLS_OF_ANOTHER_INSTRUMENT));
        assertTrue(counters.killSwitchEngaged());
        assertTrue(step.models().status().events().contains("sequence " + (sequence - 1) + ": kill switch engaged " +
            "(order " + order + " for instrument 1 was filled on instrument 2)"), step.models().status().events()
            .toString());
        final int before = sent.size();
        feed(step, market, 300);
        assertEquals(before, sent.size(), "no order while engaged");

        control(step, false);
        feed(step, market, 300);
        assertTrue(sent.size() > before, "orders again once an operator released it");
    }

    /**
     * Book events the book cannot take as sent are counted for the book_inconsistent alert; an unknown order's are
     * not, since a feed joined mid-session shows them for every order placed before it.
     */
    @Test
    void bookEventsInconsistentWithTheBookAreCountedButUnknownOrdersAreNot()
    {
        final EngineStep step = step(0.01, loose());
        final SbeMarketDataEncoder market = new SbeMarketDataEncoder((data, offset, length) ->
            step.apply(sequence++, 0, ProtocolTag.SBE_MARKET_DATA, data, offset, length));
        market.onAddOrder(1, 1, 100, MarketDataListener.BUY, 100_0000, 50);
        market.onAddOrder(2, 1, 100, MarketDataListener.BUY, 101_0000, 70);  // the same id again
        market.onOrderCancel(3, 1, 100, 80);                                 // more than rests
        market.onOrderDelete(4, 1, 999);                                     // placed before the feed began
        assertEquals(2, counters.get(EngineCounters.BOOK_INCONSISTENCIES));
        market.onAddOrder(5, 1, 101, MarketDataListener.SELL, 102_0000, 10);
        assertEquals(2, counters.get(EngineCounters.BOOK_INCONSISTENCIES), "each counted once");
    }

    @Test
    void aPositionIsHeldAtTheLargestLongRatherThanWrapping()
    {
        final EngineStep step = step(0.01, loose());
        report(step, 1, 901, ExecType.FILL, Long.MAX_VALUE - 5, 0);
        report(step, 1, 902, ExecType.FILL, 10, 0);
        assertEquals(Long.MAX_VALUE, step.position(1), "a wrapped position would read as a large short");
    }

    @Test
    void aFillForAnInstrumentIdBeyondAnIntIsMalformedNotAFill()
    {
        final EngineStep step = step(0.01, loose());
        report(step, 1L << 31, 5, ExecType.FILL, 100, 0);
        assertEquals(1, counters.get(EngineCounters.MALFORMED), "2^31 as an int is the engine's 'no instrument'");
        assertEquals(0, counters.get(EngineCounters.FILLS));
        report(step, Integer.MAX_VALUE, 6, ExecType.FILL, 100, 0);
        assertEquals(1, counters.get(EngineCounters.FILLS));
    }

    private void report(
        final EngineStep step, final long clOrdId, final ExecType type, final long quantity, final long leaves)
    {
        report(step, 1, clOrdId, type, quantity, leaves);
    }

    private void report(final EngineStep step, final long instrumentId, final long clOrdId, final ExecType type,
        final long quantity, final long leaves)
    {
        report(step, instrumentId, clOrdId, type, quantity, quantity, leaves);
    }

    /** A buy's report; {@code cumulative}: what the order's fills come to with this one. */
    private void report(final EngineStep step, final long instrumentId, final long clOrdId, final ExecType type,
        final long quantity, final long cumulative, final long leaves)
    {
        final int length = io.lockstep.sbe.oe.MessageHeaderEncoder.ENCODED_LENGTH + new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.lockstep.sbe.oe.MessageHeaderEncoder())
            .clOrdId(clOrdId).venueOrderId(clOrdId).execId(sequence).instrumentId(instrumentId).execType(type)
            .side(Side.BUY)
            .lastPrice(quantity > 0 ? 1_000_000 : 0).lastQuantity(quantity).cumulativeQuantity(cumulative)
            .leavesQuantity(leaves).transactTimeNs(0).encodedLength();
        step.apply(sequence++, 0, ProtocolTag.SBE_ORDER_ENTRY, buffer, 0, length);
    }

    @Test
    void malformedMarketDataIsCountedAndTheStepGoesOn()
    {
        final EngineStep step = step(0.01, loose());
        final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
        feed(step, market, 100);
        buffer.putLong(0, 0x1234_5678_9ABC_DEF0L);
        step.apply(sequence++, 0, ProtocolTag.SBE_MARKET_DATA, buffer, 0, 12);
        step.apply(sequence++, 0, ProtocolTag.SBE_MARKET_DATA, buffer, 0, 3);
        feed(step, market, 100);
        assertEquals(2, counters.get(EngineCounters.MALFORMED));
        assertEquals(200, counters.get(EngineCounters.DECISIONS) + counters.get(EngineCounters.IGNORED));
    }

    @Test
    void aControlMessageWithAShortBlockIsMalformedAndAnUnknownTemplateIgnored()
    {
        final EngineStep step = step(0.01, loose());
        final io.lockstep.sbe.control.MessageHeaderEncoder header = new io.lockstep.sbe.control.MessageHeaderEncoder();
        final int length = io.lockstep.sbe.control.MessageHeaderEncoder.ENCODED_LENGTH +
            new io.lockstep.sbe.control.ModelSwapEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(1)
                .issuedBy("test").encodedLength();
        header.wrap(buffer, 0).blockLength(8); // a block too short to hold the artifact hash
        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0, length);
        assertEquals(1, counters.get(EngineCounters.MALFORMED));

        header.wrap(buffer, 0).blockLength(40).templateId(99); // a template from a newer schema
        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0, length);
        assertEquals(1, counters.get(EngineCounters.IGNORED));
        assertEquals(1, counters.get(EngineCounters.MALFORMED));
        assertEquals(0, counters.get(EngineCounters.CONTROL) + counters.get(EngineCounters.MODEL_SWAPS));
    }

    /**
     * Since control schema version 3 a risk limit change carries who sent it: one whose var data runs past the
     * input is malformed and changes nothing, and one of version 2, which has none, still applies.
     */
    @Test
    void aControlMessageWhoseVarDataRunsPastItsEndIsMalformed()
    {
        final EngineStep step = step(0.01, loose());
        final io.lockstep.sbe.control.MessageHeaderEncoder header = new io.lockstep.sbe.control.MessageHeaderEncoder();
        final int whole = io.lockstep.sbe.control.MessageHeaderEncoder.ENCODED_LENGTH + new RiskLimitChangeEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(3).instrumentId(0)
            .riskLimit(RiskLimit.MAX_ORDER_QUANTITY).value(7).issuedBy("desk-7").encodedLength();
        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0, whole - 1);
        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0, whole - "desk-7".length() - 1);
        assertEquals(2, counters.get(EngineCounters.MALFORMED));
        assertEquals(0, counters.get(EngineCounters.CONTROL));

        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0, whole);
        assertEquals(1, counters.get(EngineCounters.CONTROL));
        assertEquals("risk.max.order.quantity = 7 for every instrument", step.models().status().lastOutcome());

        header.wrap(buffer, 0).version(2);
        new RiskLimitChangeEncoder().wrap(buffer, io.lockstep.sbe.control.MessageHeaderEncoder.ENCODED_LENGTH)
            .commandId(4).instrumentId(0).riskLimit(RiskLimit.MAX_ORDER_QUANTITY).value(9);
        step.apply(sequence++, 0, ProtocolTag.SBE_CONTROL, buffer, 0,
            io.lockstep.sbe.control.MessageHeaderEncoder.ENCODED_LENGTH + RiskLimitChangeEncoder.BLOCK_LENGTH);
        assertEquals(2, counters.get(EngineCounters.CONTROL), "a version 2 input has no issuedBy to check");
        assertEquals("risk.max.order.quantity = 9 for every instrument", step.models().status().lastOutcome());
        assertEquals(2, counters.get(EngineCounters.MALFORMED));
    }
}
