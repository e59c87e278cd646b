package io.lockstep.engine;

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

import static org.junit.jupiter.api.Assertions.*;

/**
 * A journal that cannot be written is the host's failure: the business thread reports it once and applies no
 * input after it (what it cannot journal, replay could not reproduce); the step does not count it as its own.
 */
class JournalFailureTest
{
    @TempDir
    Path temp;

    private final EngineCounters counters = new EngineCounters();
    private final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
    private final RingEvent event = new RingEvent(512);
    private boolean decisionJournalFull;

    private EngineStep step()
    {
        final DeployedModel model = new DeployedModel(new byte[32], "test", new LinearModel(0.01, new double[1]));
        return new EngineStep(FeatureCompiler.compile("test.features", "imb = Imbalance(1)\n"),
            new ModelRoster(model, (bytes, offset, location) -> null, counters), new ThresholdStrategy(0.001, 100),
            new RiskLimits().maxOrdersPerSecond(4096).maxPosition(Long.MAX_VALUE / 4).maxNotional(1e12),
            (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) -> true,
            new DecisionRecorder((buffer, offset, length, time) ->
            {
                if (decisionJournalFull)
                {
                    throw new JournalFailure("decision", new IllegalStateException("no space left on device"));
                }
            }, 1, 10_000), counters, 1);
    }

    private void offer(final BusinessHandler handler, final long sequence)
    {
        event.sequence = sequence;
        event.protocol = ProtocolTag.SBE_MARKET_DATA;
        event.sourceId = EngineSources.MARKET_DATA;
        event.length = market.next(event.buffer, 0);
        handler.onEvent(event, sequence, true);
    }

    @Test
    void anInputJournalThatFailsStopsTheBusinessThreadOnceAndCountsWhatFollows()
    {
        try (JournalWriter inputs = JournalWriter.open(temp.resolve("inputs"), new JournalConfig().log((l) -> { })))
        {
            final BusinessHandler handler = new BusinessHandler(inputs, step(), -1,
                BusinessHandler.PinningPolicy.WARN, (line) -> { }, new StepLatency(), counters);
            for (long sequence = 1; sequence <= 50; sequence++)
            {
                offer(handler, sequence);
            }
            assertEquals(50, counters.get(EngineCounters.EVENTS));

            final JournalFailure failure = assertThrows(JournalFailure.class, () -> offer(handler, 52));
            assertTrue(failure.getMessage().startsWith("the input journal failed: sequence 52 appended where 51"),
                failure.getMessage());
            offer(handler, 51);
            offer(handler, 52);
            assertEquals(50, counters.get(EngineCounters.EVENTS), "nothing applied after the failure");
            assertEquals(2, counters.get(EngineCounters.INPUTS_DROPPED));
            assertEquals(50, inputs.nextSequence() - 1, "nor journaled");
        }
    }

    @Test
    void aDecisionJournalThatFailsIsNoStepFailureAndStopsTheBusinessThread()
    {
        try (JournalWriter inputs = JournalWriter.open(temp.resolve("inputs"), new JournalConfig().log((l) -> { })))
        {
            final EngineStep step = step();
            final BusinessHandler handler = new BusinessHandler(inputs, step, -1,
                BusinessHandler.PinningPolicy.WARN, (line) -> { }, new StepLatency(), counters);
            decisionJournalFull = true;
            JournalFailure failure = null;
            long sequence = 1;
            while (failure == null && sequence < 100)
            {
                try
                {
                    offer(handler, sequence++); // until an event is decided, and its record cannot be written
                }
                catch (final JournalFailure ex)
                {
                    failure = ex;
                }
            }
            assertNotNull(failure);
            assertTrue(failure.getMessage().contains("decision journal failed: no space left on device"),
                failure.getMessage());
            assertEquals(0, counters.get(EngineCounters.STEP_FAILURES), "the host failed, not the step");
            assertEquals(Long.MIN_VALUE, step.firstFailureSequence());
            offer(handler, sequence);
            assertEquals(1, counters.get(EngineCounters.INPUTS_DROPPED));
        }
    }
}
