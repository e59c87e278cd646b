package io.lockstep.tooling;

import io.lockstep.models.TreeEnsemble;
import io.lockstep.models.XGBoostJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code lockstep model ...}: models trained elsewhere. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Models trained elsewhere, evaluated exactly as the engine evaluates them.",
    subcommands = { ModelCommand.Predict.class })
final class ModelCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate a model file on a CSV of feature rows and write one 'prediction' column, for offline checks.",
            "Today: XGBoost JSON (save_model(\"model.json\")), regression objectives, bit-identical to XGBoost.",
            "The CSV's header names the features; its columns are the model's features in order; an empty cell or",
            "NaN is a missing value. A bad row exits 1 naming file and line." })
    static final class Predict implements Callable<Integer>
    {
        @Option(names = "--model", required = true, paramLabel = "PATH", description = "Model file.")
        Path model;

        @Option(names = "--input", required = true, paramLabel = "ROWS.csv", description = "Feature rows with a header.")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "PREDICTIONS.csv", description = "Output CSV.")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call() throws Exception
        {
            final TreeEnsemble ensemble = XGBoostJson.load(model);
            if (!Files.isRegularFile(input))
            {
                throw new IllegalArgumentException("no such input file: " + input);
            }
            long rows = 0;
            try (BufferedReader reader = Files.newBufferedReader(input);
                BufferedWriter writer = Files.newBufferedWriter(out))
            {
                final String header = reader.readLine();
                if (header == null || header.split(",", -1).length != ensemble.featureCount())
                {
                    throw new IllegalArgumentException(input + ":1: expected a header of " + ensemble.featureCount() +
                        " feature names, the model's features in order");
                }
                writer.write("prediction\n");
                final double[] row = new double[ensemble.featureCount()];
                String line;
                int lineNumber = 1;
                while ((line = reader.readLine()) != null)
                {
                    lineNumber++;
                    final String[] cells = line.split(",", -1);
                    if (cells.length != row.length)
                    {
                        throw new IllegalArgumentException(input + ":" + lineNumber + ": " + cells.length +
                            " values, expected " + row.length);
                    }
                    for (int i = 0; i < row.length; i++)
                    {
                        final String cell = cells[i].trim();
                        try
                        {
                            row[i] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                        }
                        catch (final NumberFormatException ex)
                        {
                            throw new IllegalArgumentException(input + ":" + lineNumber + ": value '" + cell +
                                "' in column " + (i + 1) + " is not a number");
                        }
                    }
                    // The margin is a float (XGBoost's arithmetic): print the float's shortest exact form.
                    writer.write(Float.toString((float)ensemble.predict(row)));
                    writer.write('\n');
                    rows++;
                }
            }
            spec.commandLine().getOut().printf("%s: %,d predictions from %s (%d trees, %d features)%n", out, rows,
                model, ensemble.treeCount(), ensemble.featureCount());
            return 0;
        }
    }
}
