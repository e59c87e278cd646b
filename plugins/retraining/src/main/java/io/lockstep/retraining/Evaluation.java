package io.lockstep.retraining;

import io.lockstep.engine.monitor.Agreement;
import org.agrona.collections.Int2IntHashMap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pass after the fit: scores every row with the fitted model, training rows and validation rows apart, and
 * writes the training window's rows (an even sample past {@value #MAX_REFERENCE_ROWS}) for the training reference.
 * <p>
 * The first {@code lead} validation rows of each instrument are embargoed: their labels and features overlap the
 * labels of the last training rows, which look {@code lead} events ahead, so scoring them would flatter the model.
 * The reference holds every row of the training window, warm-up rows with missing features included, because
 * that is what the model meets live and what drift monitoring compares with.
 */
final class Evaluation
{
    /** Training-window rows beyond this many are sampled evenly for the training reference. */
    static final int MAX_REFERENCE_ROWS = 100_000;

    final Agreement training = new Agreement();
    final Agreement validation = new Agreement();
    long firstTrain = Long.MAX_VALUE;
    long lastTrain = Long.MIN_VALUE;
    long firstValidation = Long.MAX_VALUE;
    long lastValidation = Long.MIN_VALUE;
    long embargoed;

    private final RidgeRegression.Fit fit;
    private final long split;
    private final int lead;
    private final int features;
    private final long stride;
    private final Path referenceRows;
    private final BufferedWriter reference;
    private final StringBuilder line = new StringBuilder(512);
    private final Int2IntHashMap validationRowsSeen = new Int2IntHashMap(0);
    private long windowRows;

    /**
     * @param windowRows how many rows the training window has (with those left out of the fit), for the sample.
     */
    Evaluation(
        final RidgeRegression.Fit fit,
        final long split,
        final int lead,
        final List<String> names,
        final long windowRows,
        final Path referenceRows)
    {
        this.fit = fit;
        this.split = split;
        this.lead = lead;
        this.features = names.size();
        this.stride = Math.max(1, (windowRows + MAX_REFERENCE_ROWS - 1) / MAX_REFERENCE_ROWS);
        this.referenceRows = referenceRows;
        try
        {
            reference = Files.newBufferedWriter(referenceRows);
            reference.write(String.join(",", names));
            reference.write('\n');
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the training reference rows " + referenceRows, ex);
        }
    }

    /** A row whose features and label are all known. */
    void onUsableRow(final long sequence, final int instrumentId, final double[] values)
    {
        final double label = values[features];
        if (sequence > split)
        {
            final int seen = validationRowsSeen.get(instrumentId);
            validationRowsSeen.put(instrumentId, seen + 1);
            if (seen < lead)
            {
                embargoed++;
                return;
            }
            validation.add(fit.predict(values), label);
            firstValidation = Math.min(firstValidation, sequence);
            lastValidation = Math.max(lastValidation, sequence);
            return;
        }
        training.add(fit.predict(values), label);
        firstTrain = Math.min(firstTrain, sequence);
        lastTrain = Math.max(lastTrain, sequence);
        sample(values);
    }

    /** A row with a feature or the label not known yet: still an input the model would meet live. */
    void onLeftOutRow(final long sequence, final int instrumentId, final double[] values)
    {
        if (sequence <= split)
        {
            sample(values);
        }
        else
        {
            // It counts towards the embargo: it is one of the events the last training labels look into.
            validationRowsSeen.put(instrumentId, validationRowsSeen.get(instrumentId) + 1);
        }
    }

    private void sample(final double[] values)
    {
        if (windowRows++ % stride != 0)
        {
            return;
        }
        line.setLength(0);
        for (int i = 0; i < features; i++)
        {
            line.append(i == 0 ? "" : ",");
            // An infinite value has no decile edge to fall between: it is written, and counted, as missing.
            if (Double.isFinite(values[i]))
            {
                line.append(values[i]);
            }
        }
        try
        {
            reference.append(line.append('\n'));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the training reference rows " + referenceRows, ex);
        }
    }

    /** @return the rows written, closed. */
    Path referenceRows()
    {
        try
        {
            reference.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the training reference rows " + referenceRows, ex);
        }
        return referenceRows;
    }

    Map<String, String> metrics(final long leftOut)
    {
        final Map<String, String> metrics = new TreeMap<>();
        metrics.put("train.rows", Long.toString(training.rows()));
        metrics.put("validation.rows", Long.toString(validation.rows()));
        metrics.put("validation.rows.embargoed", Long.toString(embargoed));
        metrics.put("rows.left.out", Long.toString(leftOut));
        metrics.put("train.r2", Double.toString(training.r2()));
        metrics.put("validation.r2", Double.toString(validation.r2()));
        metrics.put("validation.ic", Double.toString(validation.informationCoefficient()));
        metrics.put("validation.hit.rate", Double.toString(validation.hitRate()));
        return metrics;
    }
}
