package io.lockstep.engine.model;

import io.lockstep.engine.DecisionRecorder;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineStep;
import io.lockstep.engine.LinearModel;
import io.lockstep.engine.OrderSink;
import io.lockstep.engine.ThresholdStrategy;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.engine.spi.Model;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.sbe.control.CanaryFractionEncoder;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.control.ModelReadyEncoder;
import io.lockstep.sbe.control.ModelSwapEncoder;
import io.lockstep.sbe.control.RollbackEncoder;
import io.lockstep.sbe.control.ShadowAddEncoder;
import io.lockstep.sbe.control.ShadowRemoveEncoder;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.MessageHeaderDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.lockstep.engine.spi.OrderIntent.BUY;
import static io.lockstep.engine.spi.OrderIntent.SELL;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Model control inputs through the real engine step: ready, swap, rollback, shadow, canary and quarantine, each
 * taking effect at its place in the sequence, observed in the orders sent and in the decision records.
 */
class ModelControlTest
{
    private static final String GRAPH = "imb = Imbalance(1)\nmid_price = mid\n";

    /** One decision record, decoded: {@code shadows[i]} names the model behind {@code predictions[1 + i]}. */
    private record Decision(long sequence, String championHash, double[] predictions, int orders, List<String> shadows)
    {
    }

    private final List<long[]> sent = new ArrayList<>();
    private final List<Decision> decisions = new ArrayList<>();
    private final ModelRegistry registry = new ModelRegistry();
    private final EngineCounters counters = new EngineCounters();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SyntheticMarketData market = new SyntheticMarketData(3, 1, 0, 1_000_000, 1_000_000);
    private final DeployedModel buyer = model(1, new LinearModel(0.01, new double[2]));
    private final DeployedModel seller = model(2, new LinearModel(-0.01, new double[2]));
    private long sequence = 1;
    private long commandId = 100;

    private static DeployedModel model(final int id, final Model model)
    {
        final byte[] hash = new byte[32];
        hash[0] = (byte)id;
        return new DeployedModel(hash, "model " + id, model);
    }

    private EngineStep step()
    {
        final FeaturePlan plan = FeatureCompiler.compile("test.features", GRAPH);
        final OrderSink orders = (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) ->
            sent.add(new long[] { decisionSequence, side, quantity });
        final DecisionRecorder recorder = new DecisionRecorder((bytes, offset, length, time) -> decode(bytes, offset),
            2, 10_000);
        final ModelRoster roster = new ModelRoster(buyer, registry, counters);
        return new EngineStep(plan, roster, new ThresholdStrategy(0.001, 100),
            new RiskLimits().maxOrdersPerSecond(4096).maxPosition(Long.MAX_VALUE / 4).maxNotional(1e12)
                .maxOrderQuantity(1_000), orders, recorder, counters, 1);
    }

    private void decode(final org.agrona.DirectBuffer bytes, final int offset)
    {
        final MessageHeaderDecoder recordHeader = new MessageHeaderDecoder().wrap(bytes, offset);
        if (recordHeader.templateId() != DecisionRecordDecoder.TEMPLATE_ID)
        {
            return;
        }
        final DecisionRecordDecoder record = new DecisionRecordDecoder().wrapAndApplyHeader(bytes, offset,
            recordHeader);
        final byte[] hash = new byte[32];
        record.getChampionHash(hash, 0, 32);
        final long recordSequence = record.sequence();
        for (final DecisionRecordDecoder.FeaturesDecoder ignored : record.features())
        {
            ignored.value();
        }
        final DecisionRecordDecoder.PredictionsDecoder group = record.predictions();
        final double[] predictions = new double[group.count()];
        for (int i = 0; i < predictions.length; i++)
        {
            predictions[i] = group.next().value();
        }
        final String championHash = HexFormat.of().formatHex(hash);
        int orders = 0;
        for (final DecisionRecordDecoder.OrdersDecoder ignored : record.orders())
        {
            orders++;
        }
        final List<String> shadows = new ArrayList<>();
        for (final DecisionRecordDecoder.ShadowsDecoder shadow : record.shadows())
        {
            shadow.getHash(hash, 0, 32);
            shadows.add(HexFormat.of().formatHex(hash));
        }
        decisions.add(new Decision(recordSequence, championHash, predictions, orders, shadows));
    }

