package io.lockstep.engine.monitor;

import io.lockstep.engine.DecisionRecorder;
import io.lockstep.engine.JournalDecisionSink;
import io.lockstep.engine.LinearModel;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.MessageHeaderDecoder;
import io.lockstep.sbe.decision.RiskVerdict;
import io.lockstep.util.JsonParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Shadow predictions in decision records written to a real journal: each goes to the shadow its record names, also
 * when the roster changes between decisions, and each shadow is compared with the champion that traded beside it.
 * Records of decision schema version 1 name no shadow: their shadow predictions are counted, never guessed at.
 */
class ShadowDriftTest
{
    @TempDir
    Path temp;

    private static DeployedModel model(final int id)
    {
        final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
        hash[0] = (byte)id;
        return new DeployedModel(hash, "model " + id, new LinearModel(0, new double[1]));
    }

    @Test
    void eachShadowPredictionGoesToTheShadowItsRecordNames()
    {
        final DeployedModel champion = model(1);
        final DeployedModel up = model(2);
        final DeployedModel down = model(3);
        final Path journal = temp.resolve("decisions");
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig()))
        {
            final JournalDecisionSink sink = new JournalDecisionSink(writer);
            final DecisionRecorder recorder = new DecisionRecorder(sink, 1, 1_000_000);
            final DecisionRecorder older = new DecisionRecorder(version1(sink), 1, 1_000_000);
            for (int i = 1; i <= 30; i++)
            {
                // Inputs 1-10: up, then down; 11-20: down alone, in the first place; 21-30 as 1-10, written as version
                // 1 records, which carry no shadow hashes. up agrees with the champion, down opposes it.
                final double traded = i % 2 == 0 ? i : -i;
                final boolean both = i <= 10 || i > 20;
                final double[] predictions = both ? new double[] { traded, 3 * traded, -traded } :
                    new double[] { traded, -traded };
                final DeployedModel[] shadows = both ? new DeployedModel[] { up, down } : new DeployedModel[] { down };
                (i > 20 ? older : recorder).record(i, i, i, 1, champion, new double[] { i }, 1, predictions,
                    predictions.length, shadows, RiskVerdict.NO_ORDER, 0, 0, (byte)0, 0, 0);
            }
            recorder.checkpoint(30, 30);
        }

        final AlphaDrift drift = new AlphaDrift(temp.resolve("no-artifacts"), (line) -> fail(line));
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll(drift, 100) > 0)
            {
                // every record
            }
        }
        final Map<?, ?> report = (Map<?, ?>)JsonParser.parse(drift.report(), "report");
        assertEquals(30L, report.get("decisions"));
        assertEquals(20L, report.get("unattributedShadowPredictions"), "two per version 1 record, to no shadow");
        final List<?> shadows = (List<?>)report.get("shadows");
        assertEquals(List.of(up.hashHex(), down.hashHex()), shadows.stream().map((s) -> ((Map<?, ?>)s).get("hash"))
            .toList(), "in the order first met");

        final Map<?, ?> upReport = (Map<?, ?>)shadows.get(0);
        assertEquals(10L, upReport.get("decisions"));
        assertEquals(1L, upReport.get("firstSequence"));
        assertEquals(10L, upReport.get("lastSequence"));
        assertEquals(1.0, correlation(upReport), 1e-12);
        assertEquals(1.0, signAgreement(upReport));

        final Map<?, ?> downReport = (Map<?, ?>)shadows.get(1);
        assertEquals(20L, downReport.get("decisions"), "second place at 1-10, first at 11-20");
        assertEquals(1L, downReport.get("firstSequence"));
        assertEquals(20L, downReport.get("lastSequence"));
        assertEquals(-1.0, correlation(downReport), 1e-12);
        assertEquals(0.0, signAgreement(downReport));
        assertNull(downReport.get("reference"));
        assertTrue(downReport.get("note").toString().startsWith("no artifact with this hash"), downReport.toString());
        assertEquals("no data", drift.shadowBand(), "no shadow has a training reference to compare with");
        assertTrue(drift.hadShadows());
    }

    @Test
    void aRecordWithMorePredictionsThanAnEngineScoresIsNamed()
    {
        final Path journal = temp.resolve("decisions");
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig()))
        {
            final DeployedModel[] shadows = { model(2), model(3), model(4), model(5), model(6) };
            new DecisionRecorder(new JournalDecisionSink(writer), 1, 1_000_000).record(7, 7, 7, 1, model(1),
                new double[] { 1 }, 1, new double[6], 6, shadows, RiskVerdict.NO_ORDER, 0, 0, (byte)0, 0, 0);
        }
        final AlphaDrift drift = new AlphaDrift(temp.resolve("no-artifacts"), (line) -> fail(line));
        try (JournalReader reader = JournalReader.open(journal))
        {
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> reader.poll(drift, 1));
            assertEquals("record 1 of 00000000000000000001.segment (input sequence 7) holds 6 predictions: an engine " +
                "scores at most 5", refused.getMessage());
        }
    }

    private static double correlation(final Map<?, ?> shadow)
    {
        return ((Number)((Map<?, ?>)shadow.get("champion")).get("correlation")).doubleValue();
    }

    private static double signAgreement(final Map<?, ?> shadow)
    {
        return ((Number)((Map<?, ?>)shadow.get("champion")).get("signAgreement")).doubleValue();
    }

    /**
     * Writes each record as an engine before decision schema version 2 did: the same bytes without the shadows
     * group, and version 1 in the header.
     */
    private static DecisionRecorder.Sink version1(final DecisionRecorder.Sink sink)
    {
        return (buffer, offset, length, receiveTimeNs) ->
        {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
            copy.putBytes(0, buffer, offset, length);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(copy, 0);
            final DecisionRecordDecoder record = new DecisionRecordDecoder().wrapAndApplyHeader(copy, 0, header);
            record.features().forEach((ignored) -> { });
            record.predictions().forEach((ignored) -> { });
            record.orders().forEach((ignored) -> { });
            final int end = record.limit(); // where the shadows group starts
            copy.putShort(6, (short)1);
            sink.onRecord(copy, 0, end, receiveTimeNs);
        };
    }
}
