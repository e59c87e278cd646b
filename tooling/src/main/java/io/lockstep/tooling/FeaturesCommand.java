package io.lockstep.tooling;

import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lockstep features ...}: feature graphs. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Feature graphs (name = expression files): check them and see their content hashes.",
    subcommands = { FeaturesCommand.Check.class })
final class FeaturesCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
        name = "check",
        header = "Compile a feature file; print each feature's content hash and the graph hash.",
        mixinStandardHelpOptions = true,
        description = "Compile a feature file and print each feature's content hash and the graph hash. " +
            "A bad file exits 1 naming file, line, column and what was expected.")
    static final class Check implements Callable<Integer>
    {
        @Parameters(paramLabel = "FILE", description = "Feature file: one 'name = expression' per line.")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        public Integer call()
        {
            final FeaturePlan plan = FeatureCompiler.compileFile(file, List.of());
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("OK %s: %d features, %d nodes after merging common sub-expressions%n", file,
                plan.outputs().size(), plan.nodeCount());
            out.printf("graph hash  %s%n", plan.graphHash());
            int width = 0;
            for (final FeaturePlan.Output output : plan.outputs())
            {
                width = Math.max(width, output.name().length());
            }
            for (final FeaturePlan.Output output : plan.outputs())
            {
                out.printf("  %-" + width + "s  %s  %s%n", output.name(), output.nodeHash(),
                    plan.describe(output.node()));
            }
            return 0;
        }
    }
}
