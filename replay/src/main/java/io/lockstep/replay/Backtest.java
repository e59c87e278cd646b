package io.lockstep.replay;

import io.lockstep.book.OrderBooks;
import io.lockstep.engine.EngineSources;
import io.lockstep.engine.EngineStep;
import io.lockstep.engine.JournalDecisionSink;
import io.lockstep.engine.venue.PaperFills;
import io.lockstep.feed.FeedDecoder;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalRecord;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecType;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run again through the same step, with every order filled the instant it is decided: the paper venue's
 * matching ({@link PaperFills}) against the book as it stood after the deciding input, no latency, no queue. The
 * run's own execution reports are left out; every other input (market data, and control: swaps, rollbacks, the
 * kill switch) goes in as journaled, in order, and each simulated report right after the input that decided its
 * order. The backtest is an engine data directory of its own: an input journal (numbered afresh, simulated reports
 * in place), a decision journal and the run's config, so it reads like any run, and what the run earned less what
 * its backtest earned is what execution cost.
 */
public final class Backtest implements AutoCloseable
{
    private final Replay replay;
    private final JournalWriter inputs;
    private final JournalWriter decisions;
    private final OrderBooks books = new OrderBooks();
    private final FeedDecoder feed;
    private final PaperFills paperFills = new PaperFills(this::onReport);
    private EngineStep step;
    private long receiveTimeNs;
    private boolean orderPending;
    private long clOrdId;
    private int instrumentId;
    private byte side;
    private long price;
    private long quantity;
    private long liveReportsLeftOut;
    private long simulatedReports;

    /**
     * @param dataDir  the run: its config, models and input journal, as {@link Replay} reads them.
     * @param outDir   a new directory for the backtest's journals and config.
     * @param override replay even when the run manifest says this build cannot reproduce the run.
     * @throws IllegalArgumentException when {@code outDir} already exists.
     */
    public Backtest(final Path dataDir, final Path outDir, final boolean override)
    {
        if (Files.exists(outDir))
        {
            throw new IllegalArgumentException(outDir + " already exists: a backtest writes a new data directory");
        }
        final JournalDecisionSink[] decisionSink = new JournalDecisionSink[1];
        replay = new Replay(dataDir, (buffer, offset, length, time) -> decisionSink[0].onRecord(buffer, offset,
            length, time), override, this::onOrder, this::onInput);
        JournalWriter inputJournal = null;
        try
        {
            Files.createDirectories(outDir);
            Files.copy(dataDir.resolve("engine.config"), outDir.resolve("engine.config"));
            final JournalConfig config = replay.settings().journalConfig((line) -> {});
            inputJournal = JournalWriter.open(outDir.resolve("inputs"), config);
            decisions = JournalWriter.open(outDir.resolve("decisions"), config);
        }
        catch (final IOException | RuntimeException ex)
        {
            CloseHelper.quietCloseAll(inputJournal, replay);
            throw ex instanceof IOException ? new UncheckedIOException("cannot create the backtest in " + outDir,
                (IOException)ex) : (RuntimeException)ex;
        }
        inputs = inputJournal;
        decisionSink[0] = new JournalDecisionSink(decisions);
        feed = new FeedDecoder(replay.settings().lobsterInstrument);
    }

    /**
     * @return inputs of the run read (its execution reports included, though left out).
     */
    public long run()
    {
        return replay.run(Long.MAX_VALUE, false, () -> true, (count) -> {});
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

    /** @return the execution reports the backtest made in their place. */
    public long simulatedReports()
    {
        return simulatedReports;
    }

    public void close()
    {
        CloseHelper.closeAll(replay, inputs, decisions);
    }

    private void onInput(final EngineStep step, final JournalRecord record)
    {
        if (record.protocol() == ProtocolTag.SBE_ORDER_ENTRY)
        {
            liveReportsLeftOut++;
            return;
        }
        this.step = step;
        receiveTimeNs = record.receiveTimeNs();
        // The venue's own view of the book, kept apart from the step's as the paper venue keeps it.
        feed.decode(record.protocol(), record.buffer(), record.payloadOffset(), record.payloadLength(), books);
        apply(record.sourceId(), record.protocol(), record.buffer(), record.payloadOffset(), record.payloadLength());
        if (orderPending)
        {
            orderPending = false;
            paperFills.execute(books.book(instrumentId), clOrdId, instrumentId, side, price, quantity, receiveTimeNs);
        }
    }

    /** The step decides at most one order an input: filled once that input's step is over. */
    private boolean onOrder(
        final long clOrdId,
        final int instrumentId,
        final byte side,
        final long price,
        final long quantity,
        final long decisionSequence,
        final long eventTimeNs)
    {
        this.clOrdId = clOrdId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.price = price;
        this.quantity = quantity;
        orderPending = true;
        return true;
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
