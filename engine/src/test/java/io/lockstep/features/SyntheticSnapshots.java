package io.lockstep.features;

import io.lockstep.util.SplitMix64;

/**
 * A seeded stream of book snapshots for tests and benchmarks: a random-walk mid on a 0.01 tick, ten levels a
 * side with random sizes, a trade on one event in eight, events 10 to 200 microseconds apart.
 */
public final class SyntheticSnapshots
{
    private final SplitMix64 random;
    private final MarketSnapshot snapshot = new MarketSnapshot();
    private long ticks = 58_533;
    private long timeNs = 34_200_000_000_000L;

    public SyntheticSnapshots(final long seed)
    {
        random = new SplitMix64(seed);
    }

    /** Advance one event; the returned snapshot is reused. */
    public MarketSnapshot next()
    {
        timeNs += 10_000 + random.nextInt(190_000);
        final int step = random.nextInt(8);
        ticks += step == 0 ? 1 : step == 1 ? -1 : 0;
        final int spreadTicks = 1 + random.nextInt(3);
        final MarketSnapshot s = snapshot;
        s.eventTimeNs = timeNs;
        for (int level = 0; level < MarketSnapshot.LEVELS; level++)
        {
            s.bidPrice[level] = (ticks - level) * 0.01;
            s.askPrice[level] = (ticks + spreadTicks + level) * 0.01;
            s.bidSize[level] = 100 * (1 + random.nextInt(20));
            s.askSize[level] = 100 * (1 + random.nextInt(20));
        }
        s.isTrade = random.nextInt(8) == 0;
        if (s.isTrade)
        {
            final boolean buy = random.nextInt(2) == 0;
            s.lastTradePrice = buy ? s.askPrice[0] : s.bidPrice[0];
            s.lastTradeSize = 100 * (1 + random.nextInt(5));
            s.lastTradeSide = buy ? 1 : -1;
        }
        return s;
    }

    /** The 30-feature example graph shipped with the engine. */
    public static String exampleGraph()
    {
        try (var in = SyntheticSnapshots.class.getResourceAsStream("/io/lockstep/features/example-30.features"))
        {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
