package io.lockstep.tooling;

import java.time.Duration;
import java.util.Locale;

/** The command line's one reading of a duration option: 30s, 90s, 2m, 500ms (ISO-8601 without its PT prefix). */
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
        try
        {
            final long nanos = Duration.parse("PT" + text.toUpperCase(Locale.ROOT)).toNanos();
            if (nanos <= 0)
            {
                throw new IllegalArgumentException();
            }
            return nanos;
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(option + " " + text + ": expected a positive duration such as 5s, " +
                "500ms or 1m");
        }
    }
}
