package io.lockstep.feed.lobster;

import org.agrona.DirectBuffer;

/**
 * Parses a decimal integer from ASCII bytes by hand: no String, no allocation. Holds the value of the last
 * successful parse. Single-threaded.
 */
final class AsciiLong
{
    /** 18 digits always fit a long, so overflow needs no check. */
    static final int MAX_DIGITS = 18;

    long value;

    /**
     * Parse {@code [-]digits} starting at {@code index}, stopping at the first byte that is not a digit.
     *
     * @param signed whether a leading '-' is allowed.
     * @return the index after the last digit, or -1 when there is no digit or more than {@value #MAX_DIGITS}.
     */
    int parse(final DirectBuffer buffer, final int index, final int end, final boolean signed)
    {
        int i = index;
        boolean negative = false;
        if (signed && i < end && buffer.getByte(i) == '-')
        {
            negative = true;
            i++;
        }

        final int firstDigit = i;
        long result = 0;
        while (i < end)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            result = result * 10 + digit;
            i++;
        }

        final int digits = i - firstDigit;
        if (digits == 0 || digits > MAX_DIGITS)
        {
            return -1;
        }
        value = negative ? -result : result;
        return i;
    }
}
