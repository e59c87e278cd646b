package io.lockstep.features;

import io.lockstep.util.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * SHA-256 over named fields, each written as its name, its UTF-8 length and its bytes, so that no two different
 * field lists hash the same input stream.
 */
final class NodeHasher
{
    private final MessageDigest digest = Sha256.digest();

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
}
