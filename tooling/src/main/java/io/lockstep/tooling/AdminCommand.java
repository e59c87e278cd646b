package io.lockstep.tooling;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.sbe.control.CanaryFractionEncoder;
import io.lockstep.sbe.control.CommandOutcome;
import io.lockstep.sbe.control.CommandStatusDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.control.ModelLoadEncoder;
import io.lockstep.sbe.control.ModelSwapEncoder;
import io.lockstep.sbe.control.RollbackEncoder;
import io.lockstep.sbe.control.ShadowAddEncoder;
import io.lockstep.sbe.control.ShadowRemoveEncoder;
import io.lockstep.sbe.control.StatusRequestEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code lockstep admin ...}: model hot swap on a running engine, over its Aeron admin stream. Each command is
 * answered by the engine; exit 0 when applied, 1 when refused (the reason is printed), 2 when no engine answers.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = {
        "Hot swap models in a running engine over its Aeron admin stream. An ARTIFACT (directory or .zip) is loaded",
        "and held to its deploy contract off the business thread first; a HASH names one already loaded. Swaps,",
        "rollbacks, shadows and canaries become sequenced, journaled control inputs, so replay reproduces them.",
        "Exit 0: applied; 1: refused (reason printed); 2: no engine answered." },
    subcommands = { AdminCommand.Load.class, AdminCommand.Swap.class, AdminCommand.Rollback.class,
        AdminCommand.Shadow.class, AdminCommand.Canary.class, AdminCommand.Status.class })
final class AdminCommand implements Runnable
{
    static final int NO_ANSWER = 2;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the engine listens: its config, or the defaults. */
    static final class Connection
    {
        @Option(names = "--config", paramLabel = "FILE",
            description = "The engine's config file (Aeron directory and admin streams); defaults otherwise.")
        Path config;

        @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "The engine's Aeron directory, as its start line prints it (overrides --config's).")
        String aeronDir;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for the engine's answer (loading warms the model up). Default 60.")
        long timeoutSeconds;

        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec spec;

        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private Publication requests;
        private Subscription answers;
        private final CommandStatusDecoder answer = new CommandStatusDecoder();
        private boolean answered;
        private CommandOutcome outcome;
        private final byte[] hash = new byte[32];
        private String text;

        /** Send one request and print the engine's answer; returns the exit code. */
        int send(final Request request)
        {
            return session(() -> exchange(request));
        }

