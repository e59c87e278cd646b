package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.SyntheticSnapshots;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.testing.AllocationWindows;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New instruments take books and feature states made ready off the business thread; when none is ready, the
 * business thread makes one and counts it.
 */
class PreparedInstrumentsTest
{
    private static final int INSTRUMENTS = 24;
    private static final int EVENTS_EACH = 20;

    private final FeaturePlan plan = FeatureCompiler.compile("example-30.features", SyntheticSnapshots.exampleGraph());
    private final EngineCounters counters = new EngineCounters();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private long sequence = 1;

    @Test
    void readyStatesAreTakenThenMadeLateAndCountedThenRefilled()
    {
        final PreparedInstruments prepared = new PreparedInstruments(plan, 2, counters);
        assertNotSame(prepared.book(), prepared.book());
        assertSame(plan, prepared.featureState().plan());
        assertEquals(0, counters.get(EngineCounters.INSTRUMENT_STATES_MADE_LATE));
        prepared.book();
        assertEquals(1, counters.get(EngineCounters.INSTRUMENT_STATES_MADE_LATE), "none ready: made and counted");
        assertEquals(3, prepared.doWork(), "two books and one state made ready again");
        assertEquals(0, prepared.doWork());
        prepared.book();
        assertEquals(1, counters.get(EngineCounters.INSTRUMENT_STATES_MADE_LATE));
    }

    @Test
    void aNewInstrumentsFirstEventsAllocateAFractionOfWhatTheyDidWithoutPreparedStates()
    {
        final long unprepared = bytesForNewInstruments(null);
        // One more than measured: the warm-up instrument takes one too.
        final PreparedInstruments prepared = new PreparedInstruments(plan, INSTRUMENTS + 1, counters);
        final long withPrepared = bytesForNewInstruments(prepared);
        assertEquals(0, counters.get(EngineCounters.INSTRUMENT_STATES_MADE_LATE));
        // A book and the 30-feature state are ~100 KB; what is left is the maps' entries and their growth.
        assertTrue(unprepared > INSTRUMENTS * 50_000L, "without: " + unprepared + " bytes");
        assertTrue(withPrepared * 20 < unprepared, "with prepared states: " + withPrepared + " bytes, without: " +
            unprepared);
    }

    /** @return bytes the calling thread allocated applying the first events of {@value #INSTRUMENTS} instruments. */
    private long bytesForNewInstruments(final PreparedInstruments prepared)
    {
        final DeployedModel model = new DeployedModel(new byte[32], "test",
            new LinearModel(0, new double[plan.outputs().size()]));
        final EngineStep step = new EngineStep(plan, new ModelRoster(model, (bytes, offset, location) -> null,
            counters), new ThresholdStrategy(1, 100), new RiskLimits(),
            (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) -> true,
            new DecisionRecorder((buffer, offset, length, time) -> { }, plan.outputs().size(), 10_000), counters, 1);
        if (prepared != null)
        {
            step.instrumentStates(prepared::book, prepared::featureState);
        }
        final SyntheticMarketData[] markets = new SyntheticMarketData[INSTRUMENTS];
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            markets[i] = new SyntheticMarketData(7 + i, 100 + i, 0, 1_000_000, 1_000_000);
        }
        // Warm the code paths on an instrument of its own first, so only what a new instrument costs is measured.
        apply(step, new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000), 20_000);
        final long before = AllocationWindows.allocatedBytes();
        for (final SyntheticMarketData market : markets)
        {
            apply(step, market, EVENTS_EACH);
        }
        return AllocationWindows.allocatedBytes() - before;
    }

    private void apply(final EngineStep step, final SyntheticMarketData market, final int events)
    {
        for (int i = 0; i < events; i++)
        {
            final int length = market.next(buffer, 0);
            step.apply(sequence++, 0, ProtocolTag.SBE_MARKET_DATA, buffer, 0, length);
        }
    }
}
