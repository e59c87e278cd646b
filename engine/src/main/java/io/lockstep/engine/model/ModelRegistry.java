package io.lockstep.engine.model;

import org.agrona.DirectBuffer;

import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live hand-off from the admin agent to the business thread: the agent deploys an artifact, puts it here and
 * only then publishes its ModelReady control input, so by the time the business thread reaches that input the
 * model is here. Resolution allocates, which is fine for a rare control input.
 */
public final class ModelRegistry implements ModelRoster.Resolver
{
    private final ConcurrentHashMap<String, DeployedModel> models = new ConcurrentHashMap<>();

    public void put(final DeployedModel model)
    {
        models.put(model.hashHex(), model);
    }

    public DeployedModel resolve(final DirectBuffer buffer, final int hashOffset, final String location)
    {
        final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
        buffer.getBytes(hashOffset, hash);
        return models.get(HexFormat.of().formatHex(hash));
    }
}