        /** Connect to the engine's admin streams, run the exchanges, disconnect. */
        private int session(final java.util.function.IntSupplier exchanges)
        {
            final EngineSettings settings = config == null ? new EngineSettings() :
                EngineSettings.from(ConfigFile.load(config));
            if (aeronDir != null)
            {
                settings.aeronDir = aeronDir;
            }
            if (!Files.isDirectory(Path.of(settings.aeronDir)))
            {
                spec.commandLine().getErr().println("no engine running: no Aeron directory at " + settings.aeronDir);
                return NO_ANSWER;
            }
            try (Aeron client = Aeron.connect(new Aeron.Context().aeronDirectoryName(settings.aeronDir)))
            {
                answers = client.addSubscription(settings.adminChannel, settings.adminResponseStream);
                requests = client.addPublication(settings.adminChannel, settings.adminStream);
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!requests.isConnected() || !answers.isConnected())
                {
                    if (System.nanoTime() > deadline)
                    {
                        spec.commandLine().getErr().println("no engine listening on " + settings.adminChannel +
                            " stream " + settings.adminStream + " (Aeron directory " + settings.aeronDir + ")");
                        return NO_ANSWER;
                    }
                    sleep();
                }
                return exchanges.getAsInt();
            }
        }

        /** One request and its answer, printed; the answer's hash is kept for a request that follows. */
        private int exchange(final Request request)
        {
            final long commandId = System.currentTimeMillis() * 1_000 + (System.nanoTime() & 0x3FF);
            final int length = request.encode(commandId, buffer, header);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (requests.offer(buffer, 0, length) < 0)
            {
                if (System.nanoTime() > deadline)
                {
                    spec.commandLine().getErr().println("the engine did not take the request");
                    return NO_ANSWER;
                }
                sleep();
            }
            answered = false;
            final MessageHeaderDecoder answerHeader = new MessageHeaderDecoder();
            final FragmentAssembler assembler = new FragmentAssembler((bytes, offset, size, aeronHeader) ->
            {
                answerHeader.wrap(bytes, offset);
                if (answerHeader.templateId() != CommandStatusDecoder.TEMPLATE_ID)
                {
                    return;
                }
                answer.wrapAndApplyHeader(bytes, offset, answerHeader);
                if (answer.commandId() == commandId)
                {
                    outcome = answer.outcome();
                    answer.getArtifactHash(hash, 0, hash.length);
                    text = answer.text();
                    answered = true;
                }
            });
            while (!answered)
            {
                if (answers.poll(assembler, 10) == 0)
                {
                    if (System.nanoTime() > deadline)
                    {
                        spec.commandLine().getErr().println("no answer from the engine within " + timeoutSeconds +
                            " s");
                        return NO_ANSWER;
                    }
                    sleep();
                }
            }
            if (outcome != CommandOutcome.OK)
            {
                spec.commandLine().getErr().println("refused: " + text.strip());
                return 1;
            }
            spec.commandLine().getOut().println(text.strip());
            return 0;
        }

        int load(final Path artifact)
        {
            return send(loadRequest(artifact));
        }

        /**
         * Send a request naming a model: by hash, or by artifact, which is loaded first on the same connection.
         */
        int withModel(final String artifactOrHash, final HashRequest request)
        {
            if (artifactOrHash.matches("[0-9a-fA-F]{64}"))
            {
                final byte[] named = HexFormat.of().parseHex(artifactOrHash);
                return send((commandId, bytes, messageHeader) -> request.encode(commandId, named, bytes,
                    messageHeader));
            }
            final Path artifact = Path.of(artifactOrHash);
            if (!Files.exists(artifact))
            {
                throw new IllegalArgumentException("no such artifact and not a 64-digit hash: " + artifactOrHash);
            }
            return session(() ->
            {
                final int loaded = exchange(loadRequest(artifact));
                if (loaded != 0)
                {
                    return loaded;
                }
                final byte[] loadedHash = hash.clone();
                return exchange((commandId, bytes, messageHeader) -> request.encode(commandId, loadedHash, bytes,
                    messageHeader));
            });
        }

        private static Request loadRequest(final Path artifact)
        {
            final String location = artifact.toAbsolutePath().normalize().toString();
            return (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
                new ModelLoadEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                    .location(location).encodedLength();
        }

        private static void sleep()
        {
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            }
        }
    }

    /** Encodes one request into the buffer at 0; returns its length. */
    @FunctionalInterface
    interface Request
    {
        int encode(long commandId, UnsafeBuffer buffer, MessageHeaderEncoder header);
    }

    /** Encodes one request naming a model. */
    @FunctionalInterface
    interface HashRequest
    {
        int encode(long commandId, byte[] hash, UnsafeBuffer buffer, MessageHeaderEncoder header);
    }

    static String issuer()
    {
        return System.getProperty("user.name", "unknown") + "@lockstep-admin";
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load an artifact and hold it to its deploy contract; it can then be swapped in by hash.")
    static final class Load implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT", description = "Artifact directory or .zip.")
        Path artifact;

        public Integer call()
        {
            return connection.load(artifact);
        }
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
        description = "Make a model the champion from the next event on; the current one stays loaded as previous.")
    static final class Swap implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT|HASH", description = "Artifact to load, or the hash of a loaded model.")
        String model;

        public Integer call()
        {
            return connection.withModel(model, (commandId, hash, buffer, header) ->
                MessageHeaderEncoder.ENCODED_LENGTH + new ModelSwapEncoder().wrapAndApplyHeader(buffer, 0, header)
                    .commandId(commandId).putArtifactHash(hash, 0, hash.length).issuedBy(issuer()).encodedLength());
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Make the previous champion the champion again, from the next event on.")
    static final class Rollback implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        public Integer call()
        {
            return connection.send((commandId, buffer, header) -> MessageHeaderEncoder.ENCODED_LENGTH +
                new RollbackEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(commandId)
                    .issuedBy(issuer()).encodedLength());
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true,
        description = "Score a model on every event after the order is sent, never trading (--remove to stop).")
    static final class Shadow implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT|HASH", description = "Artifact to load, or the hash of a loaded model.")
        String model;

        @Option(names = "--remove", description = "Stop shadowing the model.")
        boolean remove;

        public Integer call()
        {
            return connection.withModel(model, (commandId, hash, buffer, header) -> MessageHeaderEncoder.ENCODED_LENGTH +
                (remove ?
                    new ShadowRemoveEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(commandId)
                        .putArtifactHash(hash, 0, hash.length).encodedLength() :
                    new ShadowAddEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(commandId)
                        .putArtifactHash(hash, 0, hash.length).encodedLength()));
        }
    }

    @Command(name = "canary", mixinStandardHelpOptions = true,
        description = "Make a model the champion at a fraction of normal order size (rounded down; 0 = no order).")
    static final class Canary implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT|HASH", description = "Artifact to load, or the hash of a loaded model.")
        String model;

        @Option(names = "--fraction", required = true, paramLabel = "F",
            description = "Fraction of normal size, 0..1 (e.g. 0.05), kept to parts per million.")
        double fraction;

        public Integer call()
        {
            if (!(fraction >= 0 && fraction <= 1))
            {
                throw new IllegalArgumentException("--fraction must be within 0..1, not " + fraction);
            }
            final long ppm = Math.round(fraction * 1_000_000);
            return connection.withModel(model, (commandId, hash, buffer, header) ->
                MessageHeaderEncoder.ENCODED_LENGTH + new CanaryFractionEncoder().wrapAndApplyHeader(buffer, 0, header)
                    .commandId(commandId).putArtifactHash(hash, 0, hash.length).fractionPpm(ppm).encodedLength());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Champion, previous, shadows, ready models, models deployed but not yet applied, last " +
            "command, quarantines and counters.")
    static final class Status implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        public Integer call()
        {
            return connection.send((commandId, buffer, header) -> MessageHeaderEncoder.ENCODED_LENGTH +
                new StatusRequestEncoder().wrapAndApplyHeader(buffer, 0, header).commandId(commandId)
                    .encodedLength());
        }
    }
}
