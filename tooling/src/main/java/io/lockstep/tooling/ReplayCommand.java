package io.lockstep.tooling;

import io.lockstep.engine.DecisionRecorder;
import io.lockstep.engine.DecisionVerifier;
import io.lockstep.engine.EngineCounters;
import io.lockstep.features.FeaturePlan;
import io.lockstep.replay.Replay;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "replay",
    header = "Run a data directory's input journal again through the engine's own step; --verify proves it.",
    mixinStandardHelpOptions = true,
    description = {
        "Drive the engine's own business step from its input journal (same decoders, books, feature plan, model,",
        "strategy and risk; orders to a counting sink), rebuilt from the engine.config next to the journals.",
        "--verify compares every recomputed decision record and digest checkpoint with the live ones and exits 0",
        "only when all match; otherwise it names the first divergent input sequence, the stage and, for features,",
        "the feature with both values in decimal and hex bits. Exit 1 on a divergence or a corrupt journal." })
final class ReplayCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DATA_DIR", description = "Engine data directory (engine.config, inputs/, decisions/).")
    Path dataDir;

    @Option(names = "--verify", description = "Compare with the live decisions and digest checkpoints.")
    boolean verify;

    @Option(names = "--decisions", paramLabel = "OUT.csv", description = "Write every recomputed decision as CSV.")
    Path decisionsCsv;

    @Option(names = "--from", paramLabel = "SEQ|TIME", defaultValue = "0",
        description = "First input written to --decisions, by sequence or ISO-8601 receive time " +
            "(2026-11-21T22:00:00Z); state is always rebuilt from the start.")
    String from;

    @Option(names = "--to", paramLabel = "SEQ|TIME", defaultValue = "9223372036854775807",
        description = "Stop after this input sequence, or before the first input received after this time.")
    String to;

    private long fromSequence;
    private long fromTimeNs = Long.MIN_VALUE;

    @Option(names = "--follow", description = "Keep reading as a running engine appends, until --idle-timeout.")
    boolean follow;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "10s",
        description = "With --follow: stop after this long without a new input (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--override", description = "Replay even when the run manifest's feature graph or model differs.")
    boolean override;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DecisionRecordDecoder decision = new DecisionRecordDecoder();
    private final StringBuilder line = new StringBuilder(512);
    private BufferedWriter csv;
    private DecisionVerifier verifier;
    private long decisionsWritten;

    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long idleNs = Durations.positiveNs(idleTimeout, "--idle-timeout");
        final boolean fromIsTime = isTime(from);
        fromSequence = fromIsTime ? 0 : OptionValues.notNegative(sequence(from, "--from"), "--from", "a sequence");
        fromTimeNs = fromIsTime ? timeNs(from, "--from") : Long.MIN_VALUE;
        final long toSequence = isTime(to) ? Long.MAX_VALUE : OptionValues.inputSequence(sequence(to, "--to"), "--to");
        final long toTimeNs = isTime(to) ? timeNs(to, "--to") : Long.MAX_VALUE;
        if (fromIsTime == isTime(to) && (fromIsTime ? fromTimeNs > toTimeNs : fromSequence > toSequence))
        {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to + ": nothing to replay");
        }
        final long start = System.nanoTime();
        final long[] lastProgress = { System.nanoTime(), -1 };
        try (Replay replay = new Replay(dataDir, this::onDecision, override);
            PartialFile decisions = decisionsCsv == null ? null :
                follow ? PartialFile.direct(decisionsCsv, dataDir) : PartialFile.open(decisionsCsv, dataDir))
        {
            final FeaturePlan plan = replay.plan();
            if (verify)
            {
                // Following, a decision may be recomputed before the engine has written it: wait for it.
                verifier = new DecisionVerifier(dataDir.resolve("decisions"), plan, follow ? idleNs : 0);
            }
            if (decisions != null)
            {
                csv = decisions.writer();
                line.setLength(0);
                line.append("sequence,event_time_ns,instrument,verdict,reason,prediction");
                for (final var output : plan.outputs())
                {
                    line.append(',').append(output.name());
                }
                csv.write(line.append(",order_side,order_price,order_quantity\n").toString());
            }
            final long inputs = replay.run(toSequence, toTimeNs, follow, () ->
            {
                final long seen = replay.lastSequence();
                if (seen != lastProgress[1])
                {
                    lastProgress[1] = seen;
                    lastProgress[0] = System.nanoTime();
                }
                return System.nanoTime() - lastProgress[0] > idleNs;
            }, (records) -> err.printf("replay: %,d inputs, %.1f s%n", records, (System.nanoTime() - start) / 1e9));
            final double seconds = (System.nanoTime() - start) / 1e9;
            final EngineCounters counters = replay.counters();
            out.printf("replayed %,d inputs (to sequence %d) in %.2f s (%,.0f inputs/s): %,d decisions, %,d orders, " +
                "%,d risk rejects, %,d malformed inputs, decision digest %016x%s%n", inputs, replay.lastSequence(),
                seconds, inputs / seconds, counters.get(EngineCounters.DECISIONS), counters.get(EngineCounters.ORDERS),
                counters.get(EngineCounters.RISK_REJECTS), counters.get(EngineCounters.MALFORMED), replay.digest(),
                replay.endedInTornTail() ? "; the input journal ends in a torn record (crash), replayed up to it" : "");
            // A time past the last decision's receive time writes no row, as a sequence past the last input does.
            final boolean pastTheEnd = fromIsTime ? decisions != null && decisionsWritten == 0 &&
                counters.get(EngineCounters.DECISIONS) > 0 : fromSequence > replay.lastSequence();
            if (inputs == 0 || pastTheEnd)
            {
                err.println("lockstep replay: " + (inputs == 0 ? "--to " + to + " is before the first input" :
                    "--from " + from + " is past the last " + (fromIsTime ? "decision" : "input, " +
                    replay.lastSequence())) + ": no decision was replayed" +
                    (decisions != null ? ", and " + decisionsCsv + " not written" : ""));
                return 1;
            }
            if (decisions != null)
            {
                decisions.commit();
            }
            if (verifier == null)
            {
                return 0;
            }
            try (DecisionVerifier v = verifier)
            {
                if (replay.appliedWholeJournal())
                {
                    // The whole run was replayed: nothing but the checkpoints of stops may remain live.
                    v.verifyRest(replay.lastSequence());
                }
                if (v.divergence() != null)
                {
                    err.println("lockstep replay: DIVERGED: " + v.divergence());
                    return 1;
                }
                out.printf("VERIFIED: %,d decisions identical to the live ones, %,d digest checkpoints matched " +
                    "(last at input sequence %d)%s%n", v.compared(), v.checkpointsMatched(),
                    v.lastCheckpointSequence(), v.endedEarly() ? "; the live decision journal ends earlier (the " +
                    "engine stopped before deciding the last inputs, e.g. a crash)" : "");
                return 0;
            }
        }
    }

    private static boolean isTime(final String value)
    {
        return value.indexOf('T') > 0;
    }

    private static long sequence(final String value, final String option)
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw notSequenceOrTime(value, option);
        }
    }

    private static long timeNs(final String value, final String option)
    {
        try
        {
            final java.time.Instant instant = java.time.Instant.parse(value);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final RuntimeException ex)
        {
            throw notSequenceOrTime(value, option);
        }
    }

    private static IllegalArgumentException notSequenceOrTime(final String value, final String option)
    {
        return new IllegalArgumentException(option + " " + value + ": expected a sequence number or an ISO-8601 " +
            "instant such as 2026-11-21T22:00:00Z");
    }

    private void onDecision(final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        if (verifier != null)
        {
            verifier.onRecord(buffer, offset, length, receiveTimeNs);
        }
        if (csv == null)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (header.templateId() != DecisionRecordDecoder.TEMPLATE_ID)
        {
            return;
        }
        decision.wrapAndApplyHeader(buffer, offset, header);
        if (decision.sequence() < fromSequence || receiveTimeNs < fromTimeNs)
        {
            return;
        }
        line.setLength(0);
        line.append(decision.sequence()).append(',').append(decision.eventTimeNs()).append(',')
            .append(decision.instrumentId()).append(',').append(decision.riskVerdict()).append(',')
            .append(decision.riskReason()).append(',');
        // Groups decode in schema order: features, then predictions, then orders.
        final int mark = line.length();
        final DecisionRecordDecoder.FeaturesDecoder features = decision.features();
        while (features.hasNext())
        {
            final double value = features.next().value();
            line.append(',');
            if (value == value)
            {
                line.append(value);
            }
        }
        final DecisionRecordDecoder.PredictionsDecoder predictions = decision.predictions();
        final double prediction = predictions.hasNext() ? predictions.next().value() : Double.NaN;
        if (prediction == prediction)
        {
            line.insert(mark, prediction);
        }
        while (predictions.hasNext())
        {
            predictions.next(); // the shadows': the orders group starts after the last of them
        }
        final DecisionRecordDecoder.OrdersDecoder orders = decision.orders();
        if (orders.hasNext())
        {
            orders.next();
            line.append(',').append(orders.side()).append(',').append(orders.price()).append(',')
                .append(orders.quantity());
        }
        else
        {
            line.append(",,,");
        }
        try
        {
            csv.append(line.append('\n'));
            decisionsWritten++;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
