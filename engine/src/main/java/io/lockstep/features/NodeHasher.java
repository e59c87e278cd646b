package io.lockstep.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over named fields, each written as its name, its UTF-8 length and its bytes, so that no two different
 * field lists hash the same input stream.
 */
final class NodeHasher
{
    private final MessageDigest digest = sha256();

    NodeHasher field(final String name, final String value)
    {
        put(name.getBytes(StandardCharsets.UTF_8));
        put(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private void put(final byte[] bytes)
    {
        final int length = bytes.length;
        digest.update(new byte[] { (byte)(length >>> 24), (byte)(length >>> 16), (byte)(length >>> 8), (byte)length });
        digest.update(bytes);
    }

    String hex()
    {
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }
}
