package io.lockstep.features.ops;

import io.lockstep.features.MarketSnapshot;

/** Input {@code time}: the event time in seconds, {@code eventTimeNs / 1e9}. */
public final class EventTime
{
    private EventTime()
    {
    }

    public static double apply(final MarketSnapshot s)
    {
        return s.eventTimeNs / 1e9;
    }
}
