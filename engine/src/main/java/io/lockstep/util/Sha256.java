package io.lockstep.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one content hash of the project: feature graphs, run manifests, model artifacts.
 */
public final class Sha256
{
    private Sha256()
    {
    }

    /** @return a fresh digest; every Java platform has SHA-256. */
    public static MessageDigest digest()
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

    /** @return the hash of {@code bytes} in lower-case hex. */
    public static String hex(final byte[] bytes)
    {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }
}
