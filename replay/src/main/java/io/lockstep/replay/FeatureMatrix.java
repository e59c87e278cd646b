package io.lockstep.replay;

import io.lockstep.book.OrderBooks;
import io.lockstep.features.FeatureEvaluator;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.FeatureState;
import io.lockstep.features.MarketSnapshot;
import io.lockstep.feed.FeedDecoder;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a journal through the live code (feed decoders, order books, the compiled feature plan) and emits one
 * row per market-data event that changed an instrument's book or printed a trade: the offline feature matrix.
 * <p>
 * Research labels ({@link FeaturePlan.Output#isLabel()}) are the value of a causal expression {@code lead} events
 * later on the same instrument: each instrument keeps its last {@code maxLead} rows until their labels are known,
 * so memory is bounded by instruments x maxLead rows whatever the journal's size. With labels, rows of different
 * instruments come out in each instrument's order (sort by sequence for journal order); rows whose future lies
 * past the journal's end get NaN labels.
 */
public final class FeatureMatrix
{
    /** Receives each row; {@code values} (features then labels, plan order) is reused after the call. */
    @FunctionalInterface
    public interface RowSink
    {
        void onRow(long sequence, long eventTimeNs, int instrumentId, double[] values);
    }

    private final FeaturePlan plan;
    private final int instrumentFilter;
    private final FeedDecoder decoder;
    private final OrderBooks books = new OrderBooks();
    private final MarketSnapshot snapshot = new MarketSnapshot();
    private final Int2ObjectHashMap<InstrumentRows> instruments = new Int2ObjectHashMap<>();
    private final int[] labelOutputs;
    private final int[] labelLeads;
    private final int ringSize;
    private RowSink sink;
    private long records;
    private long rows;

    /**
     * @param instrumentFilter only this instrument's events, or -1 for all.
     * @param lobsterInstrumentId instrument of LOBSTER rows in the journal.
     */
    public FeatureMatrix(final FeaturePlan plan, final int instrumentFilter, final int lobsterInstrumentId)
    {
        this.plan = plan;
        this.instrumentFilter = instrumentFilter;
        this.decoder = new FeedDecoder(lobsterInstrumentId);
        this.labelOutputs = plan.outputs().stream().filter(FeaturePlan.Output::isLabel)
            .mapToInt((output) -> plan.outputs().indexOf(output)).toArray();
        this.labelLeads = plan.outputs().stream().filter(FeaturePlan.Output::isLabel)
            .mapToInt(FeaturePlan.Output::lead).toArray();
        this.ringSize = plan.maxLead() + 1;
    }

    /**
     * Replay a whole journal.
     *
     * @param progress called every million records with the records read so far, for a progress line.
     * @return rows emitted.
     */
    public long run(final Path journal, final RowSink sink, final java.util.function.LongConsumer progress)
    {
        this.sink = sink;
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll(this::onRecord, 4096) > 0)
            {
                if (records % 1_000_000 < 4096)
                {
                    progress.accept(records);
                }
            }
            reader.checkNothingBeyondEnd();
        }
        instruments.forEach((id, rows) -> rows.flush());
        return rows;
    }

    private void onRecord(final JournalRecord record)
    {
        records++;
        books.resetLastInstrument();
        final int status = decoder.decode(
            record.protocol(), record.buffer(), record.payloadOffset(), record.payloadLength(), books);
        final int instrumentId = books.lastInstrumentId();
        if (status != FeedDecoder.APPLIED || instrumentId == OrderBooks.NO_INSTRUMENT ||
            (instrumentFilter >= 0 && instrumentId != instrumentFilter))
        {
            return;
        }
        books.snapshot(instrumentId, snapshot);
        InstrumentRows rows = instruments.get(instrumentId);
        if (rows == null)
        {
            rows = new InstrumentRows(instrumentId);
            instruments.put(instrumentId, rows);
        }
        rows.onEvent(record.sequence());
    }

    /** @return market-data inputs whose decoder rejected them (counted by reason in {@link #decoder()}). */
    public FeedDecoder decoder()
    {
        return decoder;
    }

    /** @return the events the order books counted as inconsistent ({@link OrderBooks#inconsistencies()}). */
    public String bookInconsistencies()
    {
        return books.inconsistencies();
    }

    /**
     * @return events bursts pushed out of the instruments' duration windows before their time, once per window:
     * those features are NaN in the rows meanwhile, as they were live ({@code max_events}).
     */
    public long windowTruncations()
    {
        long truncations = 0;
        for (final InstrumentRows rows : instruments.values())
        {
            truncations += rows.state.windowTruncations();
        }
        return truncations;
    }

    /** @return the features and labels whose duration windows, or their inputs', bursts truncated. */
    public List<String> truncatedOutputs()
    {
        final List<String> names = new ArrayList<>();
        for (int k = 0; k < plan.outputs().size(); k++)
        {
            for (final InstrumentRows rows : instruments.values())
            {
                if (rows.state.windowTruncations(k) > 0)
                {
                    names.add(plan.outputs().get(k).name());
                    break;
                }
            }
        }
        return names;
    }

    public long records()
    {
        return records;
    }

    /** One instrument's feature state and its rows still waiting for their labels. */
    private final class InstrumentRows
    {
        private final int instrumentId;
        private final FeatureState state = new FeatureState(plan);
        private final long[] sequences = new long[ringSize];
        private final long[] times = new long[ringSize];
        private final double[][] values = new double[ringSize][plan.outputs().size()];
        private long events;
        private long emitted;

        InstrumentRows(final int instrumentId)
        {
            this.instrumentId = instrumentId;
        }

        void onEvent(final long sequence)
        {
            FeatureEvaluator.update(state, snapshot);
            for (int k = 0; k < labelOutputs.length; k++)
            {
                final long row = events - labelLeads[k];
                if (row >= emitted)
                {
                    values[(int)(row % ringSize)][labelOutputs[k]] = state.output(labelOutputs[k]);
                }
            }
            final int slot = (int)(events % ringSize);
            sequences[slot] = sequence;
            times[slot] = snapshot.eventTimeNs;
            final double[] row = values[slot];
            for (int k = 0; k < row.length; k++)
            {
                row[k] = state.output(k);
            }
            for (final int label : labelOutputs)
            {
                row[label] = Double.NaN;
            }
            events++;
            if (events - emitted == ringSize)
            {
                emit();
            }
        }

        private void emit()
        {
            final int slot = (int)(emitted % ringSize);
            sink.onRow(sequences[slot], times[slot], instrumentId, values[slot]);
            emitted++;
            rows++;
        }

        void flush()
        {
            while (emitted < events)
            {
                emit();
            }
        }
    }
}
