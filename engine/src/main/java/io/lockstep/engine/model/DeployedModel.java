package io.lockstep.engine.model;

import io.lockstep.engine.spi.Model;
import org.agrona.DirectBuffer;

import java.util.HexFormat;

/**
 * A model that passed its deploy contract, named by its content hash: the artifact's canonical hash, or for a
 * model configured in {@code engine.config} the SHA-256 of its file or weights (as in the run manifest).
 */
public final class DeployedModel
{
    public static final int HASH_LENGTH = 32;

    private final byte[] hash;
    private final String hashHex;
    private final String description;
    private final Model model;
    private final Runnable release;

    public DeployedModel(final byte[] hash, final String description, final Model model)
    {
        this(hash, description, model, () -> { });
    }

    /**
     * @param release frees what only this model holds (a plugin's class loader and unpacked jar); see
     *                {@link #release()}.
     */
    public DeployedModel(final byte[] hash, final String description, final Model model, final Runnable release)
    {
        if (hash.length != HASH_LENGTH)
        {
            throw new IllegalArgumentException("a model hash is " + HASH_LENGTH + " bytes, not " + hash.length);
        }
        this.hash = hash.clone();
        this.hashHex = HexFormat.of().formatHex(hash);
        this.description = description;
        this.model = model;
        this.release = release;
    }

    /**
     * Free what only this model holds, for a model that was deployed but can never be applied: its artifact could
     * not be kept, its ModelReady could not be published, it duplicates a model already ready, or it was the copy a
     * warm-up's own roster held. Never for one the live roster may hold, whose classes may still load.
     */
    public void release()
    {
        release.run();
    }

    /** @return true when the 32 bytes at {@code offset} are this model's hash; allocation-free. */
    public boolean hasHash(final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < HASH_LENGTH; i++)
        {
            if (buffer.getByte(offset + i) != hash[i])
            {
                return false;
            }
        }
        return true;
    }

    /** @return the hash bytes; do not modify. */
    public byte[] hash()
    {
        return hash;
    }

    public String hashHex()
    {
        return hashHex;
    }

    /** @return the first 12 hex digits, enough to tell models apart in logs and status. */
    public String shortHash()
    {
        return hashHex.substring(0, 12);
    }

    /** @return where the model came from and what it is, for status lines. */
    public String description()
    {
        return description;
    }

    public Model model()
    {
        return model;
    }

    public String toString()
    {
        return shortHash() + " (" + description + ")";
    }
}
