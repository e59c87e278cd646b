package io.lockstep.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The monitor checks the ring's backlog once a second; the business thread keeps the deepest backlog a batch
 * started with in between, so a burst that came and went is still seen. Driven through a real Disruptor.
 */
class RingBacklogPeakTest
{
    @TempDir
    Path temp;

    private final EngineCounters counters = new EngineCounters();
    private final SyntheticMarketData market = new SyntheticMarketData(5, 1, 0, 1_000_000, 1_000_000);
    private long sequence = 1;

    @Test
    void theDeepestBacklogSinceTheLastLookIsKeptThenForgotten() throws Exception
    {
        try (JournalWriter inputs = JournalWriter.open(temp.resolve("inputs"), new JournalConfig().log((l) -> { })))
        {
            final DeployedModel model = new DeployedModel(new byte[32], "test", new LinearModel(0, new double[1]));
            final EngineStep step = new EngineStep(FeatureCompiler.compile("test.features", "imb = Imbalance(1)\n"),
                new ModelRoster(model, (bytes, offset, location) -> null, counters), new ThresholdStrategy(1, 100),
                new RiskLimits(), (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) -> true,
                new DecisionRecorder((buffer, offset, length, time) -> { }, 1, 10_000), counters, 1);
            final BusinessHandler handler = new BusinessHandler(inputs, step, -1, BusinessHandler.PinningPolicy.WARN,
                (line) -> { }, new StepLatency(), counters);
            final Disruptor<RingEvent> disruptor = new Disruptor<>(() -> new RingEvent(512), 64, Thread::new,
                ProducerType.SINGLE, new YieldingWaitStrategy());
            disruptor.handleEventsWith(handler);
            final RingBuffer<RingEvent> ring = disruptor.getRingBuffer();

            // A burst of 40 waits before the business thread starts: its first batch starts 40 deep.
            publish(ring, 40);
            disruptor.start();
            awaitApplied(40);
            assertEquals(40, handler.takeRingBacklogPeak());
            assertEquals(0, handler.takeRingBacklogPeak(), "taken, so forgotten");

            publish(ring, 1);
            awaitApplied(41);
            assertEquals(1, handler.takeRingBacklogPeak());
            disruptor.halt();
        }
    }

    private void publish(final RingBuffer<RingEvent> ring, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final long slot = ring.next();
            final RingEvent event = ring.get(slot);
            event.sequence = sequence++;
            event.protocol = ProtocolTag.SBE_MARKET_DATA;
            event.sourceId = EngineSources.MARKET_DATA;
            event.length = market.next(event.buffer, 0);
            ring.publish(slot);
        }
    }

    private void awaitApplied(final long events) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (counters.get(EngineCounters.EVENTS) < events && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(events, counters.get(EngineCounters.EVENTS));
    }
}
