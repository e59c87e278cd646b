package io.lockstep.replay;

import io.lockstep.engine.EngineSources;
import io.lockstep.engine.EngineStep;
import io.lockstep.engine.JournalDecisionSink;
import io.lockstep.engine.venue.FillsAfterStep;
import io.lockstep.engine.venue.PaperFills;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalRecord;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.ModelReadyDecoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.control.ShadowRemoveDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.util.DirectoryTree;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A run again through the same step, with every order filled the instant it is decided: the paper venue's
 * matching ({@link PaperFills}) against the book as it stood after the deciding input, no latency, no queue. The
 * run's own execution reports are left out; every other input (market data, and control: swaps, rollbacks, the
 * kill switch) goes in as journaled, in order, and each simulated report right after the input that decided its
 * order. The backtest is an engine data directory of its own (an input journal numbered afresh with the simulated
 * reports in place, a decision journal, the run's config) that {@code RealisedPnl} reads like a run's. What the run
 * earned less what its backtest earned is what latency and the book moving cost, and also of what the decisions
 * after the first difference did: positions feed risk, so the two can decide different orders.
 */
public final class Backtest implements AutoCloseable
{
    private final Replay replay;
    private final Path outDir;
    private final Path partialDir;
    private final JournalWriter inputs;
    private final JournalWriter decisions;
    private final FillsAfterStep fills = new FillsAfterStep(this::onReport);
    private EngineStep step;
    private long receiveTimeNs;
    private final boolean candidate;
    private final io.lockstep.sbe.control.MessageHeaderDecoder controlHeader =
        new io.lockstep.sbe.control.MessageHeaderDecoder();
    private long liveReportsLeftOut;
    private long modelCommandsLeftOut;
    private long simulatedReports;
    private boolean complete;

    /**
     * @param dataDir  the run: its config, models, input and decision journals.
     * @param outDir   a new directory for the backtest's journals and config; written as {@code OUT.partial} and
     *                 renamed when whole, so a backtest that fails leaves nothing behind.
     * @param override replay even when the run manifest says this build cannot reproduce the run.
     * @param champion a model to trade throughout instead of the run's (the run's model commands are then left
     *                 out): how a candidate would have traded on this run. Null for the run's own models.
     * @throws IllegalArgumentException when {@code outDir} (or its partial) exists, or the run is incomplete.
     */
    public Backtest(final Path dataDir, final Path outDir, final boolean override, final Path champion)
    {
        this.outDir = outDir;
        this.partialDir = outDir.resolveSibling(outDir.getFileName() + ".partial");
        for (final Path taken : new Path[] { outDir, partialDir })
        {
            if (Files.exists(taken))
            {
                throw new IllegalArgumentException(taken + " already exists: a backtest writes a new data directory");
            }
        }
        if (!Files.isDirectory(dataDir.resolve("decisions")))
        {
            throw new IllegalArgumentException("no decisions journal in " + dataDir + ": nothing to compare with");
        }
        final JournalDecisionSink[] decisionSink = new JournalDecisionSink[1];
        replay = new Replay(dataDir, (buffer, offset, length, time) -> decisionSink[0].onRecord(buffer, offset,
            length, time), override, fills, this::onInput, champion);
        this.candidate = champion != null;
        JournalWriter inputJournal = null;
        JournalWriter decisionJournal = null;
        try
        {
            Files.createDirectories(partialDir);
            Files.copy(dataDir.resolve("engine.config"), partialDir.resolve("engine.config"));
            final JournalConfig config = replay.settings().journalConfig((line) -> {});
            inputJournal = JournalWriter.open(partialDir.resolve("inputs"), config);
            decisionJournal = JournalWriter.open(partialDir.resolve("decisions"), config);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(decisionJournal, inputJournal, replay);
            DirectoryTree.delete(partialDir);
            throw ex instanceof IOException ? new UncheckedIOException("cannot create the backtest in " +
                partialDir, (IOException)ex) : (RuntimeException)ex;
        }
        inputs = inputJournal;
        decisions = decisionJournal;
        decisionSink[0] = new JournalDecisionSink(decisions);
    }

    /**
     * Run the whole backtest, then move it into place.
     *
     * @return inputs of the run read (its execution reports included, though left out).
     */
    public long run()
    {
        final long read = replay.run(Long.MAX_VALUE, false, () -> true, (count) -> {});
        CloseHelper.closeAll(inputs, decisions);
        try
        {
            Files.move(partialDir, outDir, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot move the backtest from " + partialDir + " to " + outDir, ex);
        }
        complete = true;
        return read;
    }

    /** @return whether the run's input journal ended in a torn record (a crash): the backtest stops before it. */
    public boolean endedInTornTail()
    {
        return replay.endedInTornTail();
    }

    /** @return the run's execution reports, left out. */
    public long liveReportsLeftOut()
    {
        return liveReportsLeftOut;
    }

    /** @return the run's model commands (load, swap, rollback, shadow, canary), left out for a chosen champion. */
    public long modelCommandsLeftOut()
    {
        return modelCommandsLeftOut;
    }

    /** @return the execution reports the backtest made in their place. */
    public long simulatedReports()
    {
        return simulatedReports;
    }

    /** Close; a backtest that did not complete is removed. */
    public void close()
    {
        CloseHelper.quietCloseAll(inputs, decisions, replay);
        if (!complete)
        {
            DirectoryTree.delete(partialDir);
        }
    }

    private void onInput(final EngineStep step, final JournalRecord record)
    {
        if (record.protocol() == ProtocolTag.SBE_ORDER_ENTRY)
        {
            liveReportsLeftOut++;
            return;
        }
        if (candidate && isModelCommand(record))
        {
            modelCommandsLeftOut++;
            return;
        }
        this.step = step;
        receiveTimeNs = record.receiveTimeNs();
        apply(record.sourceId(), record.protocol(), record.buffer(), record.payloadOffset(), record.payloadLength());
        fills.fill(step.books(), receiveTimeNs);
    }

    private boolean isModelCommand(final JournalRecord record)
    {
        if (record.protocol() != ProtocolTag.SBE_CONTROL ||
            record.payloadLength() < io.lockstep.sbe.control.MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        controlHeader.wrap(record.buffer(), record.payloadOffset());
        if (controlHeader.schemaId() != ModelSwapDecoder.SCHEMA_ID)
        {
            return false;
        }
        switch (controlHeader.templateId())
        {
            case ModelSwapDecoder.TEMPLATE_ID:
            case RollbackDecoder.TEMPLATE_ID:
            case ShadowAddDecoder.TEMPLATE_ID:
            case ShadowRemoveDecoder.TEMPLATE_ID:
            case CanaryFractionDecoder.TEMPLATE_ID:
            case ModelReadyDecoder.TEMPLATE_ID:
                return true;
            default:
                return false;
        }
    }

    private void onReport(
        final ExecType type, final long price, final long quantity, final DirectBuffer buffer, final int offset,
        final int length)
    {
        simulatedReports++;
        apply(EngineSources.EXECUTION_REPORTS, ProtocolTag.SBE_ORDER_ENTRY, buffer, offset, length);
    }

    /** As the business thread does: journal the input, then step on it. */
    private void apply(
        final int sourceId, final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = inputs.nextSequence();
        inputs.append(sequence, receiveTimeNs, sourceId, protocol, buffer, offset, length);
        step.apply(sequence, receiveTimeNs, protocol, buffer, offset, length);
    }
}
