package io.lockstep.engine;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A running 64-bit digest of the decision records' bytes, so of every feature value, prediction, verdict, reason
 * and order as raw bits. Each record is folded in eight bytes at a time with xxHash64's round
 * ({@code acc = rotl(acc + lane * P2, 31) * P1}), the tail byte by byte, then the record's length. Chosen for speed
 * on the business thread (one multiply-rotate-multiply per 8 bytes, no allocation, no JDK provider) and good
 * diffusion: one flipped bit anywhere changes the digest. It detects divergence; it is not a cryptographic proof.
 */
public final class DecisionDigest
{
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;

    private long state = P3;

    public void update(final DirectBuffer buffer, final int offset, final int length)
    {
        long acc = state;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            acc = round(acc, buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN));
        }
        for (; i < length; i++)
        {
            acc = round(acc, buffer.getByte(offset + i) & 0xFF);
        }
        state = round(acc, length);
    }

    private static long round(final long acc, final long lane)
    {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    public long value()
    {
        return state;
    }
}
