package io.lockstep.tooling;

import io.lockstep.engine.config.DurationText;

/** A duration option of the command line, read as the engine's configuration reads one: 30s, 2m, 500ms, 0.25s. */
final class Durations
{
    private Durations()
    {
    }

    /**
     * @param option named in the error, such as {@code --duration}.
     * @return the duration in nanoseconds, above zero.
     * @throws IllegalArgumentException naming the option and the text.
     */
    static long positiveNs(final String text, final String option)
    {
        final long nanos = DurationText.parseNs(text);
        if (nanos <= 0)
        {
            throw new IllegalArgumentException(option + " " + text + ": expected a positive duration such as 5s, " +
                "500ms, 0.25s or 1m");
        }
        return nanos;
    }
}
