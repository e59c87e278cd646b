package io.lockstep.tooling;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Who seals a model artifact, why, against which feature graph, and where: the options pack and retrain share. */
final class SealOptions
{
    @Option(names = "--config", paramLabel = "FILE",
        description = "The engine config whose feature graph the model reads (default: the built-in graph).")
    Path config;

    @Option(names = "--owner", required = true, paramLabel = "WHO",
        description = "Who answers for the model, recorded in the manifest.")
    String owner;

    @Option(names = "--approver", paramLabel = "WHO", defaultValue = "",
        description = "Who approved it, recorded in the manifest (default: none).")
    String approver;

    @Option(names = "--rationale", required = true, paramLabel = "TEXT", description = "Why this model.")
    String rationale;

    @Option(names = "--out", required = true, paramLabel = "DIR|ZIP", description = "Artifact to write.")
    Path out;
}
