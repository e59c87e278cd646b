package io.lockstep.engine;

import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ModelRegistry;
import io.lockstep.engine.model.StoredModels;
import io.lockstep.features.FeaturePlan;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recovery over a real run's journals: the orders the step decides again while recovering are not sent, since the
 * earlier start sent them, and once live they go to the venue. The decision journal gains nothing: every record
 * recomputed was journaled already.
 */
class RecoveryTest
{
    @TempDir
    Path temp;

    @Test
    void ordersDecidedAgainWhileRecoveringAreNotSentAndOnesDecidedLiveAre() throws Exception
    {
        final EngineSettings settings = new EngineSettings();
        settings.dataDir = temp.resolve("data");
        settings.aeronDir = temp.resolve("aeron").toString();
        settings.businessCpu = -1;
        final long ordersLive;
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(11, 1, 5_000), 5_000, (line) -> {}))
        {
            Thread.sleep(1_000);
            demo.close();
            ordersLive = demo.engine().counters().get(EngineCounters.ORDERS);
        }
        assertTrue(ordersLive > 0, "the run sent orders");

        final List<Long> sent = new ArrayList<>();
        final OrderSink venue = (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) ->
            sent.add(clOrdId);
        final FeaturePlan plan = settings.featurePlan();
        final EngineCounters counters = new EngineCounters();
        final JournalConfig config = settings.journalConfig((line) -> {});
        try (JournalWriter inputs = JournalWriter.open(settings.dataDir.resolve("inputs"), config);
            JournalWriter decisions = JournalWriter.open(settings.dataDir.resolve("decisions"), config))
        {
            final long decisionsBefore = decisions.nextSequence();
            final Recovery recovery = new Recovery(decisions.directory(), plan, new JournalDecisionSink(decisions),
                venue, new StoredModels(plan, new ArtifactStore(settings.dataDir)), new ModelRegistry());
            final EngineStep step = EngineStep.of(settings, plan, recovery, recovery, counters, recovery);
            recovery.recover(inputs.directory(), step, inputs.nextSequence());

            assertEquals(ordersLive, counters.get(EngineCounters.ORDERS), "every order decided again");
            assertEquals(List.of(), sent, "none sent again");
            assertEquals(decisionsBefore, decisions.nextSequence(), "nothing written: it was all journaled");
            assertTrue(recovery.recordsChecked() > ordersLive);

            assertTrue(recovery.send(7, 1, (byte)1, 100, 10, 7, 0));
            assertEquals(List.of(7L), sent, "live, orders go to the venue");
        }
    }
}
