package io.lockstep.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up runs real inputs through every stage of a step of its own. That it leaves the live run alone is what
 * every engine test that replays or recovers a run checks: the engine warms up at each start, replay never does.
 */
class EngineWarmUpTest
{
    @Test
    void everySyntheticInputGoesThroughDecodeBookFeaturesModelRiskAndOrders()
    {
        final EngineSettings settings = new EngineSettings();
        settings.strategyKind = EngineSettings.StrategyKind.EVERY_EVENT;
        final EngineCounters ran = EngineWarmUp.run(settings, settings.featurePlan(), 5_000);

        assertEquals(5_000, ran.get(EngineCounters.EVENTS));
        assertEquals(5_000, ran.get(EngineCounters.MARKET_DATA));
        assertEquals(0, ran.get(EngineCounters.MALFORMED));
        assertEquals(0, ran.get(EngineCounters.STEP_FAILURES));
        assertTrue(ran.get(EngineCounters.DECISIONS) > 4_000, "decisions: " + ran.get(EngineCounters.DECISIONS));
        assertTrue(ran.get(EngineCounters.ORDERS) > 0, "orders: " + ran.get(EngineCounters.ORDERS));
        assertTrue(ran.get(EngineCounters.RISK_REJECTS) > 0, "risk rejects: " + ran.get(EngineCounters.RISK_REJECTS));
    }
}
