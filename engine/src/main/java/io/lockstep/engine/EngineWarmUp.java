package io.lockstep.engine;

import io.lockstep.features.FeaturePlan;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.ExpandableArrayBuffer;

/**
 * Runs the business logic before the first live input, so that the JIT has compiled it: until a method has been
 * called some thousands of times it runs interpreted, and the first live inputs paid for that (the demo's first
 * second showed a step latency p99 of 54-102 ms; 11 ms or less with 50,000 inputs of warm-up).
 * <p>
 * Seeded synthetic market data for a few instruments goes through a step of its own, built as the live one is (the
 * same plan and settings, the configured champion deployed once more, since a model may keep state of its own),
 * whose orders and decision records go nowhere and whose counters are its own. Nothing of the live step, its
 * models, the journals or the counters changes, and no code keeps static state, so a replay, which warms nothing
 * up, still reproduces the run bit for bit.
 */
final class EngineWarmUp
{
    private static final int INSTRUMENTS = 4;
    private static final long SEED = 0x5EED_CAFEL;

    private EngineWarmUp()
    {
    }

    /**
     * @param events inputs to run through the scratch step; 0 runs none.
     * @return the scratch step's counters, to say what ran.
     */
    static EngineCounters run(final EngineSettings settings, final FeaturePlan plan, final int events)
    {
        final EngineCounters counters = new EngineCounters();
        final EngineStep step = EngineStep.of(settings, plan,
            (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) -> true,
            (buffer, offset, length, receiveTimeNs) -> {},
            counters,
            (buffer, hashOffset, location) -> null);
        final SyntheticMarketData[] markets = new SyntheticMarketData[INSTRUMENTS];
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            markets[i] = new SyntheticMarketData(SEED + i, i + 1, 0, 100_000, 1_000_000);
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        for (int sequence = 1; sequence <= events; sequence++)
        {
            final SyntheticMarketData market = markets[sequence % INSTRUMENTS];
            final int length = market.next(buffer, 0);
            step.apply(sequence, market.eventTimeNs(), ProtocolTag.SBE_MARKET_DATA, buffer, 0, length);
        }
        step.models().champion().release(); // its own copy: a plugin's class loader and unpacked jar
        return counters;
    }
}
