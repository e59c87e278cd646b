package io.lockstep.engine;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.lockstep.engine.config.DurationText;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.risk.RiskLimits;
import io.lockstep.sbe.control.BooleanType;
import io.lockstep.sbe.control.CanaryFractionEncoder;
import io.lockstep.sbe.control.CommandOutcome;
import io.lockstep.sbe.control.CommandStatusDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.control.ModelLoadEncoder;
import io.lockstep.sbe.control.KillSwitchEncoder;
import io.lockstep.sbe.control.ModelSwapEncoder;
import io.lockstep.sbe.control.RiskLimit;
import io.lockstep.sbe.control.RiskLimitChangeEncoder;
import io.lockstep.sbe.control.RollbackEncoder;
import io.lockstep.sbe.control.ShadowAddEncoder;
import io.lockstep.sbe.control.ShadowRemoveEncoder;
import io.lockstep.sbe.control.StatusRequestEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection to a running engine's admin streams: the one way to send it admin requests, for
 * {@code lockstep admin} and the admin HTTP API alike. Each request carries a fresh command id and waits for the
 * engine's answer to that id; the {@link AdminAgent} takes requests one at a time. One thread at a time.
 */
public final class AdminClient implements AutoCloseable
{
    /** The fewest first digits of a kept artifact's hash that name it. */
    public static final int MIN_HASH_PREFIX = 8;
    /** The engine's answer: applied or refused, the model it concerns (zeros for none), and its text. */
    public record Answer(boolean applied, byte[] hash, String text)
    {
        public String hashHex()
        {
            return HexFormat.of().formatHex(hash);
        }
    }

    /** No engine listens, it did not take the request, or it did not answer in time. */
    public static final class NoAnswerException extends RuntimeException
    {
        NoAnswerException(final String message)
        {
            super(message);
        }
    }

    /** Encodes one request into the buffer at 0 and returns its length. */
    @FunctionalInterface
    public interface Request
    {
        int encode(long commandId, UnsafeBuffer buffer, MessageHeaderEncoder header);
    }

    /** Encodes one request about the model with this artifact hash. */
    @FunctionalInterface
    public interface ModelRequest
    {
        Request about(byte[] hash);
    }

    /** The risk limits a running engine takes, by the config key that sets each at start (every instrument). */
    public static final Map<String, RiskLimit> RISK_LIMITS = Map.of(
        "risk.max.order.quantity", RiskLimit.MAX_ORDER_QUANTITY,
        "risk.max.notional", RiskLimit.MAX_NOTIONAL,
        "risk.price.collar.bps", RiskLimit.PRICE_COLLAR_BPS,
        "risk.max.position", RiskLimit.MAX_POSITION,
        "risk.max.orders.per.second", RiskLimit.MAX_ORDERS_PER_SECOND,
        "risk.stale.data", RiskLimit.STALE_DATA_NS);

    /** How long to wait for an engine to connect to both admin streams. */
    public static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** Longer artifact paths (in UTF-8 bytes, as Linux counts them) are refused: the request must fit its buffer. */
    private static final int MAX_LOCATION_BYTES = 4096;
    /** Longer kill switch reasons (in UTF-8, with who sent it) are refused: the input must fit a ring slot. */
    private static final int MAX_REASON_BYTES = 256;
    /** Longer names of who sent a command (in UTF-8) are refused: the input must fit a ring slot. */
    private static final int MAX_ISSUER_BYTES = 128;
    private static final AtomicLong LAST_COMMAND_ID = new AtomicLong();

    private final Publication requests;
    private final Subscription answers;
    /** The engine's kept artifacts, where a hash's first digits find the whole of it. */
    private final ArtifactStore kept;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MessageHeaderDecoder answerHeader = new MessageHeaderDecoder();
    private final CommandStatusDecoder answer = new CommandStatusDecoder();
    private long awaitedCommandId;
    private Answer received;

    private AdminClient(final Publication requests, final Subscription answers, final ArtifactStore kept)
    {
        this.requests = requests;
        this.answers = answers;
        this.kept = kept;
    }

