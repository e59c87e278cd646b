package io.lockstep.engine.monitor;

import io.lockstep.engine.DecisionRecorder;
import io.lockstep.engine.JournalDecisionSink;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.spi.Model;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.decision.RiskVerdict;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A candidate scored on decision records written to a real journal: what it cannot score, because it threw, gave a
 * faulty prediction or met a record with fewer features than it reads, counts as an error and as missing, and its
 * agreement with the champion is over the decisions both scored.
 */
class CandidateDriftTest
{
    @TempDir
    Path temp;

    /** Two features; throws on a first feature of 13, answers infinity on 7, else twice the first feature. */
    private static final Model CANDIDATE = new Model()
    {
        public int featureCount()
        {
            return 2;
        }

        public double predict(final double[] features)
        {
            if (features[0] == 13)
            {
                throw new IllegalStateException("thirteen");
            }
            return features[0] == 7 ? Double.POSITIVE_INFINITY : 2 * features[0];
        }
    };

    @Test
    void whatACandidateCannotScoreIsCountedAndItsAgreementIsOverWhatBothScored()
    {
        final byte[] championHash = new byte[DeployedModel.HASH_LENGTH];
        championHash[0] = 1;
        final DeployedModel champion = new DeployedModel(championHash, "champion", CANDIDATE);
        final Path journal = temp.resolve("decisions");
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig()))
        {
            final DecisionRecorder recorder = new DecisionRecorder(new JournalDecisionSink(writer), 2, 1_000_000);
            for (int i = 1; i <= 20; i++)
            {
                // The champion predicts i + 1: perfectly correlated with the candidate's 2i where it can score.
                final int features = i == 20 ? 1 : 2; // the last record is short: a run restarted on another graph
                recorder.record(i, i, i, 1, champion, new double[] { i, -i }, features, new double[] { i + 1 }, 1,
                    new DeployedModel[0], RiskVerdict.NO_ORDER, 0, 0, (byte)0, 0, 0);
            }
        }

        final List<String> log = new ArrayList<>();
        final byte[] candidateHash = new byte[DeployedModel.HASH_LENGTH];
        candidateHash[0] = 2;
        final AlphaDrift drift = new AlphaDrift(temp.resolve("no-artifacts"), log::add)
            .candidate(new DeployedModel(candidateHash, "candidate", CANDIDATE), null);
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll(drift, 100) > 0)
            {
                // every record
            }
        }
        final Map<?, ?> report = (Map<?, ?>)JsonParser.parse(drift.report(), "report");
        final Map<?, ?> candidate = (Map<?, ?>)report.get("candidate");
        assertEquals(20L, candidate.get("decisions"));
        assertEquals(3L, candidate.get("errors"), "threw on 13, infinite on 7, one record too short");
        final Map<?, ?> withChampion = (Map<?, ?>)candidate.get("champion");
        assertEquals(17L, withChampion.get("decisions"));
        assertEquals(1.0, ((Number)withChampion.get("correlation")).doubleValue(), 1e-12);
        assertEquals(List.of("alpha drift: candidate " + candidate.get("hash") +
            " threw at input 13: java.lang.IllegalStateException: thirteen"), log);
        assertEquals("artifact packed without a training reference (model pack --reference)", candidate.get("note"));
        assertEquals(20L, report.get("decisions"));
    }
}
