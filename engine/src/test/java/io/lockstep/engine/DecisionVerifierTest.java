package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.decision.RiskVerdict;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A recomputed decision that differs from the live one is described by the stage that differs, shadows included:
 * each shadow prediction with the hash of the shadow that made it. A live journal written in an older decision
 * schema version is named as such, not as a divergence of the code.
 */
class DecisionVerifierTest
{
    private static final FeaturePlan PLAN = FeatureCompiler.compile("test.features", "mid_price = mid\n");
    private static final DeployedModel CHAMPION = model(1);
    private static final DeployedModel SHADOW = model(2);
    private static final DeployedModel OTHER_SHADOW = model(3);

    @TempDir
    Path temp;

    /** What differs in one decision between the live run and replay. */
    private enum Change
    {
        NONE, EVENT_TIME, CHAMPION, SHADOW_PREDICTION, SHADOW_MODEL, ORDER
    }

    private static DeployedModel model(final int id)
    {
        final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
        hash[0] = (byte)id;
        return new DeployedModel(hash, "model " + id, new LinearModel(0, new double[1]));
    }

    @Test
    void anotherEventIsNamedAsTheFeedOrBooksStage()
    {
        assertEquals("first divergence at input sequence 3, stage feed handler / order book: the event was of " +
            "instrument 1 at event time 3 live, of instrument 1 at event time 4 in replay",
            verify(Change.EVENT_TIME, false));
    }

    @Test
    void anotherChampionWithTheSamePredictionIsNamed()
    {
        assertEquals("first divergence at input sequence 3, stage inference: scored by model " + CHAMPION.hashHex() +
            " live, " + OTHER_SHADOW.hashHex() + " in replay (zeros: none)", verify(Change.CHAMPION, false));
    }

    @Test
    void aShadowPredictionThatDiffersIsNamedWithItsShadow()
    {
        final String divergence = verify(Change.SHADOW_PREDICTION, false);
        assertEquals("first divergence at input sequence 3, stage shadows: shadow " + SHADOW.hashHex() +
            " predicted live 0.5 (0x3fe0000000000000) replay 0.25 (0x3fd0000000000000)", divergence);
    }

    @Test
    void anotherShadowScoredIsNamed()
    {
        final String divergence = verify(Change.SHADOW_MODEL, false);
        assertEquals("first divergence at input sequence 3, stage shadows: live scored [" + SHADOW.hashHex() +
            "], replay [" + OTHER_SHADOW.hashHex() + "]", divergence);
    }

    @Test
    void anOrderThatDiffersIsDescribed()
    {
        final String divergence = verify(Change.ORDER, false);
        assertEquals("first divergence at input sequence 3, stage orders: live [BUY 5 at 100 (clOrdId 3)], " +
            "replay [BUY 6 at 100 (clOrdId 3)]", divergence);
    }

    @Test
    void identicalRecordsVerify()
    {
        assertNull(verify(Change.NONE, false));
    }

    @Test
    void aLiveJournalOfAnOlderSchemaVersionIsNamedAsSuch()
    {
        final String divergence = verify(Change.NONE, true);
        assertEquals("the live engine wrote the decision for input sequence 1 in decision schema version 1 and " +
            "this engine writes version 2, so no record can match byte for byte: verify the run with the engine " +
            "version its manifest.properties names", divergence);
    }

    /**
     * Five decisions, each with one shadow and an order, live then recomputed; the third differs by {@code change}.
     *
     * @return the verifier's divergence, null when none.
     */
    private String verify(final Change change, final boolean liveInVersion1)
    {
        final Path live = temp.resolve("decisions");
        try (JournalWriter writer = JournalWriter.open(live, new JournalConfig()))
        {
            final JournalDecisionSink journal = new JournalDecisionSink(writer);
            final DecisionRecorder.Sink sink = liveInVersion1 ? (buffer, offset, length, receiveTimeNs) ->
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
                copy.putBytes(0, buffer, offset, length);
                copy.putShort(6, (short)1); // the header's version field
                journal.onRecord(copy, 0, length, receiveTimeNs);
            } : journal;
            record(new DecisionRecorder(sink, 1, 1_000), Change.NONE);
        }
        try (DecisionVerifier verifier = new DecisionVerifier(live, PLAN))
        {
            record(new DecisionRecorder(verifier, 1, 1_000), change);
            verifier.verifyRest(5);
            return verifier.divergence();
        }
    }

    private static void record(final DecisionRecorder recorder, final Change change)
    {
        for (int sequence = 1; sequence <= 5; sequence++)
        {
            final Change here = sequence == 3 ? change : Change.NONE;
            final double shadowPrediction = here == Change.SHADOW_PREDICTION ? 0.25 : 0.5;
            final DeployedModel shadow = here == Change.SHADOW_MODEL ? OTHER_SHADOW : SHADOW;
            recorder.record(sequence, sequence, here == Change.EVENT_TIME ? sequence + 1 : sequence, 1,
                here == Change.CHAMPION ? OTHER_SHADOW : CHAMPION, new double[] { 100 }, 1,
                new double[] { 0.1, shadowPrediction }, 2, new DeployedModel[] { shadow }, RiskVerdict.PASSED, 0,
                sequence, OrderIntent.BUY, 100, here == Change.ORDER ? 6 : 5);
            recorder.afterInput(sequence, sequence);
        }
        recorder.checkpoint(5, 5);
    }
}
