package io.lockstep.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code business.pinning = refuse}: an engine whose business thread cannot be pinned does not start. The thread's
 * verdict used to be published after the pinning it reported, so the engine usually read "not refused" and ran.
 * Repeated, since the race lost only usually.
 */
class PinningRefusalTest
{
    /** A CPU this machine does not have, so the lock is never granted. */
    private static final int ABSENT_CPU = Math.max(99, Runtime.getRuntime().availableProcessors() + 1);

    @TempDir
    Path temp;

    @Test
    void anEngineThatCannotPinItsBusinessThreadRefusesToStart()
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final EngineSettings settings = new EngineSettings();
            settings.dataDir = temp.resolve("data-" + attempt);
            settings.aeronDir = temp.resolve("aeron-" + attempt).toString();
            settings.businessCpu = ABSENT_CPU;
            settings.pinning = BusinessHandler.PinningPolicy.REFUSE;
            final List<String> log = new CopyOnWriteArrayList<>();
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Engine.start(settings, log::add).close(), "attempt " + attempt + ": " + log);
            assertTrue(refused.getMessage().startsWith("refusing to start: business thread NOT pinned: asked for " +
                "CPU " + ABSENT_CPU), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("(business.pinning = refuse)"), refused.getMessage());
        }
    }
}
