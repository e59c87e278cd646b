package io.lockstep.engine;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.ModelDeployer;
import io.lockstep.engine.model.ModelRegistry;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.features.FeaturePlan;
import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.CommandOutcome;
import io.lockstep.sbe.control.CommandStatusEncoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.control.ModelLoadDecoder;
import io.lockstep.sbe.control.ModelReadyEncoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.control.ShadowRemoveDecoder;
import io.lockstep.sbe.control.StatusRequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The admin side of hot swap, on its own thread so nothing here touches the business thread:
 * <ul>
 * <li>ModelLoad: deploys the artifact (contract check, load, warm-up), puts it in the {@link ModelRegistry}, then
 * publishes a ModelReady control input, with the location and issuer of the request; the answer waits until the
 * business thread has taken it.</li>
 * <li>ModelSwap, Rollback, ShadowAdd, ShadowRemove, CanaryFraction: forwarded as they are to the control stream,
 * where they are sequenced and journaled like any input; the answer is the business thread's outcome.</li>
 * <li>StatusRequest: the models' status and counters.</li>
 * </ul>
 * Requests are taken one at a time; each answer is a CommandStatus on the admin response stream.
 */
public final class AdminAgent implements Agent
{
    private static final long APPLY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final byte[] NO_HASH = new byte[DeployedModel.HASH_LENGTH];

