package io.lockstep.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Starts the engine refuses, each before it can do harm, and what a refused start leaves: nothing of a data
 * directory it created, and every file of directories it was given.
 */
class StartRefusalTest
{
    /** A CPU this machine does not have, so the lock is never granted. */
    private static final int ABSENT_CPU = Math.max(99, Runtime.getRuntime().availableProcessors() + 1);

    @TempDir
    Path temp;

    private EngineSettings settings(final String name)
    {
        final EngineSettings settings = new EngineSettings();
        settings.dataDir = temp.resolve("data-" + name);
        settings.aeronDir = temp.resolve("aeron-" + name).toString();
        settings.businessCpu = -1;
        return settings;
    }

    /**
     * {@code business.pinning = refuse}: the business thread's verdict used to be published after the pinning it
     * reported, so the engine usually read "not refused" and ran. Repeated, since the race lost only usually.
     */
    @Test
    void anEngineThatCannotPinItsBusinessThreadRefusesToStart()
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final EngineSettings settings = settings("pin-" + attempt);
            settings.businessCpu = ABSENT_CPU;
            settings.pinning = BusinessHandler.PinningPolicy.REFUSE;
            final List<String> log = new CopyOnWriteArrayList<>();
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Engine.start(settings, log::add).close(), "attempt " + attempt + ": " + log);
            assertTrue(refused.getMessage().startsWith("refusing to start: business thread NOT pinned: asked for " +
                "CPU " + ABSENT_CPU), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("(business.pinning = refuse)"), refused.getMessage());
            assertFalse(Files.exists(settings.dataDir), "the data directory this start created is gone");
        }
    }

    /**
     * A setting that decides, set in code after the config text was read, would make engine.config record a run
     * that did not happen: replay and restart read it there (perf-lab's runs did, and diverged at the first order).
     */
    @Test
    void settingsThatDecideOtherwiseThanTheirConfigTextAreRefused()
    {
        final EngineSettings settings = settings("in-code");
        settings.strategyKind = EngineSettings.StrategyKind.EVERY_EVENT;
        settings.riskLimits.maxPosition(7);
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Engine.start(settings, (line) -> {}).close());
        assertEquals("the engine's settings decide otherwise than the config text it would record as engine.config, " +
            "risk.max.position (10000 in the config text, 7 now), strategy.kind (threshold in the config text, " +
            "every_event now): give them as config text (EngineSettings.from)", refused.getMessage());
        assertFalse(Files.exists(settings.dataDir), "refused before anything was made");
    }

    /** The embedded media driver deletes its directory at start and stop: a user's files are never in it. */
    @Test
    void anAeronDirectoryHoldingOtherFilesIsRefusedAndKeepsThem() throws Exception
    {
        final EngineSettings settings = settings("foreign");
        final Path keep = Files.writeString(Files.createDirectories(Path.of(settings.aeronDir)).resolve("keep.txt"),
            "mine");
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Engine.start(settings, (line) -> {}).close());
        assertEquals("aeron.dir " + settings.aeronDir + " holds files that are not a media driver's (keep.txt), " +
            "and the embedded driver deletes its directory: give a new or empty one", refused.getMessage());
        assertEquals("mine", Files.readString(keep));
    }

    /** A second engine on the same aeron.dir would delete the first one's running driver. */
    @Test
    void anAeronDirectoryInUseByARunningDriverIsRefused()
    {
        final EngineSettings first = settings("first");
        try (Engine running = Engine.start(first, (line) -> {}))
        {
            final EngineSettings second = settings("second");
            second.aeronDir = first.aeronDir;
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Engine.start(second, (line) -> {}).close());
            assertEquals("aeron.dir " + first.aeronDir + " is in use by a running media driver (another engine?)",
                refused.getMessage());
            assertEquals(first.aeronDir, Engine.runningAeronDir(first.dataDir), "where lockstep admin finds it");
        }
        assertNull(Engine.runningAeronDir(first.dataDir), "a stopped engine is found nowhere");
    }

    /** An external driver that is not there is said at once, not after Aeron's ten-second connect timeout. */
    @Test
    void anExternalDriverThatDoesNotRunIsNamed()
    {
        final EngineSettings settings = settings("external");
        settings.embeddedDriver = false;
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Engine.start(settings, (line) -> {}).close());
        assertEquals("aeron.embedded = false but no media driver runs at aeron.dir " + settings.aeronDir +
            ": start one there, or let the engine embed its own", refused.getMessage());
    }

    /** A unicast feed port is one engine's: a second would take the datagrams from the first without a word. */
    @Test
    void aMoldUdp64PortInUseIsRefused()
    {
        final EngineSettings first = settings("feed-1");
        first.moldUdp64Bind = new InetSocketAddress("127.0.0.1", 0);
        try (Engine running = Engine.start(first, (line) -> {}))
        {
            final EngineSettings second = settings("feed-2");
            second.moldUdp64Bind = running.moldUdp64Address();
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Engine.start(second, (line) -> {}).close());
            assertTrue(refused.getMessage().startsWith("feed.moldudp64.bind: cannot bind UDP receiver to " +
                running.moldUdp64Address()), refused.getMessage());
            assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
            assertFalse(Files.exists(second.dataDir), "nothing of the refused start is left");
        }
    }

    /** A gap's kill switch is an input: a slot too small for it would leave a gap unable to halt anything. */
    @Test
    void aSlotTooSmallForAFeedGapsHaltIsRefusedUnlessHaltingIsOff()
    {
        final EngineSettings settings = settings("small-slot");
        settings.moldUdp64Bind = new InetSocketAddress("127.0.0.1", 0);
        settings.slotLength = 128;
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Engine.start(settings, (line) -> {}).close());
        assertTrue(refused.getMessage().startsWith("ring.slot.length 128 cannot hold the kill switch a MoldUDP64 " +
            "feed gap journals (up to "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith(" bytes): raise it, or set feed.moldudp64.halt.on.gap = false"),
            refused.getMessage());
        assertFalse(Files.exists(settings.dataDir), "nothing of the refused start is left");

        settings.moldUdp64HaltOnGap = false;
        Engine.start(settings, (line) -> {}).close();
    }

    /** A second engine on a running engine's data directory is refused, and leaves the first findable. */
    @Test
    void aSecondEngineOnARunningEnginesDataDirectoryLeavesItsAeronDirectoryFile()
    {
        final EngineSettings first = settings("shared");
        try (Engine running = Engine.start(first, (line) -> { }))
        {
            final EngineSettings second = settings("shared");
            second.aeronDir = temp.resolve("aeron-second").toString();
            final RuntimeException refused = assertThrows(RuntimeException.class,
                () -> Engine.start(second, (line) -> { }).close());
            assertTrue(refused.getMessage().contains("already open for appending by another writer"),
                refused.getMessage());
            assertEquals(Path.of(first.aeronDir).toAbsolutePath().toString(), Engine.runningAeronDir(first.dataDir),
                "lockstep admin --config still finds the running engine");
        }
    }
}