    /**
     * @param aeron    a client of the engine's media driver.
     * @param settings where the engine listens: {@code aeron.admin.*}; its {@code data.dir}, where it keeps the
     *                 artifacts it loaded.
     * @throws NoAnswerException when no engine is connected to both streams within the timeout.
     */
    public static AdminClient connect(final Aeron aeron, final EngineSettings settings, final long timeoutNs)
    {
        final Subscription answers = aeron.addSubscription(settings.adminChannel, settings.adminResponseStream);
        final Publication requests = aeron.addPublication(settings.adminChannel, settings.adminStream);
        final long deadline = System.nanoTime() + timeoutNs;
        while (!requests.isConnected() || !answers.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                CloseHelper.closeAll(requests, answers);
                throw new NoAnswerException("no engine listening on " + settings.adminChannel + " stream " +
                    settings.adminStream + " (Aeron directory " + settings.aeronDir + ")");
            }
            pause();
        }
        return new AdminClient(requests, answers, new ArtifactStore(settings.dataDir));
    }

    /**
     * Send one request and wait for the engine's answer to it.
     *
     * @throws NoAnswerException when the engine does not take it or does not answer within the timeout.
     */
    public Answer send(final Request request, final long timeoutNs)
    {
        final long commandId = nextCommandId();
        final int length = request.encode(commandId, buffer, header);
        final long deadline = System.nanoTime() + timeoutNs;
        while (requests.offer(buffer, 0, length) < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new NoAnswerException("the engine did not take the request");
            }
            pause();
        }
        awaitedCommandId = commandId;
        received = null;
        final FragmentAssembler assembler = new FragmentAssembler(this::onAnswer);
        while (received == null)
        {
            if (answers.poll(assembler, 10) == 0)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new NoAnswerException("no answer from the engine within " +
                        TimeUnit.NANOSECONDS.toSeconds(timeoutNs) + " s");
                }
                pause();
            }
        }
        return received;
    }

    /**
     * Send a request about a model named by its hash, the first {@value #MIN_HASH_PREFIX} or more digits of the hash
     * of an artifact the engine kept (as its answers print 12), or an artifact, which is loaded first.
     *
     * @param issuedBy who sends the load, when there is one: the sender of the request itself.
     * @return the answers in order: the load's when there was one, then the request's unless the load was refused.
     * @throws IllegalArgumentException when the text is no hash, no path and the start of no one kept hash.
     */
    public List<Answer> sendAbout(
        final String artifactOrHash, final String issuedBy, final ModelRequest request, final long timeoutNs)
    {
        final List<Answer> answers = new ArrayList<>(2);
        final Path artifact = Path.of(artifactOrHash);
        if (artifactOrHash.matches("[0-9a-fA-F]{64}") ||
            (artifactOrHash.matches("[0-9a-fA-F]{" + MIN_HASH_PREFIX + ",63}") && !Files.exists(artifact)))
        {
            final String hash = artifactOrHash.length() == 64 ? artifactOrHash :
                kept.hashStartingWith(artifactOrHash.toLowerCase(Locale.ROOT));
            answers.add(send(request.about(HexFormat.of().parseHex(hash)), timeoutNs));
            return answers;
        }
        if (!Files.exists(artifact))
        {
            throw new IllegalArgumentException("no such artifact, and not a model's hash (64 hex digits, or the " +
                "first " + MIN_HASH_PREFIX + " or more of one kept): " + artifactOrHash);
        }
        final Answer loaded = send(load(artifact, issuedBy), timeoutNs);
        answers.add(loaded);
        if (loaded.applied())
        {
            answers.add(send(request.about(loaded.hash()), timeoutNs));
        }
        return answers;
    }

    public void close()
    {
        CloseHelper.closeAll(requests, answers);
    }

    public static Request status()
    {
        return (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
            new StatusRequestEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .encodedLength();
    }

    /**
     * Load an artifact (the engine reads it from this path) and hold it to its deploy contract. The engine journals
     * the ModelReady that announces it with {@code issuedBy}.
     *
     * @throws IllegalArgumentException when the path is longer than {@value #MAX_LOCATION_BYTES} bytes in UTF-8.
     */
    public static Request load(final Path artifact, final String issuedBy)
    {
        checkIssuer(issuedBy);
        final String location = artifact.toAbsolutePath().normalize().toString();
        final int locationBytes = location.getBytes(StandardCharsets.UTF_8).length;
        if (locationBytes > MAX_LOCATION_BYTES)
        {
            throw new IllegalArgumentException("an artifact path of " + locationBytes + " bytes: at most " +
                MAX_LOCATION_BYTES);
        }
        return (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
            new ModelLoadEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .location(location).issuedBy(issuedBy).encodedLength();
    }

    public static ModelRequest swap(final String issuedBy)
    {
        checkIssuer(issuedBy);
        return (hash) -> (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
            new ModelSwapEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .putArtifactHash(hash, 0, hash.length).issuedBy(issuedBy).encodedLength();
    }

    public static Request rollback(final String issuedBy)
    {
        checkIssuer(issuedBy);
        return (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
            new RollbackEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .issuedBy(issuedBy).encodedLength();
    }

    public static ModelRequest shadow(final boolean remove, final String issuedBy)
    {
        checkIssuer(issuedBy);
        return (hash) -> (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH + (remove ?
            new ShadowRemoveEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .putArtifactHash(hash, 0, hash.length).issuedBy(issuedBy).encodedLength() :
            new ShadowAddEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .putArtifactHash(hash, 0, hash.length).issuedBy(issuedBy).encodedLength());
    }

    /**
     * @param fraction of normal order size, 0..1, kept to parts per million.
     * @throws IllegalArgumentException when the fraction is outside 0..1 or not a number.
     */
    public static ModelRequest canary(final double fraction, final String issuedBy)
    {
        checkIssuer(issuedBy);
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new IllegalArgumentException("the canary fraction must be within 0..1, not " + fraction);
        }
        final long ppm = Math.round(fraction * 1_000_000);
        return (hash) -> (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
            new CanaryFractionEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .putArtifactHash(hash, 0, hash.length).fractionPpm(ppm).issuedBy(issuedBy).encodedLength();
    }

    /**
     * Engage or release the kill switch: while engaged no order leaves the engine. Journaled like every control
     * input, with who asked and why.
     *
     * @throws IllegalArgumentException when the reason is blank.
     */
    public static Request killSwitch(final boolean engaged, final String issuedBy, final String reason)
    {
        if (reason == null || reason.isBlank())
        {
            throw new IllegalArgumentException("the kill switch needs a reason, for the journal and the alert");
        }
        final String why = issuedBy + ": " + reason.strip();
        final int whyBytes = why.getBytes(StandardCharsets.UTF_8).length;
        if (whyBytes > MAX_REASON_BYTES)
        {
            // A control input must fit a ring slot: a longer one would be dropped at ingress, the switch not set.
            throw new IllegalArgumentException("a kill switch reason of " + whyBytes + " bytes with its sender: at " +
                "most " + MAX_REASON_BYTES);
        }
        return (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
            new KillSwitchEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .engaged(engaged ? BooleanType.TRUE : BooleanType.FALSE).reason(why).encodedLength();
    }

    /**
     * Change a risk limit for every instrument, named by its config key ({@link #RISK_LIMITS}), in the config's
     * units: a whole number, or a duration for {@code risk.stale.data}.
     *
     * @throws IllegalArgumentException naming the key or the value that does not read.
     */
    public static Request riskLimit(final String key, final String value, final String issuedBy)
    {
        checkIssuer(issuedBy);
        final RiskLimit limit = RISK_LIMITS.get(key);
        if (limit == null)
        {
            throw new IllegalArgumentException("no risk limit " + key + " (expected one of " +
                String.join(", ", new java.util.TreeSet<>(RISK_LIMITS.keySet())) + ")");
        }
        final long amount = limit == RiskLimit.STALE_DATA_NS ? DurationText.parseNs(value) : wholeNumber(value);
        if (amount < 0)
        {
            throw new IllegalArgumentException(key + " " + value + ": expected " +
                (limit == RiskLimit.STALE_DATA_NS ? DurationText.EXPECTED : "a whole number, 0 or more"));
        }
        if (limit == RiskLimit.PRICE_COLLAR_BPS && amount > RiskLimits.MAX_PRICE_COLLAR_BPS)
        {
            throw new IllegalArgumentException(key + " " + value + ": at most " + RiskLimits.MAX_PRICE_COLLAR_BPS +
                " (100 times the mid), as in the config");
        }
        return (commandId, bytes, messageHeader) -> MessageHeaderEncoder.ENCODED_LENGTH +
            new RiskLimitChangeEncoder().wrapAndApplyHeader(bytes, 0, messageHeader).commandId(commandId)
                .instrumentId(0).riskLimit(limit).value(amount).issuedBy(issuedBy).encodedLength();
    }

    /** @return the config key of a risk limit a running engine takes, null for any other. */
    public static String configKey(final RiskLimit limit)
    {
        for (final Map.Entry<String, RiskLimit> entry : RISK_LIMITS.entrySet())
        {
            if (entry.getValue() == limit)
            {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Who sent a command is journaled with it, so it must fit a ring slot beside the rest of the input. */
    private static void checkIssuer(final String issuedBy)
    {
        final int issuerBytes = issuedBy.getBytes(StandardCharsets.UTF_8).length;
        if (issuerBytes > MAX_ISSUER_BYTES)
        {
            throw new IllegalArgumentException("an issuer of " + issuerBytes + " bytes: at most " + MAX_ISSUER_BYTES);
        }
    }

    private static long wholeNumber(final String text)
    {
        try
        {
            return Long.parseLong(text.strip().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private void onAnswer(final DirectBuffer bytes, final int offset, final int length, final Header aeronHeader)
    {
        answerHeader.wrap(bytes, offset);
        if (answerHeader.templateId() != CommandStatusDecoder.TEMPLATE_ID)
        {
            return;
        }
        answer.wrapAndApplyHeader(bytes, offset, answerHeader);
        if (answer.commandId() == awaitedCommandId)
        {
            final byte[] hash = new byte[CommandStatusDecoder.artifactHashLength()];
            final boolean applied = answer.outcome() == CommandOutcome.OK;
            answer.getArtifactHash(hash, 0, hash.length);
            received = new Answer(applied, hash, answer.text());
        }
    }

    /**
     * Unique across the processes that talk to one engine (answers go to every client on the stream, so each
     * waits for its own id): the wall clock in milliseconds, times 1,000, plus low bits of the nanosecond clock,
     * and above the last id this process used.
     */
    private static long nextCommandId()
    {
        final long now = System.currentTimeMillis() * 1_000 + Math.floorMod(System.nanoTime(), 1_000);
        return LAST_COMMAND_ID.updateAndGet((last) -> Math.max(last + 1, now));
    }

    private static void pause()
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
