package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRegistry;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.model.StoredModels;
import io.lockstep.features.FeaturePlan;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * A restarted engine's warm start. Before it goes live, the engine applies its own input journal, from the first
 * input, through its step, so that books, features, positions, risk state and the model roster stand where the
 * earlier start left them: where a replay of the whole data directory puts them, bit for bit. While it recovers,
 * the step's outputs are told apart from live ones:
 * <ul>
 *   <li>orders are not sent again (the earlier start sent them or failed to; the journaled execution reports say
 *   which);</li>
 *   <li>each decision record and checkpoint must equal the one journaled for it ({@link DecisionVerifier}): a
 *   build that decides differently is refused. Past the end of the decision journal (a crash between journaling
 *   an input and recording its decision) the recomputed records are appended, so the journal has them all;</li>
 *   <li>a ModelReady loads its artifact from the data directory's store ({@link StoredModels}), as replay does.</li>
 * </ul>
 * Once live, orders go to the venue, records to the decision journal, and ModelReady to the admin agent's registry.
 * On an empty data directory recovery has nothing to apply and the engine is live at once.
 */
final class Recovery implements OrderSink, DecisionRecorder.Sink, ModelRoster.Resolver
{
    private final DecisionVerifier recorded;
    private final DecisionRecorder.Sink journal;
    private final OrderSink venue;
    private final StoredModels stored;
    private final ModelRegistry registry;
    private final FeedPosition feedPosition = new FeedPosition(null);
    private EngineStep step;
    private boolean live;

    Recovery(
        final Path decisionJournal,
        final FeaturePlan plan,
        final DecisionRecorder.Sink journal,
        final OrderSink venue,
        final StoredModels stored,
        final ModelRegistry registry)
    {
        this.recorded = new DecisionVerifier(decisionJournal, plan);
        this.journal = journal;
        this.venue = venue;
        this.stored = stored;
        this.registry = registry;
    }

    /**
     * Apply every input journaled before {@code nextSequence}, check what remains of the decision journal, and go
     * live.
     *
     * @throws IllegalStateException naming the input and what differs when this build does not reproduce the
     *                               journal, or a model it loaded cannot be loaded again.
     */
    void recover(final Path inputJournal, final EngineStep step, final long nextSequence)
    {
        this.step = step;
        try (JournalReader inputs = JournalReader.open(inputJournal); DecisionVerifier verifier = recorded)
        {
            while (inputs.nextSequence() < nextSequence)
            {
                final int polled = inputs.poll(this::apply,
                    (int)Math.min(4096, nextSequence - inputs.nextSequence()));
                if (verifier.divergence() != null)
                {
                    break;
                }
                if (polled == 0)
                {
                    throw new IllegalStateException("the input journal ends at sequence " +
                        (inputs.nextSequence() - 1) + ", before " + (nextSequence - 1) + " its writer reported");
                }
            }
            verifier.verifyRest(inputs.nextSequence() - 1);
            if (verifier.divergence() != null)
            {
                throw new IllegalStateException((verifier.inputsMissing() ? "the journals of the run disagree: " :
                    "this build does not decide as the journal recorded: ") + verifier.divergence() +
                    " (lockstep replay DATA_DIR --verify says the same offline)");
            }
        }
        live = true;
    }

    private void apply(final JournalRecord record)
    {
        feedPosition.onRecord(record);
        step.apply(record.sequence(), record.receiveTimeNs(), record.protocol(), record.buffer(),
            record.payloadOffset(), record.payloadLength());
        // At once: the inputs after it would be decided without the model, and past the end of the decision
        // journal their records would be written.
        if (stored.failure() != null)
        {
            throw new IllegalStateException("input sequence " + record.sequence() + ": " + stored.failure());
        }
    }

    /** @return the MoldUDP64 feed's position after the journal. */
    FeedPosition feedPosition()
    {
        return feedPosition;
    }

    /** @return the decision records and checkpoints checked against the journal while recovering. */
    long recordsChecked()
    {
        return recorded.compared() + recorded.checkpointsMatched();
    }

    public boolean send(
        final long clOrdId,
        final int instrumentId,
        final byte side,
        final long price,
        final long quantity,
        final long decisionSequence,
        final long eventTimeNs)
    {
        return !live || venue.send(clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs);
    }

    public void onRecord(final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        if (!recorded.liveEnded())
        {
            recorded.onRecord(buffer, offset, length, receiveTimeNs);
            if (!recorded.liveEnded())
            {
                return;
            }
        }
        journal.onRecord(buffer, offset, length, receiveTimeNs);
    }

    public DeployedModel resolve(final DirectBuffer buffer, final int hashOffset, final String location)
    {
        return live ? registry.resolve(buffer, hashOffset, location) : stored.resolve(buffer, hashOffset, location);
    }

    public void discard(final DirectBuffer buffer, final int hashOffset)
    {
        if (live)
        {
            registry.discard(buffer, hashOffset);
        }
    }
}