    private final Subscription requests;
    private final Publication responses;
    private final Publication control;
    private final ModelRegistry registry;
    private final ArtifactStore artifacts;
    private final FeaturePlan plan;
    private final Supplier<ModelRoster.Status> status;
    private final EngineCounters counters;
    private final Consumer<String> log;
    /** {@code ring.slot.length}: ingress drops a longer input, which the business thread would then never answer. */
    private final int maxInputLength;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onRequest);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ModelLoadDecoder load = new ModelLoadDecoder();
    private final StatusRequestDecoder statusRequest = new StatusRequestDecoder();
    private final ModelReadyEncoder ready = new ModelReadyEncoder();
    private final CommandStatusEncoder answer = new CommandStatusEncoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);

    private long pendingCommandId;
    private long pendingDeadlineNs;
    private byte[] pendingHash = NO_HASH;

    public AdminAgent(
        final Subscription requests,
        final Publication responses,
        final Publication control,
        final ModelRegistry registry,
        final ArtifactStore artifacts,
        final FeaturePlan plan,
        final Supplier<ModelRoster.Status> status,
        final EngineCounters counters,
        final Consumer<String> log,
        final int maxInputLength)
    {
        this.requests = requests;
        this.responses = responses;
        this.control = control;
        this.registry = registry;
        this.artifacts = artifacts;
        this.plan = plan;
        this.status = status;
        this.counters = counters;
        this.log = log;
        this.maxInputLength = maxInputLength;
    }

    public int doWork()
    {
        if (pendingCommandId != 0)
        {
            return checkPending();
        }
        return requests.controlledPoll(assembler, 1);
    }

    public String roleName()
    {
        return "lockstep-admin";
    }

    private int checkPending()
    {
        final ModelRoster.Status now = status.get();
        if (now.lastCommandId() == pendingCommandId)
        {
            respond(pendingCommandId, now.lastCommandApplied() ? CommandOutcome.OK : CommandOutcome.REFUSED,
                pendingHash, now.lastOutcome());
            pendingCommandId = 0;
            return 1;
        }
        if (System.nanoTime() > pendingDeadlineNs)
        {
            respond(pendingCommandId, CommandOutcome.REFUSED, pendingHash, "not applied within " +
                TimeUnit.NANOSECONDS.toSeconds(APPLY_TIMEOUT_NS) + " s: is the business thread running?");
            pendingCommandId = 0;
            return 1;
        }
        return 0;
    }

    private ControlledFragmentHandler.Action onRequest(
        final DirectBuffer request, final int offset, final int length, final Header aeronHeader)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            log.accept("admin: a request of " + length + " bytes is too short for an SBE header: dropped");
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        header.wrap(request, offset);
        if (header.schemaId() != ModelLoadDecoder.SCHEMA_ID ||
            length < MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength())
        {
            log.accept("admin: a request with schema " + header.schemaId() + " template " + header.templateId() +
                " and " + length + " bytes is not a control message: dropped");
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        // Every admin request starts with its commandId (an answer to anything else echoes those bytes).
        final long commandId = request.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN);
        if (!ControlVarData.fits(request, offset, length, header))
        {
            log.accept("admin: a request (template " + header.templateId() + ", command " + commandId + ", " +
                length + " bytes) whose var data runs past its end: refused");
            respond(commandId, CommandOutcome.REFUSED, NO_HASH, "malformed request: its var data runs past its " +
                "end (" + length + " bytes)");
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        switch (header.templateId())
        {
            case ModelLoadDecoder.TEMPLATE_ID:
                load.wrapAndApplyHeader(request, offset, header);
                final String location = load.location(); // var data reads in schema order
                onLoad(commandId, location, load.issuedBy());
                break;
            case StatusRequestDecoder.TEMPLATE_ID:
                respond(commandId, CommandOutcome.OK, championHash(), statusText());
                break;
            case KillSwitchDecoder.TEMPLATE_ID:
            case RiskLimitChangeDecoder.TEMPLATE_ID:
                forward(commandId, NO_HASH, request, offset, length);
                break;
            case ModelSwapDecoder.TEMPLATE_ID:
            case RollbackDecoder.TEMPLATE_ID:
            case ShadowAddDecoder.TEMPLATE_ID:
            case ShadowRemoveDecoder.TEMPLATE_ID:
            case CanaryFractionDecoder.TEMPLATE_ID:
            {
                final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
                if (header.templateId() != RollbackDecoder.TEMPLATE_ID)
                {
                    request.getBytes(offset + MessageHeaderDecoder.ENCODED_LENGTH +
                        ModelSwapDecoder.artifactHashEncodingOffset(), hash);
                }
                forward(commandId, hash, request, offset, length);
                break;
            }
            default:
                respond(commandId, CommandOutcome.REFUSED, NO_HASH, "template " + header.templateId() +
                    " is not an admin request");
                break;
        }
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private void onLoad(final long commandId, final String location, final String issuedBy)
    {
        final DeployedModel model;
        final Path path;
        try
        {
            path = Path.of(location).toAbsolutePath().normalize();
            final int readyLength = MessageHeaderEncoder.ENCODED_LENGTH + ModelReadyEncoder.BLOCK_LENGTH +
                ModelReadyEncoder.locationHeaderLength() + path.toString().getBytes(StandardCharsets.UTF_8).length +
                ModelReadyEncoder.issuedByHeaderLength() + issuedBy.getBytes(StandardCharsets.UTF_8).length;
            if (readyLength > maxInputLength)
            {
                // Checked before deploying: the ModelReady could not be journaled, nor the model announced.
                throw new IllegalArgumentException("the ModelReady announcing it would be " + readyLength +
                    " bytes with this path and issuer, longer than ring.slot.length " + maxInputLength);
            }
            final ModelArtifact artifact = ModelArtifact.open(path);
            model = ModelDeployer.deploy(artifact, plan);
            // Kept before it is announced: no journaled ModelReady names an artifact the data directory lacks.
            keep(artifact, model);
        }
        catch (final RuntimeException ex)
        {
            log.accept("admin: refused " + location + ": " + ex.getMessage());
            respond(commandId, CommandOutcome.REFUSED, NO_HASH, ex.getMessage());
            return;
        }
        registry.put(model);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + ready.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandId(commandId)
            .putArtifactHash(model.hash(), 0, DeployedModel.HASH_LENGTH)
            .location(path.toString())
            .issuedBy(issuedBy)
            .encodedLength();
        log.accept("admin: deployed " + model + ", announcing it to the business thread");
        if (!forward(commandId, model.hash(), buffer, 0, length))
        {
            registry.remove(model);
        }
    }

    /** Keep the artifact, or release the model deployed from it (it will never be announced) and rethrow. */
    private void keep(final ModelArtifact artifact, final DeployedModel model)
    {
        try
        {
            artifacts.keep(artifact);
        }
        catch (final RuntimeException ex)
        {
            model.release();
            throw ex;
        }
    }

    /**
     * Put a command on the control stream, where it is sequenced and journaled, and wait for its outcome.
     *
     * @return false when the stream did not take it (the command is answered as refused).
     */
    private boolean forward(
        final long commandId, final byte[] hash, final DirectBuffer message, final int offset, final int length)
    {
        if (length > maxInputLength)
        {
            respond(commandId, CommandOutcome.REFUSED, hash, "a control input of " + length + " bytes, longer than " +
                "ring.slot.length " + maxInputLength + ": the engine could not take it");
            return false;
        }
        final long deadline = System.nanoTime() + APPLY_TIMEOUT_NS;
        long result;
        while ((result = control.offer(message, offset, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED ||
                System.nanoTime() > deadline)
            {
                respond(commandId, CommandOutcome.REFUSED, hash, "the control stream did not take the command (" +
                    result + ")");
                return false;
            }
            Thread.onSpinWait();
        }
        pendingCommandId = commandId;
        pendingDeadlineNs = deadline;
        pendingHash = hash;
        return true;
    }

    private byte[] championHash()
    {
        final DeployedModel champion = status.get().champion();
        return champion == null ? NO_HASH : champion.hash();
    }

    private String statusText()
    {
        final ModelRoster.Status now = status.get();
        final StringBuilder text = new StringBuilder();
        text.append("champion  ").append(now.champion() == null ? "none (not trading)" : now.champion())
            .append(" at ").append(now.championPpm()).append(" ppm of normal size\n");
        text.append("previous  ").append(now.previous() == null ? "none" : now.previous()).append('\n');
        text.append("shadows   ").append(now.shadows().isEmpty() ? "none" : now.shadows()).append('\n');
        text.append("ready     ").append(now.ready()).append('\n');
        text.append("pending   ").append(registry.pending()).append(" deployed, ModelReady not yet applied\n");
        text.append("trading   ").append(!counters.killSwitchEngaged() ? "yes\n" :
            counters.killSwitch() == EngineCounters.KILL_SWITCH_BY_FAILURE ? "no: a failure engaged the kill switch, " +
            "for the rest of the run\n" : "no: the kill switch is engaged (its reason is among the events)\n");
        if (now.lastCommandId() != ModelRoster.NO_COMMAND_ID)
        {
            text.append("last command ").append(now.lastCommandId()).append(": ")
                .append(now.lastCommandApplied() ? "applied: " : "refused: ").append(now.lastOutcome()).append('\n');
        }
        for (final String event : now.events())
        {
            text.append("event     ").append(event).append('\n');
        }
        for (final int counter : new int[] { EngineCounters.EVENTS, EngineCounters.DECISIONS, EngineCounters.ORDERS,
            EngineCounters.MODEL_SWAPS, EngineCounters.MODEL_ROLLBACKS, EngineCounters.MODEL_QUARANTINES,
            EngineCounters.MODEL_COMMANDS_REFUSED })
        {
            text.append(EngineCounters.name(counter)).append(' ').append(counters.get(counter)).append('\n');
        }
        return text.toString();
    }

    private void respond(final long commandId, final CommandOutcome outcome, final byte[] hash, final String text)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + answer.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .commandId(commandId)
            .outcome(outcome)
            .putArtifactHash(hash, 0, DeployedModel.HASH_LENGTH)
            .text(text.length() > 16_000 ? text.substring(0, 16_000) : text)
            .encodedLength();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (responses.offer(buffer, 0, length) < 0)
        {
            if (System.nanoTime() > deadline)
            {
                log.accept("admin: no one took the answer to command " + commandId + ": " + outcome + " " + text);
                return;
            }
            Thread.onSpinWait();
        }
    }
}
