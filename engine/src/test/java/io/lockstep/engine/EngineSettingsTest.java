package io.lockstep.engine;

import io.lockstep.engine.config.ConfigException;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.journal.FsyncPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class EngineSettingsTest
{
    @Test
    void readsEveryKindOfKey()
    {
        final EngineSettings s = EngineSettings.from(ConfigFile.parse("engine.config", String.join("\n",
            "# a comment",
            "data.dir = /tmp/lockstep-x",
            "aeron.embedded = false",
            "aeron.marketdata.channel = aeron:udp?endpoint=127.0.0.1:40123",
            "ring.size = 4096",
            "business.cpu = -1",
            "business.pinning = refuse",
            "idle.strategy = busy_spin",
            "journal.fsync = on_roll",
            "model.weights = 0.1, -0.2, 0.3",
            "strategy.threshold = 0.001",
            "risk.max.position = 500",
            "risk.stale.data = 250ms",
            "http.port = 0",
            "http.bind = ::1",
            "http.token.file = /etc/lockstep/token",
            "http.idle.timeout = 5s",
            "alert.feed.stale = 3s",
            "alert.step.p99 = 0s",
            "alert.ring.backlog = 0.25",
            "alert.journal.free.mb = 2048",
            "alert.hold = 90s",
            "alert.alertmanager.url = http://127.0.0.1:9093",
            "alert.alertmanager.resend = 30s",
            "monitor.report.interval = 60s",
            "monitor.pnl.bucket = 5m",
            "feed.moldudp64.bind = 127.0.0.1:31000",
            "feed.moldudp64.rerequest = 127.0.0.1:31001",
            "feed.moldudp64.rerequest.timeout = 20ms",
            "feed.moldudp64.group = 239.255.77.1",
            "feed.moldudp64.interface = lo")));
        assertEquals(Path.of("/tmp/lockstep-x"), s.dataDir);
        assertFalse(s.embeddedDriver);
        assertEquals("aeron:udp?endpoint=127.0.0.1:40123", s.marketDataChannel);
        assertEquals(4096, s.ringSize);
        assertEquals(BusinessHandler.PinningPolicy.REFUSE, s.pinning);
        assertEquals(EngineSettings.Idle.BUSY_SPIN, s.idle);
        assertEquals(FsyncPolicy.ON_ROLL, s.fsync);
        assertArrayEquals(new double[] { 0.1, -0.2, 0.3 }, s.modelWeights);
        assertEquals(500, s.riskLimits.maxPosition());
        assertEquals(250_000_000L, s.riskLimits.staleDataNs());
        assertTrue(s.configText.contains("risk.max.position"));
        assertEquals(0, s.httpPort);
        assertEquals("::1", s.httpBind);
        assertEquals(Path.of("/etc/lockstep/token"), s.httpTokenFile);
        assertEquals(5_000_000_000L, s.httpIdleTimeoutNs);
        assertEquals(-1, new EngineSettings().httpPort, "the HTTP API is off unless a port is configured");
        assertEquals("127.0.0.1", new EngineSettings().httpBind);
        assertEquals(3_000_000_000L, s.alertThresholds.feedStaleNs);
        assertEquals(0, s.alertThresholds.stepP99Ns, "0 turns the rule off");
        assertEquals(0.25, s.alertThresholds.ringBacklog);
        assertEquals(2048L << 20, s.alertThresholds.journalFreeBytes);
        assertEquals(90_000_000_000L, s.alertThresholds.holdNs);
        assertEquals(java.net.URI.create("http://127.0.0.1:9093"), s.alertmanager);
        assertEquals(30_000_000_000L, s.alertmanagerResendNs);
        assertNull(new EngineSettings().alertmanager, "alerts are pushed nowhere unless configured");
        assertEquals(60_000_000_000L, s.researchReportIntervalNs);
        assertEquals(300_000_000_000L, s.pnlBucketNs);
        assertEquals(1_000_000_000L, new EngineSettings().pnlBucketNs);
        assertEquals(new java.net.InetSocketAddress("127.0.0.1", 31000), s.moldUdp64Bind);
        assertEquals(new java.net.InetSocketAddress("127.0.0.1", 31001), s.moldUdp64Rerequest);
        assertEquals(20_000_000L, s.moldUdp64RerequestTimeoutNs);
        assertNull(new EngineSettings().moldUdp64Rerequest, "gaps are not re-requested unless configured");
        assertEquals("239.255.77.1", s.moldUdp64Group.getHostAddress());
        assertEquals("lo", s.moldUdp64Interface.getName());
        assertNull(new EngineSettings().moldUdp64Bind, "no MoldUDP64 feed unless configured");
    }

    @Test
    void unknownKeyIsRefusedNamingFileLineAndKey()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> EngineSettings.from(ConfigFile.parse(
            "engine.config", "ring.size = 4096\nrisk.max.positon = 5\n")));
        assertEquals("engine.config", ex.source());
        assertEquals(2, ex.line());
        assertEquals("risk.max.positon", ex.key());
        assertTrue(ex.getMessage().contains("risk.max.position"), "suggests the known key: " + ex.getMessage());
    }

    @Test
    void badValuesAreRefusedNamingThem()
    {
        final String[][] cases = {
            { "ring.size = 1000", "ring.size", "power of two" },
            { "business.cpu = two", "business.cpu", "two" },
            { "idle.strategy = spin", "idle.strategy", "spin" },
            { "aeron.embedded = yes", "aeron.embedded", "yes" },
            { "risk.stale.data = 5 parsecs", "risk.stale.data", "5 parsecs" },
            { "model.weights = 0.1, x", "model.weights", "x" },
            { "http.port = 70000", "http.port", "70000" },
            { "http.port = -2", "http.port", "-2" },
            { "alert.ring.backlog = 1.5", "alert.ring.backlog", "1.5" },
            { "monitor.report.interval = 0s", "monitor.report.interval", "above zero" },
            { "monitor.pnl.bucket = -1s", "monitor.pnl.bucket", "-1s" },
            { "feed.moldudp64.bind = 31000", "feed.moldudp64.bind", "HOST:PORT" },
            { "feed.moldudp64.bind = 127.0.0.1:70000", "feed.moldudp64.bind", "HOST:PORT" },
            { "feed.moldudp64.bind = no-such-host.invalid:31000", "feed.moldudp64.bind", "resolves" },
            { "feed.moldudp64.bind = ::1:31000", "feed.moldudp64.bind", "IPv4" },
            { "feed.moldudp64.rerequest = 127.0.0.1:31001", "feed.moldudp64.rerequest", "feed.moldudp64.bind as well" },
            { "feed.moldudp64.rerequest.timeout = 0ms", "feed.moldudp64.rerequest.timeout", "above zero" },
            { "alert.alertmanager.url = 127.0.0.1:9093", "alert.alertmanager.url", "an http:// or https:// URL" },
            { "alert.alertmanager.resend = 0s", "alert.alertmanager.resend", "above zero" },
            { "feed.moldudp64.group = 10.0.0.1", "feed.moldudp64.group", "an IPv4 multicast address" },
            { "feed.moldudp64.group = 239.255.77.1", "feed.moldudp64.group", "feed.moldudp64.interface as well" },
            { "feed.moldudp64.interface = no-such-if0", "feed.moldudp64.interface", "there is no no-such-if0" },
            { "feed.moldudp64.interface = lo", "feed.moldudp64.interface", "feed.moldudp64.group as well" },
            { "http.idle.timeout = 0s", "http.idle.timeout", "above zero" },
            { "data.dir = ", "data.dir", "a directory" },
            { "aeron.dir =", "aeron.dir", "a directory" },
            { "aeron.dir = lockstep-data", "aeron.dir", "a directory apart from data.dir lockstep-data/engine" },
            { "aeron.admin.stream = 1001", "aeron.admin.stream",
                "a stream other than aeron.marketdata.stream's 1001 on aeron:ipc" },
            { "aeron.marketdata.channel = nonsense", "aeron.marketdata.channel", "an Aeron URI" },
            { "risk.rate.capacity = 10", "risk.rate.capacity", "10" },
            { "model.file = /etc/passwd", "model.file", "a model.kind that reads a file" } };
        for (final String[] c : cases)
        {
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> EngineSettings.from(ConfigFile.parse("engine.config", c[0])), c[0]);
            assertEquals(c[1], ex.key(), ex.getMessage());
            assertEquals(1, ex.line(), ex.getMessage());
            assertTrue(ex.getMessage().startsWith("engine.config:1:"), ex.getMessage());
            assertTrue(ex.getMessage().contains(c[2]), ex.getMessage());
        }
    }

    /** A run recorded on a machine with an interface this one lacks still replays and restarts its check here. */
    @Test
    void aRecordedConfigIsReadWithoutResolvingTheFeedsHostAddresses()
    {
        final String config = "feed.moldudp64.bind = 0.0.0.0:31000\nfeed.moldudp64.group = 239.255.77.1\n" +
            "feed.moldudp64.interface = no-such-if0\nfeed.moldudp64.rerequest = no-such-host.invalid:31001\n";
        final ConfigException here = assertThrows(ConfigException.class,
            () -> EngineSettings.from(ConfigFile.parse("engine.config", config)));
        assertTrue(here.getMessage().contains("there is no no-such-if0"), here.getMessage());
        final EngineSettings recorded = EngineSettings.recorded(ConfigFile.parse("engine.config", config));
        assertNull(recorded.moldUdp64Interface);
        assertNull(recorded.moldUdp64Bind);
        final ConfigException inconsistent = assertThrows(ConfigException.class, () -> EngineSettings.recorded(
            ConfigFile.parse("engine.config", "feed.moldudp64.interface = no-such-if0")));
        assertTrue(inconsistent.getMessage().contains("feed.moldudp64.group as well"), inconsistent.getMessage());
    }

    @Test
    void aLinearModelsKeysBesideAnotherModelAreRefused()
    {
        for (final String config : new String[] {
            "model.artifact = /models/a\nmodel.weights = 0.1, 0.2",
            "model.kind = xgboost-json\nmodel.file = /models/a.json\nmodel.intercept = 0.5" })
        {
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> EngineSettings.from(ConfigFile.parse("engine.config", config)), config);
            assertTrue(ex.getMessage().contains("it is read only by the linear model of the config"),
                ex.getMessage());
        }
    }

    @Test
    void whatDecidesIsComparedAsItTakesEffect()
    {
        final EngineSettings defaults = EngineSettings.from(ConfigFile.parse("a.config", ""));
        final EngineSettings spelledOut = EngineSettings.from(ConfigFile.parse("b.config",
            "strategy.threshold = 0.00060\nmodel.weights = 0.0004, 0.0004, 1e-6, -0.2\nrisk.stale.data = 1s\n" +
            "http.port = 8080"));
        assertEquals(defaults.decidingSettings(), spelledOut.decidingSettings(),
            "the defaults written out, and a setting that does not decide");
        assertNotEquals(defaults.decidingSettings(), EngineSettings.from(ConfigFile.parse("c.config",
            "risk.max.position = 7")).decidingSettings());
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheKeyAndLine()
    {
        final String[][] cases = {
            { "ring.size = 16777216", "ring.size", "heap" },
            { "ring.size = 65536\nring.slot.length = 1048576", "ring.slot.length", "heap" },
            { "journal.segment.length = 70000", "journal.segment.length", "multiple of 4096" },
            { "ring.size = 64\nring.slot.length = 131072\njournal.segment.length = 65536", "ring.slot.length",
                "largest record journal.segment.length (65536) allows" },
            { "journal.fsync.records = 1", "journal.fsync.records", "every_n_records" },
            { "journal.fsync = on_roll\njournal.fsync.records = 1", "journal.fsync.records", "every_n_records" },
            { "model.weights =", "model.weights", "at least one weight" },
            { "features.file = a\u0000b", "features.file", "a path" },
            { "data.dir = /tmp/a\u0000b", "data.dir", "a path" },
            { "http.bind =", "http.bind", "an address" },
        };
        for (final String[] c : cases)
        {
            if (c[0].equals("ring.size = 16777216") && Runtime.getRuntime().maxMemory() / 2 >= (16777216L << 10))
            {
                continue; // the largest ring.size at the default slot length (16 GiB) fits in a heap of 32 GiB
            }
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> EngineSettings.from(ConfigFile.parse("bad.config", c[0])), c[0]);
            assertEquals(c[1], ex.key(), c[0]);
            assertTrue(ex.line() > 0, c[0]);
            assertTrue(ex.getMessage().startsWith("bad.config:"), ex.getMessage());
            assertTrue(ex.getMessage().contains(c[2]), ex.getMessage());
        }
        assertEquals(7, EngineSettings.from(ConfigFile.parse("ok.config",
            "journal.fsync = every_n_records\njournal.fsync.records = 7")).fsyncRecords);
    }

    /**
     * A run's recorded engine.config is read back by replay, research and a restart: a key an earlier build
     * accepted and recorded (here one that decides nothing) must not make the whole run unreadable.
     */
    @Test
    void aRecordedConfigThatAnEarlierBuildAcceptedStillLoads()
    {
        for (final String recorded : new String[] { "journal.fsync.records = 500", "http.bind =" })
        {
            final EngineSettings run = EngineSettings.recorded(ConfigFile.parse("engine.config", recorded));
            assertEquals(new EngineSettings().decidingSettings(), run.decidingSettings(), recorded);
            assertThrows(ConfigException.class, () -> EngineSettings.from(ConfigFile.parse("c.config", recorded)),
                "refused for a start: " + recorded);
        }
    }
}
