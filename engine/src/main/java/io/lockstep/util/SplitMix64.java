package io.lockstep.util;

/**
 * A seeded 64-bit generator (Steele, Lea and Flood's SplitMix64) written out here so that its sequence is
 * fixed by this code, not by a JDK version: the same seed gives the same numbers on every JVM, forever.
 * Allocation-free; not thread-safe.
 */
public final class SplitMix64
{
    private long state;

    public SplitMix64(final long seed)
    {
        this.state = seed;
    }

    public long nextLong()
    {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @return a uniform integer in [0, bound), bound > 0 (Lemire's multiply-shift, unbiased enough for
     * simulation: the bias is below bound / 2^64).
     */
    public int nextInt(final int bound)
    {
        return (int)Math.multiplyHigh(nextLong() >>> 1, (long)bound << 1);
    }
}
