package io.lockstep.engine.venue;

/**
 * Receives the fills of one {@link PaperMatcher#match} call, best level first.
 */
@FunctionalInterface
public interface FillListener
{
    /**
     * @param price     the level's price mantissa, which is the fill price.
     * @param quantity  units filled at this level, > 0.
     * @param remaining units of the order still open after this fill.
     */
    void onFill(long price, long quantity, long remaining);
}
