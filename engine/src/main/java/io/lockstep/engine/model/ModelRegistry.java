package io.lockstep.engine.model;

import org.agrona.DirectBuffer;

import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live hand-off from the admin agent to the business thread: the agent deploys an artifact, puts it here and
 * only then publishes its ModelReady control input, so by the time the business thread reaches that input the
 * model is here. The business thread takes the model out as it resolves it (the roster holds it from then on), so
 * the registry does not keep every model ever loaded. Resolution allocates, which is fine for a rare control input.
 */
public final class ModelRegistry implements ModelRoster.Resolver
{
    private final ConcurrentHashMap<String, DeployedModel> models = new ConcurrentHashMap<>();

    public void put(final DeployedModel model)
    {
        models.put(model.hashHex(), model);
    }

    /** @return how many deployed models wait for the business thread to apply their ModelReady. */
    public int pending()
    {
        return models.size();
    }

    /** The admin agent could not publish the model's ModelReady: no input will ever resolve it. */
    public void remove(final DeployedModel model)
    {
        if (models.remove(model.hashHex(), model))
        {
            model.release();
        }
    }

    public DeployedModel resolve(final DirectBuffer buffer, final int hashOffset, final String location)
    {
        return models.remove(hex(buffer, hashOffset));
    }

    /** A duplicate of a model already ready: the roster keeps the first, so this copy is released. */
    public void discard(final DirectBuffer buffer, final int hashOffset)
    {
        final DeployedModel duplicate = models.remove(hex(buffer, hashOffset));
        if (duplicate != null)
        {
            duplicate.release();
        }
    }

    private static String hex(final DirectBuffer buffer, final int hashOffset)
    {
        final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
        buffer.getBytes(hashOffset, hash);
        return HexFormat.of().formatHex(hash);
    }
}
