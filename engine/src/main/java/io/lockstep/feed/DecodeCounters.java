package io.lockstep.feed;

import java.util.Arrays;

/**
 * What a feed decoder did: messages decoded by type and messages rejected by reason, with the reasons' names.
 * One per decoder; allocation-free on the decode path.
 */
public final class DecodeCounters
{
    private final long[] decoded;
    private final long[] rejects;
    private final String[] reasonNames;
    private long totalDecoded;
    private long totalRejects;

    /**
     * @param types       message types are 0 to types - 1.
     * @param reasonNames name of each status; index 0 is success.
     */
    public DecodeCounters(final int types, final String... reasonNames)
    {
        this.decoded = new long[types];
        this.rejects = new long[reasonNames.length];
        this.reasonNames = reasonNames;
    }

    public void decoded(final int type)
    {
        decoded[type]++;
        totalDecoded++;
    }

    /**
     * @return the reason, so a decoder can {@code return counters.reject(REASON)}.
     */
    public int reject(final int reason)
    {
        rejects[reason]++;
        totalRejects++;
        return reason;
    }

    /** @return messages of a type decoded, 0 for a type out of range. */
    public long decodedCount(final int type)
    {
        return type >= 0 && type < decoded.length ? decoded[type] : 0;
    }

    public long totalDecoded()
    {
        return totalDecoded;
    }

    /** @return messages rejected for a reason, 0 for a reason out of range or success. */
    public long rejects(final int reason)
    {
        return reason > 0 && reason < rejects.length ? rejects[reason] : 0;
    }

    public long totalRejects()
    {
        return totalRejects;
    }

    public int reasonCount()
    {
        return reasonNames.length;
    }

    public String reasonName(final int reason)
    {
        return reason >= 0 && reason < reasonNames.length ? reasonNames[reason] : "UNKNOWN(" + reason + ")";
    }

    public void reset()
    {
        Arrays.fill(decoded, 0);
        Arrays.fill(rejects, 0);
        totalDecoded = 0;
        totalRejects = 0;
    }
}
