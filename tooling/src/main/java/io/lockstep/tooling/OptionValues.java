package io.lockstep.tooling;

/**
 * The command line's range checks of whole-number options, so that a value out of range is refused with the
 * option named (as {@link Durations} does for durations) rather than read as an empty range.
 */
final class OptionValues
{
    private OptionValues()
    {
    }

    /**
     * @param option named in the error, such as {@code --to}.
     * @return the value: an engine input sequence (its inputs are numbered from 1).
     * @throws IllegalArgumentException naming the option and the value when it is below 1.
     */
    static long inputSequence(final long value, final String option)
    {
        return oneOrMore(value, option, "an input sequence");
    }

    /**
     * @param what what the option is, such as {@code a record sequence} (journals number records from 1).
     * @return the value.
     * @throws IllegalArgumentException naming the option and the value when it is below 1.
     */
    static long oneOrMore(final long value, final String option, final String what)
    {
        if (value < 1)
        {
            throw new IllegalArgumentException(option + " " + value + ": expected " + what + ", 1 or more");
        }
        return value;
    }

    /**
     * @return the value: an instrument id as the engine keys it. The SBE id is a uint32, but the engine keys
     * instruments by int and rejects 2^31 and above.
     * @throws IllegalArgumentException naming the option and the value when it is negative.
     */
    static int instrumentId(final int value, final String option)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(option + " " + value + ": must be from 0 to " + Integer.MAX_VALUE);
        }
        return value;
    }

    /**
     * @param what what the option counts, such as {@code a sequence}, for the error.
     * @return the value.
     * @throws IllegalArgumentException naming the option and the value when it is negative.
     */
    static long notNegative(final long value, final String option, final String what)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(option + " " + value + ": expected " + what + ", 0 or more");
        }
        return value;
    }
}
