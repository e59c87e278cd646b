package io.lockstep.engine;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.SyntheticSnapshots;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.testing.AllocationWindows;
import io.lockstep.testing.EmbeddedMediaDriver;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The business thread allocates nothing per event after warm-up, through every stage: journal append, feed
 * decoding, order book, the 30-feature graph, the model, the strategy, risk, order egress on a real Aeron
 * publication, and the decision record into its journal. Over 1.2 million events.
 */
class EngineAllocationTest
{
    private static final int WARM_UP = 200_000;
    private static final int WINDOW = 200_000;

    @TempDir
    Path temp;

    @Test
    void zeroBytesPerEventThroughEveryStage()
    {
        try (MediaDriver driver = EmbeddedMediaDriver.launch(temp.resolve("aeron"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Publication orders = aeron.addPublication("aeron:ipc", 2002);
            Subscription venue = aeron.addSubscription("aeron:ipc", 2002);
            JournalWriter inputs = JournalWriter.open(temp.resolve("inputs"),
                new JournalConfig().segmentLength(1 << 30).log((line) -> {}));
            JournalWriter decisions = JournalWriter.open(temp.resolve("decisions"),
                new JournalConfig().segmentLength(1 << 30).log((line) -> {})))
        {
            final FeaturePlan plan = FeatureCompiler.compile("example-30", SyntheticSnapshots.exampleGraph());
            final double[] weights = new double[30];
            weights[17] = 0.002; // imb_1
            final EngineCounters counters = new EngineCounters();
            // The champion and a shadow, so the shadow's scoring and its prediction in the record are measured too.
            final byte[] shadowHash = new byte[32];
            shadowHash[0] = 1;
            final DeployedModel shadow = new DeployedModel(shadowHash, "shadow", new LinearModel(0.5, weights));
            final ModelRoster models = new ModelRoster(
                new DeployedModel(new byte[32], "test", new LinearModel(0, weights)),
                (buffer, offset, location) -> shadow, counters);
            final UnsafeBuffer hash = new UnsafeBuffer(shadowHash);
            assertTrue(models.onReady(1, hash, 0, "shadow") && models.onShadowAdd(2, hash, 0));
            final EngineStep step = new EngineStep(plan, models, new ThresholdStrategy(0.001, 100),
                new RiskLimits().maxOrdersPerSecond(4096).maxPosition(Long.MAX_VALUE / 4).maxNotional(1e12),
                new AeronOrderSink(orders), new DecisionRecorder(new JournalDecisionSink(decisions), 30, 10_000),
                counters, 1);
            final StepLatency latency = new StepLatency();
            final BusinessHandler handler = new BusinessHandler(inputs, step, -1,
                BusinessHandler.PinningPolicy.WARN, (line) -> {}, latency, counters);
            final RingEvent event = new RingEvent(1024);
            final SyntheticMarketData market = new SyntheticMarketData(9, 1, 0, 100_000, 1_000_000);
            final FragmentHandler drain = (buffer, offset, length, header) -> {};
            while (!orders.isConnected())
            {
                Thread.onSpinWait();
            }

            final long[] sequence = { inputs.nextSequence() };
            final Runnable oneEvent = () ->
            {
                event.sequence = sequence[0]++;
                event.receivedAtNanoTime = System.nanoTime();
                event.protocol = ProtocolTag.SBE_MARKET_DATA;
                event.sourceId = EngineSources.MARKET_DATA;
                event.length = market.next(event.buffer, 0);
                handler.onEvent(event, event.sequence, true);
                venue.poll(drain, 16);
            };
            for (int i = 0; i < WARM_UP; i++)
            {
                oneEvent.run();
            }
            final List<Long> windows = AllocationWindows.measure(() ->
            {
                for (int i = 0; i < WINDOW; i++)
                {
                    oneEvent.run();
                }
            }, 3, 10);
            assertTrue(counters.get(EngineCounters.ORDERS) > 1_000, "orders went out: " +
                counters.get(EngineCounters.ORDERS));
            assertTrue(counters.get(EngineCounters.DECISIONS) > WARM_UP, "decisions recorded");
            assertTrue(AllocationWindows.endsWithZeros(windows, 3),
                "bytes allocated per window of " + WINDOW + " events: " + windows);
            final org.HdrHistogram.Histogram steps = latency.sinceStart();
            final long events = WARM_UP + (long)WINDOW * windows.size();
            assertTrue(Math.abs(steps.getTotalCount() - events / StepLatency.SAMPLE_EVERY) <= 1,
                "one latency per " + StepLatency.SAMPLE_EVERY + " of " + events + " events: " + steps.getTotalCount());
            assertTrue(steps.getValueAtPercentile(50) > 0 && steps.getMaxValue() < 1_000_000_000L,
                "receive stamp to step end, ns: " + steps.getValueAtPercentile(50) + " median, " +
                steps.getMaxValue() + " max");
        }
    }
}
