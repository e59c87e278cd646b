package io.lockstep.tooling;

import picocli.CommandLine.Option;

/** Which instrument's events a replay through the feature plan takes, and the id LOBSTER records carry. */
final class InstrumentOptions
{
    @Option(names = "--instrument", defaultValue = "-1", paramLabel = "ID",
        description = "Only this instrument's events (default: all).")
    int instrument;

    @Option(names = "--lobster-instrument", defaultValue = "1", paramLabel = "ID",
        description = "Instrument id of LOBSTER records (default: ${DEFAULT-VALUE}, as journal import).")
    int lobsterInstrument;
}
