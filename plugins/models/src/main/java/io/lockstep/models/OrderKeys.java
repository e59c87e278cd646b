package io.lockstep.models;

/**
 * A tree walk compares ints, not floats: each prediction first turns every feature into order keys, two per
 * feature, one where a missing value sorts below every condition and one where it sorts above, and a split reads
 * the one of its default direction. {@code value < condition} in float is then {@code key < conditionKey} compared
 * as unsigned ints, with no test for NaN at any split. Unsigned, because a walk reads them zero-extended to long,
 * which costs no instruction where sign extension costs one, and subtracts them with no overflow.
 */
final class OrderKeys
{
    /** A missing value's key where it goes left at every split; no float has it. */
    static final int BELOW_ALL = 0;
    /** A missing value's key where it goes right at every split; no float has it: unsigned, the greatest int. */
    static final int ABOVE_ALL = -1;

    private OrderKeys()
    {
    }

    /** @return how many keys {@link #write} writes for so many features. */
    static int count(final int featureCount)
    {
        return 2 * featureCount;
    }

    /** @return where {@link #write} puts the key a split on this feature reads. */
    static int index(final int feature, final boolean defaultLeft)
    {
        return 2 * feature + (defaultLeft ? 0 : 1);
    }

    /** Writes the keys of the first {@code featureCount} features, each rounded to float as XGBoost stores it. */
    static void write(final double[] features, final int featureCount, final int[] keys)
    {
        for (int f = 0; f < featureCount; f++)
        {
            final float value = (float)features[f];
            final int key = of(value);
            final boolean missing = value != value;
            keys[2 * f] = missing ? BELOW_ALL : key;
            keys[2 * f + 1] = missing ? ABOVE_ALL : key;
        }
    }

    /**
     * @return an int whose unsigned order is the float order of non-NaN values, with -0 equal to +0 (adding +0
     * turns -0 into +0): a positive float's bits with the sign bit set, a negative float's bits inverted. Only NaNs
     * would map to {@link #BELOW_ALL} or {@link #ABOVE_ALL}.
     */
    static int of(final float value)
    {
        final int bits = Float.floatToRawIntBits(value + 0.0f);
        return bits ^ ((bits >> 31) | Integer.MIN_VALUE);
    }
}
