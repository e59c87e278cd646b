package io.lockstep.tooling;

import picocli.CommandLine.Option;

/** Which instrument's events a replay through the feature plan takes, and the id LOBSTER records carry. */
final class InstrumentOptions
{
    @Option(names = "--instrument", paramLabel = "ID", description = "Only this instrument's events (default: all).")
    Integer instrument;

    @Option(names = "--lobster-instrument", defaultValue = "1", paramLabel = "ID",
        description = "Instrument id of LOBSTER records (default: ${DEFAULT-VALUE}, as journal import).")
    int lobsterInstrument;

    /** @return the instrument asked for, or -1 for all (what the feature matrix takes). */
    int filter()
    {
        return instrument == null ? -1 : OptionValues.instrumentId(instrument, "--instrument");
    }

    int lobsterInstrument()
    {
        return OptionValues.instrumentId(lobsterInstrument, "--lobster-instrument");
    }
}
