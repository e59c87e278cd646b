package io.lockstep.registry;

import io.lockstep.engine.DecisionRecorder;
import io.lockstep.engine.EngineStep;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.journal.JournalRecord;
import io.lockstep.replay.Replay;
import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.control.ModelReadyDecoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.control.ShadowRemoveDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Every change to the models a run traded with, from its input journal: each model command the engine journaled
 * (load, swap, rollback, shadow, canary) with the business thread's answer, refusals included, and each
 * quarantine, at its input sequence and receive time, with the champion, previous model and shadows after it. The
 * journal is replayed through the engine's own step, so the answers are the ones the engine reached, not a reading
 * of the commands: who promoted which model, when, and what the engine did about it.
 */
public final class ModelHistory
{
    /** A quarantine is no command: the step took the model out while scoring an event. */
    public static final String QUARANTINE = "quarantine";

    /** Told of each change, in input order. */
    @FunctionalInterface
    public interface Listener
    {
        void onChange(Change change);
    }

    /**
     * @param command      the control message (ModelReady, ModelSwap, Rollback, ShadowAdd, ShadowRemove,
     *                     CanaryFraction), or {@link #QUARANTINE}.
     * @param artifactHash the artifact the command names, hex; empty for a rollback and a quarantine.
     * @param issuedBy     who sent the command, as the admin client said; empty for a quarantine, and for a
     *                     ModelReady, shadow or canary command journaled before control schema version 3.
     * @param detail       a ModelReady's location, a canary's fraction; empty otherwise.
     * @param outcome      the business thread's answer to the command, or what the quarantine did.
     * @param champion     after the change: the champion (null when none is left), at this size.
     */
    public record Change(
        long sequence,
        long receiveTimeNs,
        String command,
        String artifactHash,
        String issuedBy,
        String detail,
        boolean applied,
        String outcome,
        DeployedModel champion,
        int championPpm,
        DeployedModel previous,
        List<DeployedModel> shadows)
    {
    }

    /** The replay: the roster it started and ended with, and how far it read. */
    public record Run(
        ModelRoster.Status start, ModelRoster.Status end, long inputs, long lastSequence, boolean endedInTornTail)
    {
    }

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ModelReadyDecoder ready = new ModelReadyDecoder();
    private final ModelSwapDecoder swap = new ModelSwapDecoder();
    private final RollbackDecoder rollback = new RollbackDecoder();
    private final ShadowAddDecoder shadowAdd = new ShadowAddDecoder();
    private final ShadowRemoveDecoder shadowRemove = new ShadowRemoveDecoder();
    private final CanaryFractionDecoder canary = new CanaryFractionDecoder();
    private final Listener listener;

    private ModelHistory(final Listener listener)
    {
        this.listener = listener;
    }

    /**
     * Replay a data directory's whole input journal, telling {@code listener} of each change to its models.
     *
     * @param override replay even when the run manifest says this build cannot reproduce the run.
     * @throws IllegalStateException as {@link Replay} does, naming what stops it.
     */
    public static Run replay(final Path dataDir, final boolean override, final Listener listener)
    {
        final ModelHistory history = new ModelHistory(listener);
        final DecisionRecorder.Sink noDecisions = (buffer, offset, length, receiveTimeNs) -> {};
        final Replay replay = new Replay(dataDir, noDecisions, override,
            (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) -> true,
            history::apply, null);
        try
        {
            final ModelRoster.Status start = replay.models().status();
            final long inputs = replay.run(Long.MAX_VALUE, false, () -> true, (progress) -> {});
            return new Run(start, replay.models().status(), inputs, replay.lastSequence(), replay.endedInTornTail());
        }
        finally
        {
            replay.close();
        }
    }

    private void apply(final EngineStep step, final JournalRecord record)
    {
        final ModelRoster.Status before = step.models().status();
        Replay.AS_JOURNALED.apply(step, record);
        final ModelRoster.Status after = step.models().status();
        if (after == before)
        {
            return; // every change publishes a new status
        }
        // On a control input the roster answers model commands, and the kill switch and risk limits, which change
        // no model; quarantines happen while scoring an event; an execution report changes no model either (a
        // fill on another instrument than its order's engages the kill switch, an event of the roster's).
        final boolean command = record.protocol() == ProtocolTag.SBE_CONTROL;
        if (command && isRiskCommand(record) || record.protocol() == ProtocolTag.SBE_ORDER_ENTRY)
        {
            return;
        }
        String name = QUARANTINE;
        String hash = "";
        String issuedBy = "";
        String detail = "";
        if (command)
        {
            final DirectBuffer buffer = record.buffer();
            final int offset = record.payloadOffset();
            header.wrap(buffer, offset);
            final int templateId = header.templateId();
            hash = templateId == RollbackDecoder.TEMPLATE_ID ? "" : HexFormat.of().formatHex(artifactHash(buffer,
                offset));
            switch (templateId)
            {
                case ModelReadyDecoder.TEMPLATE_ID:
                    name = "ModelReady";
                    detail = ready.wrapAndApplyHeader(buffer, offset, header).location();
                    issuedBy = ready.issuedBy(); // var data reads in schema order
                    break;
                case ModelSwapDecoder.TEMPLATE_ID:
                    name = "ModelSwap";
                    issuedBy = swap.wrapAndApplyHeader(buffer, offset, header).issuedBy();
                    break;
                case RollbackDecoder.TEMPLATE_ID:
                    name = "Rollback";
                    issuedBy = rollback.wrapAndApplyHeader(buffer, offset, header).issuedBy();
                    break;
                case ShadowAddDecoder.TEMPLATE_ID:
                    name = "ShadowAdd";
                    issuedBy = shadowAdd.wrapAndApplyHeader(buffer, offset, header).issuedBy();
                    break;
                case ShadowRemoveDecoder.TEMPLATE_ID:
                    name = "ShadowRemove";
                    issuedBy = shadowRemove.wrapAndApplyHeader(buffer, offset, header).issuedBy();
                    break;
                case CanaryFractionDecoder.TEMPLATE_ID:
                    name = "CanaryFraction";
                    detail = canary.wrapAndApplyHeader(buffer, offset, header).fractionPpm() + " ppm";
                    issuedBy = canary.issuedBy();
                    break;
            }
        }
        listener.onChange(new Change(record.sequence(), record.receiveTimeNs(), name, hash, issuedBy, detail,
            !command || after.lastCommandApplied(), command ? after.lastOutcome() : newEvents(before, after),
            after.champion(), after.championPpm(), after.previous(), after.shadows()));
    }

    private boolean isRiskCommand(final JournalRecord record)
    {
        final int templateId = header.wrap(record.buffer(), record.payloadOffset()).templateId();
        return templateId == KillSwitchDecoder.TEMPLATE_ID || templateId == RiskLimitChangeDecoder.TEMPLATE_ID;
    }

    private static byte[] artifactHash(final DirectBuffer buffer, final int offset)
    {
        final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
        buffer.getBytes(EngineStep.modelHashOffset(offset), hash);
        return hash;
    }

    /** @return the roster's events the input added (a quarantine, then who is champion now). */
    private static String newEvents(final ModelRoster.Status before, final ModelRoster.Status after)
    {
        final List<String> earlier = before.events();
        final List<String> later = after.events();
        final int known = earlier.isEmpty() ? -1 : later.lastIndexOf(earlier.get(earlier.size() - 1));
        return String.join("; ", later.subList(known + 1, later.size()));
    }
}
