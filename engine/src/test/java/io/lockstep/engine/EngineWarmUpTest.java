package io.lockstep.engine;

import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.features.FeaturePlan;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up runs inputs through every stage of a step of its own, fills included, and leaves a step built after
 * it deciding exactly as one built before it.
 */
class EngineWarmUpTest
{
    @Test
    void marketDataAndFillsGoThroughEveryStage()
    {
        final EngineSettings settings = new EngineSettings();
        final EngineCounters ran = EngineWarmUp.run(settings, settings.featurePlan(), 20_000);

        assertEquals(20_000, ran.get(EngineCounters.MARKET_DATA));
        assertEquals(0, ran.get(EngineCounters.MALFORMED));
        assertEquals(0, ran.get(EngineCounters.STEP_FAILURES));
        assertTrue(ran.get(EngineCounters.DECISIONS) > 15_000, "decisions: " + ran.get(EngineCounters.DECISIONS));
        // Filled orders free the position limit, so orders keep being sent (without fills: 100, then none).
        assertTrue(ran.get(EngineCounters.ORDERS) > 1_000, "orders: " + ran.get(EngineCounters.ORDERS));
        assertTrue(ran.get(EngineCounters.FILLS) > 1_000, "fills: " + ran.get(EngineCounters.FILLS));
    }

    /** HotSpot (both CI JVMs) answers the compile-queue query the engine waits on before ingress starts. */
    @Test
    void theJitsCompileQueueCanBeRead()
    {
        final long waited = EngineWarmUp.awaitCompilerIdle(TimeUnit.SECONDS.toNanos(5));
        assertTrue(waited >= 0 || waited == EngineWarmUp.COMPILER_BUSY, "waited " + waited);
    }

    @Test
    void aChampionQuarantinedInTheWarmUpIsReportedNotFatal()
    {
        final EngineSettings settings = new EngineSettings();
        settings.modelWeights = new double[] { 1e308, 1e308, 1e308, 1e308 }; // infinite from finite features
        final EngineCounters ran = EngineWarmUp.run(settings, settings.featurePlan(), 2_000);

        assertEquals(2_000, ran.get(EngineCounters.MARKET_DATA));
        assertTrue(ran.get(EngineCounters.MODEL_QUARANTINES) > 0, "quarantines: " +
            ran.get(EngineCounters.MODEL_QUARANTINES));
        assertEquals(0, ran.get(EngineCounters.ORDERS));
    }

    @Test
    void aStepBuiltAfterTheWarmUpDecidesAsOneBuiltBefore()
    {
        final EngineSettings settings = new EngineSettings();
        final FeaturePlan plan = settings.featurePlan();
        final long before = decisionsDigest(settings, plan);
        EngineWarmUp.run(settings, plan, 20_000);
        assertEquals(before, decisionsDigest(settings, plan));
    }

    /** CRC32C of every decision record and order a fresh step makes on a seeded feed of its own. */
    private static long decisionsDigest(final EngineSettings settings, final FeaturePlan plan)
    {
        final CRC32C crc = new CRC32C();
        final byte[] bytes = new byte[4096];
        final EngineStep step = EngineStep.of(settings, plan,
            (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) ->
            {
                crc.update((int)(clOrdId ^ instrumentId ^ side ^ price ^ quantity ^ decisionSequence));
                return true;
            },
            (DirectBuffer buffer, int offset, int length, long receiveTimeNs) ->
            {
                buffer.getBytes(offset, bytes, 0, length);
                crc.update(bytes, 0, length);
            },
            new EngineCounters(), (buffer, hashOffset, location) -> null);
        final SyntheticMarketData market = new SyntheticMarketData(7, 1, 0, 50_000, 1_000_000);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        for (int sequence = 1; sequence <= 5_000; sequence++)
        {
            final int length = market.next(buffer, 0);
            step.apply(sequence, market.eventTimeNs(), ProtocolTag.SBE_MARKET_DATA, buffer, 0, length);
        }
        return crc.getValue();
    }
}
