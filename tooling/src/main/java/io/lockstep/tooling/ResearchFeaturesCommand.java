package io.lockstep.tooling;

import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.lang.FeatureDefinition;
import io.lockstep.features.lang.FeatureParser;
import io.lockstep.replay.FeatureMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(
    name = "features",
    header = "Write the offline feature matrix of a journal, through the live feature plan.",
    mixinStandardHelpOptions = true,
    description = {
        "Replay a journal through the live feed decoders, books and compiled feature plan, and write one CSV row",
        "per evaluated event: sequence, event_time_ns, instrument, each feature, then each label. Streams any",
        "journal size in bounded memory. Missing values (warm-up) are empty cells." })
final class ResearchFeaturesCommand implements Callable<Integer>
{
    /** The columns every row starts with, before the features and labels. */
    private static final List<String> KEY_COLUMNS = List.of("sequence", "event_time_ns", "instrument");

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "Journal directory.")
    Path journal;

    @Option(names = "--graph", required = true, paramLabel = "FILE", description = "Feature file.")
    Path graph;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Output CSV file.")
    Path out;

    @Option(names = "--label", paramLabel = "NAME=Fwd(EXPR, N)",
        description = "A label from the future (research only), e.g. 'fwd_ret_100=Fwd(Ret(mid, 100), 100)': the " +
            "value of EXPR N events later on the same instrument. Repeatable.")
    List<String> labels = new ArrayList<>();

    @Mixin
    InstrumentOptions instruments;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final StringBuilder line = new StringBuilder(1024);
    private BufferedWriter writer;
    private int firstLabel;
    private long[] rowsLabelled;

    public Integer call() throws IOException
    {
        final List<FeatureDefinition> labelDefinitions = new ArrayList<>();
        for (final String label : labels)
        {
            labelDefinitions.add(FeatureParser.parseDefinition("--label " + label, label));
        }
        final FeaturePlan plan = FeatureCompiler.compileFile(graph, labelDefinitions);
        for (final FeaturePlan.Output output : plan.outputs())
        {
            if (KEY_COLUMNS.contains(output.name()))
            {
                throw new IllegalArgumentException((output.isLabel() ? "label '" : "feature '") + output.name() +
                    "' has the name of one of the matrix's own columns " + KEY_COLUMNS + ": rename it");
            }
        }
        final FeatureMatrix matrix = new FeatureMatrix(plan, instruments.filter(), instruments.lobsterInstrument());
        firstLabel = plan.outputs().size() - labelDefinitions.size();
        rowsLabelled = new long[labelDefinitions.size()];
        final PrintWriter err = spec.commandLine().getErr();
        final long start = System.nanoTime();
        final long rows;
        try (PartialFile file = PartialFile.open(out, journal, graph))
        {
            writer = file.writer();
            line.setLength(0);
            line.append(String.join(",", KEY_COLUMNS));
            for (final FeaturePlan.Output output : plan.outputs())
            {
                line.append(',').append(output.name());
            }
            writer.write(line.append('\n').toString());
            rows = matrix.run(journal, this::write, (records) -> err.printf(
                "research features: %,d records read, %.1f s%n", records, (System.nanoTime() - start) / 1e9));
            if (rows == 0 && instruments.instrument != null)
            {
                throw new IllegalArgumentException("no event of instrument " + instruments.instrument + " in the " +
                    matrix.records() + " records of " + journal + ": no row to write");
            }
            if (rows == 0)
            {
                // A decision journal, or one with no feed, holds no row: most likely the wrong journal.
                throw new IllegalArgumentException("no market-data input in the " + matrix.records() +
                    " records of " + journal + " (" + matrix.decoder().rejected() + " rejected by their decoder): " +
                    "no row to write; features come from an engine's input journal");
            }
            file.commit();
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
        spec.commandLine().getOut().printf("%s: %,d rows x %d columns (%d features and labels; graph %s) from " +
            "%,d records of %s; %,d market-data inputs rejected by their decoder%n", out, rows,
            KEY_COLUMNS.size() + plan.outputs().size(), plan.outputs().size(),
            plan.graphHash().substring(0, 16), matrix.records(), journal, matrix.decoder().rejected());
        warnOfEmptyLabels(plan, err);
        if (!matrix.bookInconsistencies().isEmpty())
        {
            // A duplicate add, a cancel of more than rests...: the feed does not describe one consistent book.
            err.printf("warning: the order books met events inconsistent with them: %s; the rows' book features " +
                "are those of the books as the events left them%n", matrix.bookInconsistencies());
        }
        if (matrix.windowTruncations() > 0)
        {
            err.printf("warning: %,d events were pushed out of duration windows early by bursts (counted once per " +
                "window): those features are NaN in the rows until the events would have left; raise their " +
                "max_events to keep them (%s)%n", matrix.windowTruncations(), String.join(", ",
                matrix.truncatedOutputs()));
        }
        return 0;
    }

    /** A label no row has a value for is almost always a lead beyond the journal: say so rather than pass it on. */
    private void warnOfEmptyLabels(final FeaturePlan plan, final PrintWriter err)
    {
        for (int i = 0; i < rowsLabelled.length; i++)
        {
            if (rowsLabelled[i] == 0)
            {
                final FeaturePlan.Output label = plan.outputs().get(firstLabel + i);
                err.printf("research features: warning: label %s is empty in every row: it is its expression %,d " +
                    "events later on the row's instrument, and no row has that many after it with the expression " +
                    "defined%n", label.name(), label.lead());
            }
        }
    }

    private void write(final long sequence, final long eventTimeNs, final int instrumentId, final double[] values)
    {
        for (int i = 0; i < rowsLabelled.length; i++)
        {
            final double label = values[firstLabel + i];
            if (label == label)
            {
                rowsLabelled[i]++;
            }
        }
        line.setLength(0);
        line.append(sequence).append(',').append(eventTimeNs).append(',').append(instrumentId);
        for (final double value : values)
        {
            line.append(',');
            if (value == value)
            {
                line.append(value);
            }
        }
        line.append('\n');
        try
        {
            writer.append(line);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
