package io.lockstep.tooling;

import io.lockstep.engine.EngineSettings;
import io.lockstep.retraining.Retrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(
    name = "retrain",
    header = "Train a ridge regression from a journal and seal it as an artifact.",
    mixinStandardHelpOptions = true,
    description = {
        "Train a ridge regression of a label on the engine's features by replaying an input journal through the",
        "engine's own decoders, books and feature plan, and seal it as a model artifact: its manifest names the",
        "journal and the sequence ranges trained and validated on, the label and penalty, the validation report",
        "(R2, information coefficient, hit rate) and a training reference for drift monitoring. No randomness:",
        "the same journal, options and versions (recorded in the manifest) give the same artifact hash." })
final class RetrainCommand implements Callable<Integer>
{
    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "Input journal directory.")
    Path journal;

    @Option(names = "--label", required = true, paramLabel = "NAME=Fwd(EXPR, N)",
        description = "What to predict, from the future: e.g. 'fwd_ret_50=Fwd(Ret(mid, 50), 50)'.")
    String label;

    @Option(names = "--ridge", defaultValue = "1.0", paramLabel = "LAMBDA",
        description = "Penalty on the standardised weights (default: ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--split", defaultValue = "-1", paramLabel = "SEQ",
        description = "Last input sequence of the training rows (default: the first 80%% of the usable rows).")
    long split;

    @Mixin
    InstrumentOptions instruments;

    @Mixin
    SealOptions seal;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        if (!Files.isDirectory(journal))
        {
            throw new IllegalArgumentException("no journal directory " + journal);
        }
        final Retrainer.Request request = new Retrainer.Request();
        request.journal = journal;
        request.settings = EngineSettings.read(seal.config);
        request.label = label;
        request.ridge = ridge;
        request.split = split == -1 ? -1 : OptionValues.inputSequence(split, "--split"); // only -1 means default
        request.instrument = instruments.filter();
        request.lobsterInstrument = instruments.lobsterInstrument();
        request.owner = seal.owner;
        request.approver = seal.approver;
        request.rationale = seal.rationale;
        request.out = seal.out;
        final PrintWriter err = spec.commandLine().getErr();
        final Retrainer.Result result = Retrainer.retrain(request, err::println);
        final PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%s: sealed linear-json artifact %s%n  trained on %s%n", seal.out, result.artifactHash(),
            result.trainingWindow());
        result.metrics().forEach((name, value) -> stdout.printf("  %-26s %s%n", name, value));
        return 0;
    }
}
