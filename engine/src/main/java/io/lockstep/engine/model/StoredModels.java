package io.lockstep.engine.model;

import io.lockstep.features.FeaturePlan;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A journaled ModelReady met again, in replay or in a restarted engine's recovery: deploy the artifact again under
 * the same contract, from the copy the run kept in its data directory ({@link ArtifactStore}) or, for runs from
 * before the store, from the location the run recorded, and check it is the same artifact (same content hash).
 * Live, the input only exists because the deploy succeeded, so a failure here means the run cannot be reproduced:
 * the reason is kept for the caller to stop on, never turned into a quietly different decision.
 */
public final class StoredModels implements ModelRoster.Resolver
{
    private final FeaturePlan plan;
    private final ArtifactStore artifacts;
    private String failure;

    public StoredModels(final FeaturePlan plan, final ArtifactStore artifacts)
    {
        this.plan = plan;
        this.artifacts = artifacts;
    }

    public DeployedModel resolve(final DirectBuffer buffer, final int hashOffset, final String location)
    {
        final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
        buffer.getBytes(hashOffset, hash);
        final String expected = HexFormat.of().formatHex(hash);
        try
        {
            final Path kept = artifacts.find(expected);
            final Path from = kept != null ? kept : Path.of(location);
            final DeployedModel model = ModelDeployer.deploy(from, plan);
            if (!model.hashHex().equals(expected))
            {
                failure = "the run loaded artifact " + expected + " from " + location + " but " + from +
                    " now hashes to " + model.hashHex();
                return null;
            }
            return model;
        }
        catch (final RuntimeException ex)
        {
            failure = "the run loaded artifact " + expected + " from " + location + "; replay cannot: " +
                ex.getMessage();
            return null;
        }
    }

    /** @return why a model the run loaded could not be loaded again, or null. */
    public String failure()
    {
        return failure;
    }
}
