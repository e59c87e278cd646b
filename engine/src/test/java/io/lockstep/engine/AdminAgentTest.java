package io.lockstep.engine;

import io.aeron.Publication;
import io.lockstep.sbe.control.MessageHeaderEncoder;
import io.lockstep.sbe.control.ModelLoadEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin agent of a running engine, over its real Aeron streams: a request whose var data runs past its end is
 * refused, naming what is wrong, and the agent goes on answering.
 */
class AdminAgentTest
{
    @TempDir
    Path temp;

    @Test
    void aRequestWhoseVarDataRunsPastItsEndIsRefusedAndTheAgentGoesOn()
    {
        final EngineSettings settings = settings();
        final List<String> log = new ArrayList<>();
        try (Engine engine = Engine.start(settings, log::add);
            AdminClient client = AdminClient.connect(engine.aeron(), settings, AdminClient.CONNECT_TIMEOUT_NS);
            Publication rogue = engine.aeron().addPublication(settings.adminChannel, settings.adminStream))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + new ModelLoadEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).commandId(77).location("/models/a")
                .issuedBy("rogue").encodedLength();
            // The location's length field says 1 MiB; the message ends after its few bytes.
            buffer.putInt(MessageHeaderEncoder.ENCODED_LENGTH + ModelLoadEncoder.BLOCK_LENGTH, 1 << 20);
            offer(rogue, buffer, length);

            final AdminClient.Answer status = client.send(AdminClient.status(), TimeUnit.SECONDS.toNanos(10));
            assertTrue(status.applied(), status.text());
            assertTrue(status.text().startsWith("champion "), status.text());
            assertTrue(log.stream().anyMatch((line) -> line.contains("admin: a request") &&
                line.contains("runs past its end")), log.toString());
            assertFalse(log.stream().anyMatch((line) -> line.startsWith("admin error")), log.toString());

            // A location no path can be (a NUL in it) is refused as a bad artifact is, not thrown out of the agent.
            offer(rogue, buffer, MessageHeaderEncoder.ENCODED_LENGTH + new ModelLoadEncoder()
                .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).commandId(78).location("/models/a\u0000b")
                .issuedBy("rogue").encodedLength());
            assertTrue(client.send(AdminClient.status(), TimeUnit.SECONDS.toNanos(10)).applied());
            assertTrue(log.stream().anyMatch((line) -> line.startsWith("admin: refused /models/a") &&
                line.contains("Nul character not allowed")), log.toString());
            assertFalse(log.stream().anyMatch((line) -> line.startsWith("admin error")), log.toString());
        }
    }

    /** Ingress would drop a control input longer than a ring slot: the agent refuses it instead of waiting 10 s. */
    @Test
    void aCommandLongerThanARingSlotIsRefusedAtOnce()
    {
        final EngineSettings settings = settings();
        settings.slotLength = 256;
        try (Engine engine = Engine.start(settings, (line) -> {});
            AdminClient client = AdminClient.connect(engine.aeron(), settings, AdminClient.CONNECT_TIMEOUT_NS))
        {
            final AdminClient.Answer refused = client.send(AdminClient.killSwitch(true, "test", "x".repeat(240)),
                TimeUnit.SECONDS.toNanos(10));
            assertFalse(refused.applied());
            assertTrue(refused.text().startsWith("a control input of ") &&
                refused.text().endsWith(" bytes, longer than ring.slot.length 256: the engine could not take it"),
                refused.text());
            assertFalse(engine.counters().killSwitchEngaged());

            final AdminClient.Answer applied = client.send(AdminClient.killSwitch(true, "test", "short"),
                TimeUnit.SECONDS.toNanos(10));
            assertTrue(applied.applied(), applied.text());

            // A load whose ModelReady could not be journaled is refused before anything is deployed.
            final AdminClient.Answer load = client.send(AdminClient.load(temp.resolve("x".repeat(250)), "test"),
                TimeUnit.SECONDS.toNanos(10));
            assertFalse(load.applied());
            assertTrue(load.text().startsWith("the ModelReady announcing it would be ") &&
                load.text().endsWith(" bytes with this path and issuer, longer than ring.slot.length 256"),
                load.text());
        }
    }

    private EngineSettings settings()
    {
        final EngineSettings settings = new EngineSettings();
        settings.dataDir = temp.resolve("data");
        settings.aeronDir = temp.resolve("aeron").toString();
        settings.businessCpu = -1;
        return settings;
    }

    private static void offer(final Publication publication, final UnsafeBuffer buffer, final int length)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (publication.offer(buffer, 0, length) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the admin stream took no request");
            Thread.onSpinWait();
        }
    }
}
