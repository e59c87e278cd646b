package io.lockstep.engine.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reading of a duration written as text, in configuration files, on the command line and, for its units,
 * in feature windows: a number and a unit, {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m} or {@code h}
 * ({@code 500us}, {@code 2ms}, {@code 0.25s}, {@code 1m}), exactly a whole number of nanoseconds.
 */
public final class DurationText
{
    /** What a duration looks like, for error messages. */
    public static final String EXPECTED =
        "a duration: a number and a unit ns, us, ms, s, m or h (e.g. 500us, 2ms, 0.25s, 5s, 1m)";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:_\\d+)*(?:\\.\\d+)?)\\s*([a-z]+)");

    private DurationText()
    {
    }

    /**
     * @return nanoseconds in one {@code unit}, 0 when it is no unit.
     */
    public static long unitNanos(final String unit)
    {
        switch (unit)
        {
            case "ns": return 1L;
            case "us": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            default: return 0;
        }
    }

    /**
     * @return the duration in nanoseconds, or -1 when the text is no duration, is not a whole number of
     * nanoseconds, or is beyond a long.
     */
    public static long parseNs(final String text)
    {
        final Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches())
        {
            return -1;
        }
        final long unit = unitNanos(matcher.group(2));
        if (unit == 0)
        {
            return -1;
        }
        try
        {
            return new BigDecimal(matcher.group(1).replace("_", "")).multiply(BigDecimal.valueOf(unit))
                .longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            return -1;
        }
    }
}
