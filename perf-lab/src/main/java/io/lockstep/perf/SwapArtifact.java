package io.lockstep.perf;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.lockstep.engine.Engine;
import io.lockstep.engine.model.ArtifactPacker;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.control.ModelLoadEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The model the swap scenario swaps in: a one-leaf XGBoost model over the engine's graph, packed as a sealed
 * artifact and loaded the way an admin loads one (ModelLoad on the admin stream, deployed off the business
 * thread, announced by a sequenced ModelReady). With the every-event strategy its prediction does not matter;
 * the swaps' cost to the latency does.
 */
final class SwapArtifact
{
    private SwapArtifact()
    {
    }

    /**
     * @return the artifact's hash, once the engine has it ready.
     */
    static byte[] loadInto(final Engine engine, final Aeron aeron, final Path out, final Consumer<String> log)
        throws IOException
    {
        final Path directory = Files.createTempDirectory(out, "swap-artifact-");
        final Path model = directory.resolve("one-leaf.json");
        Files.writeString(model, "{\"learner\":{\"learner_model_param\":{\"base_score\":\"0E0\"," +
            "\"num_class\":\"0\",\"num_feature\":\"" + engine.plan().outputs().size() + "\",\"num_target\":\"1\"}," +
            "\"objective\":{\"name\":\"reg:squarederror\"},\"gradient_booster\":{\"name\":\"gbtree\",\"model\":" +
            "{\"trees\":[{\"left_children\":[-1],\"right_children\":[-1],\"split_indices\":[0]," +
            "\"split_conditions\":[0.001],\"default_left\":[0]}]}}}}");
        final ArtifactPacker.Description description = new ArtifactPacker.Description();
        description.owner = "perf-lab";
        description.rationale = "the swap scenario's alternate champion";
        description.trainingWindow = "none: a constant";
        description.metrics.put("none", "0");
        final Path artifact = directory.resolve("artifact");
        final String hash = ArtifactPacker.pack("xgboost-json", model, null, engine.plan(), description, artifact);

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new ModelLoadEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).commandId(1)
            .location(artifact.toAbsolutePath().toString()).issuedBy("perf-lab").encodedLength();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Publication admin = aeron.addPublication(engine.settings().adminChannel, engine.settings().adminStream))
        {
            while (admin.offer(buffer, 0, length) < 0)
            {
                awaitBefore(deadline, "the engine's admin stream did not take the load request");
            }
            while (engine.step().models().status().ready().stream().map(DeployedModel::hashHex)
                .noneMatch(hash::equals))
            {
                awaitBefore(deadline, "the engine did not make " + artifact + " ready: " +
                    engine.step().models().status());
            }
        }
        log.accept("  swap artifact " + hash.substring(0, 12) + " ready");
        return HexFormat.of().parseHex(hash);
    }

    private static void awaitBefore(final long deadline, final String failure)
    {
        if (System.nanoTime() > deadline)
        {
            throw new IllegalStateException(failure);
        }
        try
        {
            Thread.sleep(5);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