    private void feed(final EngineStep step, final int events)
    {
        for (int i = 0; i < events; i++)
        {
            final int length = market.next(buffer, 0);
            step.apply(sequence++, 0, ProtocolTag.SBE_MARKET_DATA, buffer, 0, length);
        }
    }

    private long ready(final EngineStep step, final DeployedModel model)
    {
        registry.put(model);
        return control(step, MessageHeaderEncoder.ENCODED_LENGTH + new ModelReadyEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(model.hash(), 0, 32).location("/artifacts/" + model.shortHash()).issuedBy("test")
            .encodedLength());
    }

    private long swap(final EngineStep step, final DeployedModel model)
    {
        return control(step, MessageHeaderEncoder.ENCODED_LENGTH + new ModelSwapEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(model.hash(), 0, 32).issuedBy("test").encodedLength());
    }

    private long rollback(final EngineStep step)
    {
        return control(step, MessageHeaderEncoder.ENCODED_LENGTH + new RollbackEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId).issuedBy("test").encodedLength());
    }

    private long shadow(final EngineStep step, final DeployedModel model)
    {
        return control(step, MessageHeaderEncoder.ENCODED_LENGTH + new ShadowAddEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(model.hash(), 0, 32).issuedBy("test").encodedLength());
    }

    private long control(final EngineStep step, final int length)
    {
        final long at = sequence++;
        step.apply(at, 0, ProtocolTag.SBE_CONTROL, buffer, 0, length);
        return at;
    }

    private List<long[]> ordersAfter(final long controlSequence)
    {
        return sent.stream().filter((order) -> order[0] > controlSequence).toList();
    }

    private Decision firstDecisionAfter(final long controlSequence)
    {
        return decisions.stream().filter((d) -> d.sequence() > controlSequence).findFirst().orElseThrow();
    }

    @Test
    void swapTakesEffectOnTheNextEventAndRollbackRestoresThePreviousOnTheNextEvent()
    {
        final EngineStep step = step();
        feed(step, 300);
        assertTrue(sent.stream().allMatch((order) -> order[1] == BUY) && !sent.isEmpty());

        ready(step, seller);
        final long swapAt = swap(step, seller);
        feed(step, 300);
        assertEquals(seller.hashHex(), firstDecisionAfter(swapAt).championHash());
        assertFalse(ordersAfter(swapAt).isEmpty());
        assertTrue(ordersAfter(swapAt).stream().allMatch((order) -> order[1] == SELL), "the new champion sells");
        assertSame(buyer, step.models().previous(), "the previous champion stays loaded");

        final int before = sent.size();
        final long rollbackAt = rollback(step);
        feed(step, 300);
        final Decision first = firstDecisionAfter(rollbackAt);
        assertEquals(buyer.hashHex(), first.championHash(), "the first event after the rollback is the old model's");
        assertEquals(rollbackAt + 1, first.sequence(), "rollback takes effect on the very next event");
        assertTrue(sent.size() > before);
        assertTrue(ordersAfter(rollbackAt).stream().allMatch((order) -> order[1] == BUY));
        assertEquals(1, counters.get(EngineCounters.MODEL_SWAPS));
        assertEquals(1, counters.get(EngineCounters.MODEL_ROLLBACKS));
    }

    @Test
    void aModelThatIsNotReadyIsRefusedAndTheChampionKeepsTrading()
    {
        final EngineStep step = step();
        feed(step, 100);
        swap(step, seller);
        assertSame(buyer, step.models().champion());
        assertEquals(1, counters.get(EngineCounters.MODEL_COMMANDS_REFUSED));
        assertTrue(step.models().status().lastOutcome().startsWith("not ready"), step.models().status().toString());
        rollback(step);
        assertEquals(2, counters.get(EngineCounters.MODEL_COMMANDS_REFUSED), "nothing to roll back to");

        // A ready input whose model the resolver does not have is refused too (live: cannot happen).
        control(step, MessageHeaderEncoder.ENCODED_LENGTH + new ModelReadyEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(seller.hash(), 0, 32).location("/nowhere").issuedBy("test").encodedLength());
        assertEquals(3, counters.get(EngineCounters.MODEL_COMMANDS_REFUSED));
        feed(step, 100);
        assertTrue(sent.stream().allMatch((order) -> order[1] == BUY));
    }

    @Test
    void aDuplicateLoadLeavesNoCopyWaitingInTheRegistry()
    {
        final EngineStep step = step();
        ready(step, seller);
        assertEquals(0, registry.pending(), "resolved: the roster holds it now");
        final DeployedModel copy = model(2, new LinearModel(-0.01, new double[2]));
        ready(step, copy);
        assertEquals("already ready: " + seller, step.models().status().lastOutcome());
        assertEquals(0, registry.pending(), "the duplicate's copy is discarded");
        swap(step, seller);
        assertSame(seller, step.models().champion(), "the roster keeps the first copy");
    }

    @Test
    void shadowsAreScoredIntoTheDecisionRecordAndNeverTrade()
    {
        final EngineStep step = step();
        final DeployedModel shadow = model(3, new LinearModel(-0.05, new double[2]));
        ready(step, shadow);
        final long addAt = shadow(step, shadow);
        feed(step, 500);
        assertFalse(sent.isEmpty());
        assertTrue(sent.stream().allMatch((order) -> order[1] == BUY), "the shadow would sell: it never trades");
        assertEquals(2, firstDecisionAfter(addAt).predictions().length, "scored from the next event on");
        final Decision warm = decisions.get(decisions.size() - 1);
        assertEquals(buyer.hashHex(), warm.championHash());
        assertArrayEquals(new double[] { 0.01, -0.05 }, warm.predictions());
        assertEquals(List.of(shadow.hashHex()), warm.shadows(), "the record names the shadow behind its prediction");
    }

    @Test
    void eachRecordNamesTheShadowBehindEachPredictionAsTheRosterChanges()
    {
        final EngineStep step = step();
        final DeployedModel first = model(3, new LinearModel(-0.05, new double[2]));
        final DeployedModel second = model(4, new LinearModel(0.07, new double[2]));
        ready(step, first);
        ready(step, second);
        shadow(step, first);
        shadow(step, second);
        feed(step, 200);
        final long removeAt = control(step, MessageHeaderEncoder.ENCODED_LENGTH + new ShadowRemoveEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(first.hash(), 0, 32).issuedBy("test").encodedLength());
        feed(step, 200);
        final Decision before = decisions.stream().filter((d) -> d.sequence() < removeAt).reduce((a, b) -> b)
            .orElseThrow();
        assertEquals(List.of(first.hashHex(), second.hashHex()), before.shadows());
        assertArrayEquals(new double[] { 0.01, -0.05, 0.07 }, before.predictions());
        final Decision after = firstDecisionAfter(removeAt);
        assertEquals(List.of(second.hashHex()), after.shadows(), "the second shadow moved to the first place");
        assertArrayEquals(new double[] { 0.01, 0.07 }, after.predictions());
    }

    @Test
    void aShadowRolledBackToIsChampionAndNoLongerItsOwnShadow()
    {
        final EngineStep step = step();
        ready(step, seller);
        swap(step, seller);
        // The previous champion, buyer, shadowed beside the seller that trades; then the seller is rolled back.
        shadow(step, buyer);
        assertEquals(List.of(buyer), step.models().status().shadows());
        final long rollbackAt = rollback(step);
        assertSame(buyer, step.models().champion());
        assertEquals(List.of(), step.models().status().shadows(), "as a swap drops its model from the shadows");
        feed(step, 300);
        assertEquals(1, firstDecisionAfter(rollbackAt).predictions().length, "the champion scored once");
    }

    @Test
    void aCanaryTradesItsFractionOfNormalSizeRoundedDown()
    {
        final EngineStep step = step();
        final DeployedModel canary = model(4, new LinearModel(0.02, new double[2]));
        ready(step, canary);
        final long at = control(step, MessageHeaderEncoder.ENCODED_LENGTH + new CanaryFractionEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(canary.hash(), 0, 32).fractionPpm(255_000).issuedBy("test").encodedLength());
        feed(step, 300);
        assertFalse(ordersAfter(at).isEmpty());
        assertTrue(ordersAfter(at).stream().allMatch((order) -> order[2] == 25), "100 x 25.5% = 25.5, rounded down");

        final long tiny = control(step, MessageHeaderEncoder.ENCODED_LENGTH + new CanaryFractionEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(canary.hash(), 0, 32).fractionPpm(9_999).issuedBy("test").encodedLength());
        feed(step, 300);
        assertTrue(ordersAfter(tiny).isEmpty(), "100 x 0.9999% rounds down to 0: no order");

        final long promoted = swap(step, canary);
        feed(step, 300);
        assertTrue(ordersAfter(promoted).stream().allMatch((order) -> order[2] == 100), "a swap is full size");
        assertSame(buyer, step.models().previous(), "fraction changes of the champion keep the same previous");

        control(step, MessageHeaderEncoder.ENCODED_LENGTH + new CanaryFractionEncoder()
            .wrapAndApplyHeader(buffer, 0, header).commandId(++commandId)
            .putArtifactHash(canary.hash(), 0, 32).fractionPpm(1_000_001).issuedBy("test").encodedLength());
        assertEquals(1, counters.get(EngineCounters.MODEL_COMMANDS_REFUSED));
        assertEquals("canary fraction 1000001 ppm is outside 0..1000000", step.models().status().lastOutcome());
        assertEquals(ModelRoster.FULL_SIZE_PPM, step.models().championPpm(), "the refused fraction changed nothing");
    }

    @Test
    void canarySizeArithmeticIsExactForAnyQuantity()
    {
        final ModelRoster roster = new ModelRoster(buyer, registry, counters);
        registry.put(seller);
        final UnsafeBuffer hash = new UnsafeBuffer(seller.hash());
        roster.onReady(1, hash, 0, "x");
        roster.onCanary(2, hash, 0, 333_333);
        assertEquals(0, roster.size(2));
        assertEquals(0, roster.size(3), "0.999999 rounds down");
        assertEquals(1, roster.size(4));
        assertEquals(33_333, roster.size(100_000));
        final long big = Long.MAX_VALUE;
        assertEquals(java.math.BigInteger.valueOf(big).multiply(java.math.BigInteger.valueOf(333_333))
            .divide(java.math.BigInteger.valueOf(1_000_000)).longValueExact(), roster.size(big), "no overflow");
        roster.onCanary(3, hash, 0, 1_000_000);
        assertEquals(big, roster.size(big));
        roster.onCanary(4, hash, 0, 0);
        assertEquals(0, roster.size(big));
    }

    @Test
    void aThrowingChampionIsQuarantinedAndThePreviousScoresTheSameEvent()
    {
        final EngineStep step = step();
        final DeployedModel thrower = model(5, new Model()
        {
            public int featureCount()
            {
                return 2;
            }

            public double predict(final double[] features)
            {
                throw new IllegalStateException("weights went missing");
            }
        });
        feed(step, 100);
        ready(step, thrower);
        final long swapAt = swap(step, thrower);
        feed(step, 200);
        assertEquals(1, counters.get(EngineCounters.MODEL_QUARANTINES));
        final Decision first = firstDecisionAfter(swapAt);
        assertEquals(buyer.hashHex(), first.championHash(), "the event that found the fault is scored by the fallback");
        assertEquals(0.01, first.predictions()[0]);
        assertSame(buyer, step.models().champion());
        assertNull(step.models().previous());
        assertTrue(ordersAfter(swapAt).stream().allMatch((order) -> order[1] == BUY) && !ordersAfter(swapAt).isEmpty());
        assertTrue(step.models().status().events().stream().anyMatch((e) -> e.contains("weights went missing")),
            step.models().status().events().toString());
        assertEquals(0, counters.get(EngineCounters.STEP_FAILURES), "a model fault is not an engine failure");
    }

    @Test
    void aChampionQuarantinedInFavourOfItsShadowLeavesNoStalePredictionInTheRecord()
    {
        final EngineStep step = step();
        final boolean[] broken = { false };
        final DeployedModel fragile = model(6, new Model()
        {
            public int featureCount()
            {
                return 2;
            }

            public double predict(final double[] features)
            {
                if (broken[0])
                {
                    throw new IllegalStateException("broke");
                }
                return 0.02;
            }
        });
        ready(step, fragile);
        swap(step, fragile);
        shadow(step, buyer);
        feed(step, 100);
        assertArrayEquals(new double[] { 0.02, 0.01 }, decisions.get(decisions.size() - 1).predictions());

        broken[0] = true;
        final long brokenAt = sequence;
        feed(step, 100);
        final Decision first = decisions.stream().filter((d) -> d.sequence() >= brokenAt).findFirst().orElseThrow();
        assertEquals(buyer.hashHex(), first.championHash());
        assertArrayEquals(new double[] { 0.01 }, first.predictions(),
            "the shadow became champion: one prediction, not the last event's shadow score after it");
    }

    @Test
    void nanForFiniteFeaturesIsQuarantinedButNanWhileWarmingUpIsNot()
    {
        final EngineStep step = step();
        // NaN until its first feature is finite, then NaN for finite features: a fault from that event on.
        final DeployedModel nanModel = model(6, new Model()
        {
            public int featureCount()
            {
                return 2;
            }

            public double predict(final double[] features)
            {
                return Double.NaN;
            }
        });
        ready(step, nanModel);
        final long swapAt = swap(step, nanModel);
        assertSame(nanModel, step.models().champion());
        feed(step, 200);
        assertEquals(1, counters.get(EngineCounters.MODEL_QUARANTINES));
        assertSame(buyer, step.models().champion());
        final Decision scoredByNan = firstDecisionAfter(swapAt);
        assertEquals(nanModel.hashHex(), scoredByNan.championHash(), "features not warm yet: NaN is honest");
        assertTrue(Double.isNaN(scoredByNan.predictions()[0]));
    }

    @Test
    void theSameInputsGiveTheSameDecisionsAcrossSwaps()
    {
        final long[] digests = new long[2];
        for (int run = 0; run < 2; run++)
        {
            sent.clear();
            decisions.clear();
            sequence = 1;
            final SyntheticMarketData data = new SyntheticMarketData(11, 1, 0, 1_000_000, 1_000_000);
            final EngineStep step = step();
            for (int i = 0; i < 2_000; i++)
            {
                if (i == 500)
                {
                    ready(step, seller);
                    swap(step, seller);
                }
                if (i == 1_200)
                {
                    rollback(step);
                }
                final int length = data.next(buffer, 0);
                step.apply(sequence++, 0, ProtocolTag.SBE_MARKET_DATA, buffer, 0, length);
            }
            digests[run] = step.decisionDigest();
        }
        assertEquals(digests[0], digests[1]);
    }

    @Test
    void aShadowFoundFaultyIsNeverRolledBackTo()
    {
        final EngineStep step = step();
        final DeployedModel flaky = model(7, new Model()
        {
            private int calls;

            public int featureCount()
            {
                return 2;
            }

            public double predict(final double[] features)
            {
                // Fine while it trades, faulty later as a shadow.
                return ++calls < 50 ? 0.01 : Double.POSITIVE_INFINITY;
            }
        });
        ready(step, flaky);
        swap(step, flaky);
        feed(step, 10);
        ready(step, seller);
        swap(step, seller);
        assertSame(flaky, step.models().previous());
        shadow(step, flaky);
        final long shadowedFrom = sequence;
        feed(step, 100);
        assertEquals(1, counters.get(EngineCounters.MODEL_QUARANTINES));
        assertTrue(step.models().status().shadows().isEmpty());
        final Decision faulty = decisions.stream().filter((d) -> d.sequence() >= shadowedFrom &&
            d.predictions().length == 2 && Double.isNaN(d.predictions()[1])).findFirst().orElseThrow();
        assertEquals(List.of(flaky.hashHex()), faulty.shadows(), "the record of its fault still names it");
        final Decision next = firstDecisionAfter(faulty.sequence());
        assertEquals(List.of(), next.shadows(), "dropped from the next event on");
        assertEquals(1, next.predictions().length);
        assertNull(step.models().previous(), "the faulty model is no longer the one to roll back to");
        rollback(step);
        assertSame(seller, step.models().champion());
    }
}
