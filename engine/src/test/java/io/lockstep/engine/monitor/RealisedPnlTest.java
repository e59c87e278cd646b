package io.lockstep.engine.monitor;

import io.lockstep.engine.DecisionRecorder;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineStep;
import io.lockstep.engine.JournalDecisionSink;
import io.lockstep.engine.LinearModel;
import io.lockstep.engine.ThresholdStrategy;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.feed.sbe.SbeMarketDataEncoder;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportEncoder;
import io.lockstep.sbe.oe.MessageHeaderEncoder;
import io.lockstep.sbe.oe.Side;
import io.lockstep.util.JsonParser;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs small enough to work out by hand, through the engine's own step into real journals: one instrument at
 * exponent -4, a model that always buys (or sells) 100 at the touch, fills and expiries sent back as a venue
 * would. A second ledger tails the journals as the monitor does, reading each input before its step has written
 * its decision, and must end with the same bytes as the offline report.
 */
class RealisedPnlTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final int INSTRUMENT = 1;

    @TempDir
    Path temp;

    private final byte[] modelHash = new byte[32];
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final SbeMarketDataEncoder market = new SbeMarketDataEncoder(this::onMarketData);
    private JournalWriter inputs;
    private JournalWriter decisions;
    private EngineStep step;
    /** A monitor tailing the journals as they are written, at the worst moment: each input before its step. */
    private final RealisedPnl tailing = new RealisedPnl(INSTRUMENT, SECOND);
    private JournalReader tailedInputs;
    private JournalReader tailedDecisions;
    /** What the tailing monitor would have reported right after each of the first inputs: by sequence. */
    private final List<String> tailedReports = new java.util.ArrayList<>();

    /** @param intercept the model's constant prediction: above the threshold it buys, below minus it sells. */
    private void engine(final double intercept)
    {
        modelHash[0] = 7;
        final JournalConfig config = new JournalConfig().log((line) -> {});
        inputs = JournalWriter.open(temp.resolve("inputs"), config);
        decisions = JournalWriter.open(temp.resolve("decisions"), config);
        final EngineCounters counters = new EngineCounters();
        final DeployedModel model = new DeployedModel(modelHash, "constant", new LinearModel(intercept, new double[1]));
        step = new EngineStep(FeatureCompiler.compile("test.features", "t = time\n"),
            new ModelRoster(model, (bytes, offset, location) -> null, counters), new ThresholdStrategy(0.001, 100),
            new RiskLimits().maxOrdersPerSecond(4096).maxPosition(Long.MAX_VALUE / 4).maxNotional(1e12),
            (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) -> true,
            new DecisionRecorder(new JournalDecisionSink(decisions), 1, 10_000), counters, INSTRUMENT);
        tailedInputs = JournalReader.open(temp.resolve("inputs"));
        tailedDecisions = JournalReader.open(temp.resolve("decisions"));
    }

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(tailedInputs, tailedDecisions, inputs, decisions);
    }

    /**
     * Buckets start at the first input, here 0.7 s into a second: clock-aligned ones would cut the first at 0.3 s
     * and count it as a full bucket.
     */
    @Test
    void pnlSlippageAndSharpeAsWorkedOutByHand() throws Exception
    {
        engine(1.0); // always buys 100 at the ask
        final UnsafeBuffer symbol = new UnsafeBuffer("TEST".getBytes());
        final long t = 7 * SECOND / 10; // the first input's event time
        market.onInstrument(t, INSTRUMENT, symbol, 0, 4, -4);                                            // 1
        market.onAddOrder(t + SECOND / 10, INSTRUMENT, 1, MarketDataListener.BUY, 100_0000, 500);        // 2: bid only
        market.onAddOrder(t + 2 * SECOND / 10, INSTRUMENT, 2, MarketDataListener.SELL, 100_0200, 500);   // 3: buys at
        execution(3, ExecType.FILL, 100_0200, 100, 0);                                 // 4: 100 @ 100.02, mid 100.01
        market.onOrderDelete(t + 11 * SECOND / 10, INSTRUMENT, 2);                          // 5: bucket 1, no ask
        market.onAddOrder(t + 12 * SECOND / 10, INSTRUMENT, 3, MarketDataListener.SELL, 100_1200, 500);  // 6: 100.06
        market.onAddOrder(t + 21 * SECOND / 10, INSTRUMENT, 4, MarketDataListener.BUY, 100_1000, 500);   // 7: 100.11
        execution(6, ExecType.FILL, 100_1000, 100, 0);                                 // 8: 100 @ 100.10
        execution(7, ExecType.PARTIAL_FILL, 100_1200, 50, 50);                         // 9: 50 @ 100.12
        execution(7, ExecType.EXPIRED, 0, 0, 0);                                       // 10
        market.onAddOrder(t + 35 * SECOND / 10, INSTRUMENT, 5, MarketDataListener.BUY, 99_0000, 100);    // 11: bucket 3

        final Map<?, ?> whole = report(Long.MAX_VALUE);
        assertEquals(11L, whole.get("throughSequence"));
        assertEquals(3L, whole.get("fills"));
        // Bought 100 at 100.02, 100 at 100.10 and 50 at 100.12, marked at 100.11: 250 * 100.11 - 25,018 = 9.5.
        final Map<?, ?> instrument = (Map<?, ?>)((List<?>)whole.get("instruments")).get(0);
        assertEquals(250L, instrument.get("position"));
        assertEquals(-25_018.0, instrument.get("cash"));
        assertEquals(100.11, instrument.get("mid"));
        assertEquals(9.5, whole.get("pnl"));
        // Equity after each input: 0 0 0 -1 | -1 4 | 9 10 9.5 9.5 | 9.5. Closed buckets earned -1, 5 and 5.5; the
        // worst fall from a peak was 0 to -1 (10 to 9.5 is less).
        assertEquals(1.0, whole.get("maxDrawdown"));
        assertEquals(3L, whole.get("buckets"));
        final double mean = (-1 + 5 + 5.5) / 3;
        final double std = Math.sqrt((sq(-1 - mean) + sq(5 - mean) + sq(5.5 - mean)) / 2);
        assertEquals(mean, (Double)whole.get("bucketPnlMean"), 1e-12);
        assertEquals(std, (Double)whole.get("bucketPnlStd"), 1e-12);
        assertEquals(mean / std, (Double)whole.get("sharpe"), 1e-12);

        final Map<?, ?> model = (Map<?, ?>)((List<?>)whole.get("models")).get(0);
        assertEquals(HexFormat.of().formatHex(modelHash), model.get("hash"));
        assertEquals(6L, model.get("decisions"), "every book event but the instrument's definition");
        assertEquals(4L, model.get("orders"), "at 3, 6, 7 and 11: whenever there is an ask");
        assertEquals(400L, model.get("orderedQuantity"));
        assertEquals(250L, model.get("filledQuantity"));
        assertEquals(250.0 / 300, model.get("fillRate"), "of the orders that heard back: order 11 has not");
        // Against the mid when each order was decided, not when it filled: order 3 paid 100.02 against 100.01,
        // order 6 100.10 against 100.06 (inside its half spread of 0.06; the mid was 100.11 by its fill), order 7
        // 100.12 against 100.11.
        final double slippageBps = (100 * 0.01 / 100.01 + 100 * 0.04 / 100.06 + 50 * 0.01 / 100.11) * 1e4 / 250;
        final double halfSpreadBps = (100 * 0.01 / 100.01 + 100 * 0.06 / 100.06 + 50 * 0.01 / 100.11) * 1e4 / 250;
        assertEquals(slippageBps, (Double)model.get("slippageBps"), 1e-9);
        assertEquals(halfSpreadBps, (Double)model.get("halfSpreadBps"), 1e-9);
        assertEquals(1 + 4 + 0.5, (Double)model.get("slippageCost"), 1e-12);
        assertEquals(9.5, (Double)model.get("pnl"), 1e-12);

        assertEquals(1L, whole.get("ordersAwaitingReports"), "order 11 had no report");
        assertEquals(0L, whole.get("unmarkedInputs"));

        // Through input 7: one fill, marked at 100.11; as a live report through input 7 would say, the decision of
        // input 7 (its order) is not in it yet.
        final Map<?, ?> partial = report(7);
        assertEquals(7L, partial.get("throughSequence"));
        assertEquals(1L, partial.get("fills"));
        assertEquals(9.0, partial.get("pnl"));
        assertEquals(2L, ((Map<?, ?>)((List<?>)partial.get("models")).get(0)).get("orders"));
    }

    @Test
    void sellsEmptyBucketsAndAPositionWithoutAMark() throws Exception
    {
        engine(-1.0); // always sells 100 at the bid
        final UnsafeBuffer symbol = new UnsafeBuffer("TEST".getBytes());
        market.onInstrument(0, INSTRUMENT, symbol, 0, 4, -4);                                           // 1
        market.onAddOrder(SECOND / 2, INSTRUMENT, 1, MarketDataListener.BUY, 50_0000, 500);             // 2: NO_MARKET
        execution(2, Side.SELL, ExecType.FILL, 50_0000, 100, 0);                                        // 3: a stray
        market.onAddOrder(6 * SECOND / 10, INSTRUMENT, 2, MarketDataListener.SELL, 50_0200, 500);       // 4: 50.01
        execution(4, Side.SELL, ExecType.FILL, 50_0000, 100, 0);                                        // 5
        market.onAddOrder(32 * SECOND / 10, INSTRUMENT, 3, MarketDataListener.BUY, 49_9000, 500);       // 6: bucket 3
        execution(6, Side.SELL, ExecType.EXPIRED, 0, 0, 0);                                             // 7
        market.onOrderDelete(45 * SECOND / 10, INSTRUMENT, 1);                                          // 8: 49.96
        market.onAddOrder(6 * SECOND, INSTRUMENT, 4, MarketDataListener.SELL, 50_1000, 500);            // 9: bucket 6

        final Map<?, ?> report = report(Long.MAX_VALUE);
        // Sold 100 and 100 at 50.00, marked at 49.96 at the end: 10,000 - 200 * 49.96 = 8.
        final Map<?, ?> instrument = (Map<?, ?>)((List<?>)report.get("instruments")).get(0);
        assertEquals(-200L, instrument.get("position"));
        assertEquals(10_000.0, instrument.get("cash"));
        assertEquals(8.0, report.get("pnl"));
        // The risk gate refused the sell at input 2 (no two-sided book for its collar), yet a fill of it came: a
        // stray, in the account but no model's. After it the short had no mark (no ask yet): input 3 is left
        // unmarked, not a NaN that would poison the drawdown, buckets and attribution after it.
        assertEquals(2L, report.get("fills"));
        assertEquals(1L, report.get("unmatchedFills"));
        assertEquals(1L, report.get("unmarkedInputs"));
        // Buckets of 1 s from the first input with a time (0.5 s): marks 0 0 - -1 -2 | (empty) | -2 -2 | (empty) |
        // 8 | 8, the last open: closed buckets -2, 0, 0, 0, 10.
        assertEquals(2.0, report.get("maxDrawdown"));
        assertEquals(5L, report.get("buckets"));
        final double[] closed = { -2, 0, 0, 0, 10 };
        final double mean = 8.0 / 5;
        double squares = 0;
        for (final double pnl : closed)
        {
            squares += sq(pnl - mean);
        }
        assertEquals(mean, (Double)report.get("bucketPnlMean"), 1e-12);
        assertEquals(Math.sqrt(squares / 4), (Double)report.get("bucketPnlStd"), 1e-12);

        final Map<?, ?> model = (Map<?, ?>)((List<?>)report.get("models")).get(0);
        assertEquals(5L, model.get("decisions"));
        assertEquals(4L, model.get("orders"), "at 4, 6, 8 and 9");
        assertEquals(100L, model.get("filledQuantity"));
        assertEquals(100.0 / 200, model.get("fillRate"), "of orders 4 and 6, the two that heard back");
        // Only order 4 had an arrival mid (50.01): a sell at 50.00 is a cent below it, a cost.
        assertEquals(0.01 / 50.01 * 1e4, (Double)model.get("slippageBps"), 1e-9);
        assertEquals(0.01 / 50.01 * 1e4, (Double)model.get("halfSpreadBps"), 1e-9);
        assertEquals(1.0, (Double)model.get("slippageCost"), 1e-12);
        assertEquals(8.0, (Double)model.get("pnl"), 1e-12);
        assertEquals(2L, report.get("ordersAwaitingReports"), "orders 8 and 9 had no report");
    }

    @Test
    void ordersThatNeverHearBackAreForgottenBeyondABound()
    {
        engine(1.0);
        final SyntheticMarketData feed = new SyntheticMarketData(11, INSTRUMENT, 0, SECOND, 1_000_000);
        final UnsafeBuffer event = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < 80_000; i++)
        {
            apply(ProtocolTag.SBE_MARKET_DATA, event, 0, feed.next(event, 0));
        }
        final Map<?, ?> report = report(Long.MAX_VALUE);
        final long orders = (Long)((Map<?, ?>)((List<?>)report.get("models")).get(0)).get("orders");
        assertTrue(orders > RealisedPnl.MAX_OPEN_ORDERS, "orders: " + orders);
        assertEquals((long)RealisedPnl.MAX_OPEN_ORDERS, report.get("ordersAwaitingReports"));
        assertEquals(orders - RealisedPnl.MAX_OPEN_ORDERS, report.get("ordersForgotten"));
    }

    private static double sq(final double x)
    {
        return x * x;
    }

    /** Offline, from the whole journals, through an input; the whole run's is checked against the tailing one. */
    private Map<?, ?> report(final long through)
    {
        final RealisedPnl pnl = new RealisedPnl(INSTRUMENT, SECOND).limit(through);
        try (JournalReader inputReader = JournalReader.open(temp.resolve("inputs"));
            JournalReader decisionReader = JournalReader.open(temp.resolve("decisions")))
        {
            assertNull(pnl.readToEnd(inputReader, decisionReader));
        }
        if (through == Long.MAX_VALUE)
        {
            tailing.finish(tailedDecisions);
            assertEquals(pnl.report(), tailing.report(), "the monitor's report at shutdown, the same bytes");
        }
        else
        {
            assertEquals(tailedReports.get((int)through - 1), pnl.report(),
                "a live report through input " + through + ", the same bytes");
        }
        return (Map<?, ?>)JsonParser.parse(pnl.report(), "report");
    }

    private void onMarketData(final org.agrona.MutableDirectBuffer data, final int offset, final int length)
    {
        apply(ProtocolTag.SBE_MARKET_DATA, data, offset, length);
    }

    private void execution(
        final long clOrdId, final ExecType type, final long price, final long quantity, final long leaves)
    {
        execution(clOrdId, Side.BUY, type, price, quantity, leaves);
    }

    private void execution(
        final long clOrdId, final Side side, final ExecType type, final long price, final long quantity,
        final long leaves)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + report.wrapAndApplyHeader(buffer, 0, header)
            .clOrdId(clOrdId).venueOrderId(clOrdId).execId(inputs.nextSequence()).instrumentId(INSTRUMENT)
            .execType(type).side(side).lastPrice(price).lastQuantity(quantity).cumulativeQuantity(quantity)
            .leavesQuantity(leaves).transactTimeNs(0).encodedLength();
        apply(ProtocolTag.SBE_ORDER_ENTRY, buffer, 0, length);
    }

    /** As the business thread does: journal the input, then step on it (which journals its decision). */
    private void apply(final ProtocolTag protocol, final DirectBuffer data, final int offset, final int length)
    {
        final long sequence = inputs.nextSequence();
        inputs.append(sequence, sequence, 0, protocol, data, offset, length);
        assertEquals(1, tailing.poll(tailedInputs, tailedDecisions, 10), "the input, before its decision exists");
        if (sequence <= 100)
        {
            tailedReports.add(tailing.report()); // the hand-worked runs; not each of the long one's 80,000
        }
        step.apply(sequence, sequence, protocol, data, offset, length);
    }
}
