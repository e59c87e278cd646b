package io.lockstep.replay;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelDeployer;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.features.FeaturePlan;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Replay's side of a journaled ModelReady: deploy the artifact again from the location the run recorded, under
 * the same contract, and check it is the same artifact (same content hash). Live, the input only exists because
 * the deploy succeeded, so a failure here means replay cannot reproduce the run: the reason is kept for
 * {@link Replay} to stop on, never turned into a quietly different decision.
 */
final class ReplayModelResolver implements ModelRoster.Resolver
{
    private final FeaturePlan plan;
    private String failure;

    ReplayModelResolver(final FeaturePlan plan)
    {
        this.plan = plan;
    }

    public DeployedModel resolve(final DirectBuffer buffer, final int hashOffset, final String location)
    {
        final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
        buffer.getBytes(hashOffset, hash);
        final String expected = HexFormat.of().formatHex(hash);
        try
        {
            final DeployedModel model = ModelDeployer.deploy(Path.of(location), plan);
            if (!model.hashHex().equals(expected))
            {
                failure = "the run loaded artifact " + expected + " from " + location + " but it now hashes to " +
                    model.hashHex();
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
    String failure()
    {
        return failure;
    }
}
