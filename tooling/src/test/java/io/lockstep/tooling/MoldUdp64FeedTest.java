package io.lockstep.tooling;

import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.feed.itch.BinaryFileReader;
import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.net.MoldUdp64GapFiller;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.control.BooleanType;
import io.lockstep.sbe.control.FeedPositionDecoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine daemon on a MoldUDP64 feed over real UDP (loopback): the first 1,000 messages of the Nasdaq ITCH 5.0
 * sample in packets of 20, one packet lost on the way and one sent twice. Without a re-request server every message
 * that arrived is journaled once, byte for byte and in order, and the loss is counted, alerts operations and halts
 * trading through a journaled kill switch (unless configured to trade on). With
 * one (a loopback server answering from the same packets), the lost packet is asked for and journaled in its place:
 * every message, no gap, no alert. A server that never answers is asked three times, then the gap is given up as
 * without one. A multicast feed is joined on the configured interface (loopback here), and its gap filled by the
 * server's unicast answer. A restarted engine carries the feed on where its journal left it, and asks for what
 * was sent while it was down. Every run replays and verifies.
 */
class MoldUdp64FeedTest
{
    private static final Path ITCH = Path.of("../engine/src/test/resources/data/itch50/nasdaq_itch50_first1000.itch");
    private static final int PER_PACKET = 20;
    private static final int LOST_PACKET = 10;
    private static final int REPEATED_PACKET = 20;
    private static final byte[] SESSION = "LOCKSTEP01".getBytes(StandardCharsets.US_ASCII);
    private static final InetAddress GROUP = group();

    private static InetAddress group()
    {
        try
        {
            return InetAddress.getByName("239.255.77.1");
        }
        catch (final UnknownHostException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** The re-request server of a run. */
    private enum Server
    {
        NONE, ANSWERING, SILENT
    }

    /** What a run's engine counted and journaled, and whether its kill switch was engaged at the end. */
    private record Run(
        Path data, List<byte[]> journaled, List<String> controls, List<String> log, long gaps, long missing,
        long rerequests, long filled, boolean halted)
    {
    }

    /** The reason ingress journals with the kill switch it engages at the lost packet. */
    private static final String GAP_HALT = "kill switch engaged: ingress: feed gap: messages 201 to 220 of MoldUDP64 " +
        "session LOCKSTEP01 never arrived, so the books may be wrong; release the kill switch to trade on them";

    @TempDir
    Path temp;

    /** What went wrong in the re-request server's thread: each run asserts nothing did. */
    private final List<String> serverErrors = new CopyOnWriteArrayList<>();
    /** Config lines a test adds to the engine's. */
    private String moreConfig = "";

    @Test
    void messagesAreJournaledOnceInOrderAndAGapAlertsOperations() throws Exception
    {
        final List<byte[]> messages = messages();
        final Run run = feed(messages, Server.NONE, false);
        assertEquals(1, run.gaps());
        assertEquals(PER_PACKET, run.missing());
        assertEquals(0, run.rerequests());
        assertJournaled(arrived(messages), run);
        assertEquals(List.of("LOCKSTEP01:1", GAP_HALT, "LOCKSTEP01:221"), run.controls(),
            "the feed's position, journaled at its first message and after the gap, and the halt before it");
        assertTrue(run.halted(), "no order leaves the engine after the gap");
        final JournalCommandsTest.Result stats = run("journal", "stats", run.data().resolve("inputs").toString());
        assertEquals(0, stats.exitCode(), stats.err());
        for (final String line : List.of("MoldUDP64 feed (from its 2 FeedPosition records)",
            "  sessions     LOCKSTEP01", "  gaps         1, 20 messages not journaled",
            ": session LOCKSTEP01 from sequence 1\n", ": gap in LOCKSTEP01: 201..220, 20 not journaled\n"))
        {
            assertTrue(stats.out().contains(line), line + " in\n" + stats.out());
        }

        final List<Map<?, ?>> gapAlerts = gapAlerts(run.data());
        assertEquals(1, gapAlerts.size(), gapAlerts.toString());
        assertEquals("critical", gapAlerts.get(0).get("severity"));
        assertEquals("firing", gapAlerts.get(0).get("state"));
        assertTrue(gapAlerts.get(0).get("detail").toString().startsWith("20 more messages missing from the " +
            "MoldUDP64 feed"), gapAlerts.toString());
        assertReplayVerifies(run);
    }

    @Test
    void aFeedConfiguredToTradeThroughGapsIsNotHalted() throws Exception
    {
        moreConfig = "feed.moldudp64.halt.on.gap = false\n";
        final List<byte[]> messages = messages();
        final Run run = feed(messages, Server.NONE, false);
        assertEquals(1, run.gaps());
        assertJournaled(arrived(messages), run);
        assertEquals(List.of("LOCKSTEP01:1", "LOCKSTEP01:221"), run.controls(), "positions only, no halt");
        assertFalse(run.halted());
        assertEquals(1, gapAlerts(run.data()).size(), "operations hear of the gap all the same");
        assertReplayVerifies(run);
    }

    @Test
    void aGapIsFilledFromTheRerequestServerBeforeTheBooksSeeIt() throws Exception
    {
        final List<byte[]> messages = messages();
        final Run run = feed(messages, Server.ANSWERING, false);
        assertEquals(0, run.gaps(), "no gap reached the decoder");
        assertEquals(0, run.missing());
        assertEquals(1, run.rerequests());
        assertEquals(1, run.filled());
        assertJournaled(messages, run);
        assertEquals(List.of("LOCKSTEP01:1"), run.controls(), "no jump to journal, no halt");
        assertFalse(run.halted());
        assertEquals(List.of(), gapAlerts(run.data()));
        assertReplayVerifies(run);
    }

    @Test
    void aHaltOutlivesARestartAndWhatWasSentWhileDownHaltsTheRestartedEngine() throws Exception
    {
        final List<byte[]> messages = messages();
        // Packets 0 to 24 (the lost one among them) to the first start, 25 to 29 while the engine is down, 30 to 49
        // to the restarted one, without a re-request server.
        final Run run = feed(messages, Server.NONE, false, new int[][] { { 0, 25 }, { 30, 50 } });
        assertEquals(List.of("LOCKSTEP01:1", GAP_HALT, "LOCKSTEP01:221", GAP_HALT.replace("201 to 220", "501 to 600"),
            "LOCKSTEP01:601"), run.controls());
        assertTrue(run.halted());

        // Restarted once more with nothing missed, after releasing the switch: recovery replays the release too.
        final Path config = temp.resolve("engine.config");
        try (Engine engine = Engine.start(EngineSettings.from(ConfigFile.load(config)), (line) -> { }))
        {
            assertTrue(engine.counters().killSwitchEngaged(), "recovered from the journal: still halted");
            final JournalCommandsTest.Result halted = run("admin", "status", "--config", config.toString());
            assertEquals(0, halted.exitCode(), halted.err());
            assertTrue(halted.out().contains("\ntrading   no: the kill switch is engaged (its reason is among the " +
                "events)\n"), halted.out());
            assertTrue(halted.out().contains(": kill switch engaged (" + GAP_HALT.substring(
                "kill switch engaged: ".length()) + ")\n"), halted.out());
            final JournalCommandsTest.Result release = run("admin", "kill-switch", "off", "--reason",
                "books checked", "--config", config.toString());
            assertEquals(0, release.exitCode(), release.err());
            assertFalse(engine.counters().killSwitchEngaged());
            assertTrue(run("admin", "status", "--config", config.toString()).out().contains("\ntrading   yes\n"));
        }
        try (Engine engine = Engine.start(EngineSettings.from(ConfigFile.load(config)), (line) -> { }))
        {
            assertFalse(engine.counters().killSwitchEngaged(), "the release, recovered");
        }
        assertReplayVerifies(run);
    }

    @Test
    void aRestartedEngineAsksForWhatTheFeedSentWhileItWasDown() throws Exception
    {
        final List<byte[]> messages = messages();
        // Packets 0 to 24 to the first start, 25 to 29 while the engine is down, 30 to 49 to the restarted one.
        final Run run = feed(messages, Server.ANSWERING, false, new int[][] { { 0, 25 }, { 30, 50 } });
        assertTrue(run.log().contains("MoldUDP64 feed: resuming session LOCKSTEP01 at sequence 501, where the " +
            "journal left it"), run.log().toString());
        assertEquals(0, run.gaps(), "the restarted engine's decoder saw no gap");
        assertEquals(1, run.rerequests(), "the 100 messages sent while it was down, asked for");
        assertEquals(1, run.filled());
        assertJournaled(messages, run);
        assertEquals(List.of("LOCKSTEP01:1"), run.controls(), "the journal's position carried the restart");
        assertFalse(run.halted());
        assertReplayVerifies(run);
    }

    @Test
    void aGapTheServerDoesNotFillIsGivenUpAfterThreeRequests() throws Exception
    {
        final List<byte[]> messages = messages();
        final Run run = feed(messages, Server.SILENT, false);
        assertEquals(MoldUdp64GapFiller.ATTEMPTS, run.rerequests());
        assertEquals(0, run.filled());
        assertEquals(1, run.gaps());
        assertEquals(PER_PACKET, run.missing());
        assertJournaled(arrived(messages), run);
        assertEquals(List.of("LOCKSTEP01:1", GAP_HALT, "LOCKSTEP01:221"), run.controls(), "given up: halted");
        assertTrue(run.halted());
        assertEquals(1, gapAlerts(run.data()).size());
        assertReplayVerifies(run);
    }

    @Test
    void aMulticastFeedIsJoinedOnTheConfiguredInterfaceAndItsGapFilledByUnicast() throws Exception
    {
        assumeTrue(loopbackMulticastWorks(), "this machine does not deliver multicast over loopback");
        final List<byte[]> messages = messages();
        final Run run = feed(messages, Server.ANSWERING, true);
        assertEquals(0, run.gaps());
        assertEquals(1, run.filled(), "the answer is unicast to the socket that joined the group");
        assertJournaled(messages, run);
        assertReplayVerifies(run);
    }

    /** A sender whose multicast leaves on loopback, as a publisher's on the exchange's network would on its own. */
    private static DatagramChannel multicastSender() throws Exception
    {
        final DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET);
        sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("lo"));
        sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        return sender;
    }

    /** One datagram to the group over loopback, received by a socket that joined it. */
    private static boolean loopbackMulticastWorks() throws Exception
    {
        try (DatagramChannel receiver = DatagramChannel.open(StandardProtocolFamily.INET);
            DatagramChannel sender = multicastSender())
        {
            receiver.bind(new InetSocketAddress("0.0.0.0", 0));
            receiver.join(GROUP, NetworkInterface.getByName("lo"));
            receiver.configureBlocking(false);
            sender.send(ByteBuffer.wrap(SESSION), new InetSocketAddress(GROUP,
                ((InetSocketAddress)receiver.getLocalAddress()).getPort()));
            final ByteBuffer received = ByteBuffer.allocate(64);
            for (int i = 0; i < 100 && receiver.receive(received) == null; i++)
            {
                Thread.sleep(10);
            }
            return received.position() == SESSION.length;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static List<byte[]> messages() throws Exception
    {
        final List<byte[]> messages = new ArrayList<>();
        new BinaryFileReader().readFile(ITCH, (buffer, offset, length) ->
        {
            final byte[] message = new byte[length];
            buffer.getBytes(offset, message);
            messages.add(message);
        });
        assertEquals(1_000, messages.size());
        return messages;
    }

    /** Every message but the lost packet's. */
    private static List<byte[]> arrived(final List<byte[]> messages)
    {
        final List<byte[]> arrived = new ArrayList<>(messages.subList(0, LOST_PACKET * PER_PACKET));
        arrived.addAll(messages.subList((LOST_PACKET + 1) * PER_PACKET, messages.size()));
        return arrived;
    }

    private Run feed(final List<byte[]> messages, final Server server, final boolean multicast) throws Exception
    {
        return feed(messages, server, multicast, new int[][] { { 0, messages.size() / PER_PACKET } });
    }

    /**
     * @param starts for each start of the engine on the one data directory, the packets sent to it, from and to
     *               (exclusive): the packets between two starts are sent while the engine is down.
     */
    private Run feed(final List<byte[]> messages, final Server server, final boolean multicast, final int[][] starts)
        throws Exception
    {
        final Path data = temp.resolve("data");
        final Path config = temp.resolve("engine.config");
        try (DatagramChannel rerequest = DatagramChannel.open(StandardProtocolFamily.INET);
            DatagramChannel sender = multicast ? multicastSender() : DatagramChannel.open())
        {
            rerequest.bind(new InetSocketAddress("127.0.0.1", 0));
            final String receive = multicast ? "feed.moldudp64.bind = 0.0.0.0:0\nfeed.moldudp64.group = " +
                GROUP.getHostAddress() + "\nfeed.moldudp64.interface = lo\n" : "feed.moldudp64.bind = 127.0.0.1:0\n";
            // A server that answers does so in microseconds: a long timeout keeps a slow machine from asking twice.
            final String fill = server == Server.NONE ? "" : "feed.moldudp64.rerequest = 127.0.0.1:" +
                ((InetSocketAddress)rerequest.getLocalAddress()).getPort() + "\nfeed.moldudp64.rerequest.timeout = " +
                (server == Server.ANSWERING ? "5s" : "50ms") + "\n";
            Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\ndata.dir = " +
                data + "\n" + receive + fill + moreConfig);
            final Thread answering = new Thread(() -> answer(rerequest, messages), "rerequest-server");
            if (server == Server.ANSWERING)
            {
                answering.start();
            }
            final List<String> log = new CopyOnWriteArrayList<>(); // engine threads write to it
            final long[] counted = new long[4];
            boolean halted = false;
            for (final int[] packets : starts)
            {
                // Answered, every message up to the last packet sent; else only those sent, the lost one not.
                final int sent = (packets[1] - packets[0]) * PER_PACKET;
                final int expected = server == Server.ANSWERING ? packets[1] * PER_PACKET :
                    journaled(data).size() + sent - (packets[0] <= LOST_PACKET && LOST_PACKET < packets[1] ?
                    PER_PACKET : 0);
                try (Engine engine = Engine.start(EngineSettings.from(ConfigFile.load(config)), log::add))
                {
                    final InetSocketAddress bound = engine.moldUdp64Address();
                    assertEquals(multicast ? "0.0.0.0" : "127.0.0.1", bound.getAddress().getHostAddress());
                    sendPackets(sender, multicast ? new InetSocketAddress(GROUP, bound.getPort()) : bound, messages,
                        packets[0], packets[1]);
                    awaitJournaled(data, expected, server == Server.ANSWERING ? null : engine);
                    final int[] kept = { EngineCounters.INGRESS_FEED_GAPS, EngineCounters.INGRESS_FEED_MISSING,
                        EngineCounters.INGRESS_FEED_REREQUESTS, EngineCounters.INGRESS_FEED_GAPS_FILLED };
                    for (int i = 0; i < kept.length; i++)
                    {
                        counted[i] = engine.counters().get(kept[i]);
                    }
                    halted = engine.counters().killSwitchEngaged();
                }
            }
            rerequest.close();
            answering.join(10_000);
            assertEquals(List.of(), serverErrors, "the re-request server");
            return new Run(data, journaled(data), controls(data), log, counted[0], counted[1], counted[2],
                counted[3], halted);
        }
    }

    /** Packets {@code from} to {@code to} (exclusive) of 20 messages, the lost one left out, the repeated one twice. */
    private static void sendPackets(
        final DatagramChannel sender, final InetSocketAddress feed, final List<byte[]> messages, final int from,
        final int to) throws Exception
    {
        for (int packet = from; packet < to; packet++)
        {
            final long sequence = 1 + (long)packet * PER_PACKET;
            final List<byte[]> block = messages.subList(packet * PER_PACKET, (packet + 1) * PER_PACKET);
            if (packet != LOST_PACKET)
            {
                send(sender, feed, sequence, block);
            }
            if (packet == REPEATED_PACKET)
            {
                send(sender, feed, sequence, block);
            }
            Thread.sleep(1); // loopback UDP drops what a receive buffer cannot hold: pace the sender
        }
    }

    /**
     * Until the journal holds that many feed messages; with {@code gapExpected}'s engine, also until it counted
     * the gap and the monitor, which checks once a second, alerted it.
     */
    private static void awaitJournaled(final Path data, final int messages, final Engine gapExpected)
        throws Exception
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (journaled(data).size() < messages ||
            (gapExpected != null && gapExpected.counters().get(EngineCounters.INGRESS_FEED_GAPS) == 0))
        {
            assertTrue(System.nanoTime() < deadline, "journaled: " + journaled(data).size() + " of " + messages);
            Thread.sleep(10);
        }
        final Path alerts = data.resolve(Monitor.DIRECTORY).resolve(Monitor.ALERTS_FILE);
        while (gapExpected != null && (!Files.exists(alerts) || !Files.readString(alerts).contains("sequence_gap")))
        {
            assertTrue(System.nanoTime() < deadline, "no sequence_gap alert");
            Thread.sleep(50);
        }
    }

    /** A re-request server: each Request Packet is answered with the messages asked for, in packets of 20. */
    private void answer(final DatagramChannel server, final List<byte[]> messages)
    {
        final ByteBuffer request = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        try
        {
            while (true)
            {
                request.clear();
                final SocketAddress from = server.receive(request);
                request.flip();
                assertEquals(MoldUdp64Decoder.HEADER_LENGTH, request.remaining(), "a Request Packet's length");
                final byte[] session = new byte[SESSION.length];
                request.get(session);
                assertArrayEquals(SESSION, session);
                final long first = request.getLong();
                final int count = request.getShort() & 0xFFFF;
                // Message n of the sample has sequence n + 1.
                for (long sequence = first; sequence < first + count; sequence += PER_PACKET)
                {
                    final long end = Math.min(first + count, sequence + PER_PACKET);
                    send(server, (InetSocketAddress)from, sequence, messages.subList((int)sequence - 1, (int)end - 1));
                }
            }
        }
        catch (final ClosedChannelException ex)
        {
            // the run is over
        }
        catch (final Exception | AssertionError ex)
        {
            serverErrors.add(ex.toString());
        }
    }

    /** The feed messages journaled, in order (the feed positions ingress journals among them left out). */
    private static List<byte[]> journaled(final Path data)
    {
        final List<byte[]> journaled = new ArrayList<>();
        forEachInput(data, (record) ->
        {
            if (record.protocol() == ProtocolTag.ITCH50)
            {
                final byte[] payload = new byte[record.payloadLength()];
                record.buffer().getBytes(record.payloadOffset(), payload);
                journaled.add(payload);
            }
        });
        return journaled;
    }

    /**
     * The control inputs journaled: each feed position as {@code session:nextSequence}, each kill switch as {@code
     * kill switch engaged: REASON}; every other input is a feed message.
     */
    private static List<String> controls(final Path data)
    {
        final List<String> controls = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final FeedPositionDecoder position = new FeedPositionDecoder();
        final KillSwitchDecoder killSwitch = new KillSwitchDecoder();
        forEachInput(data, (record) ->
        {
            if (record.protocol() != ProtocolTag.ITCH50)
            {
                assertEquals(ProtocolTag.SBE_CONTROL, record.protocol());
                header.wrap(record.buffer(), record.payloadOffset());
                if (header.templateId() == KillSwitchDecoder.TEMPLATE_ID)
                {
                    killSwitch.wrapAndApplyHeader(record.buffer(), record.payloadOffset(), header);
                    controls.add("kill switch " + (killSwitch.engaged() == BooleanType.TRUE ? "engaged" : "released") +
                        ": " + killSwitch.reason());
                    return;
                }
                assertEquals(FeedPositionDecoder.TEMPLATE_ID, header.templateId());
                position.wrapAndApplyHeader(record.buffer(), record.payloadOffset(), header);
                controls.add(position.session() + ":" + position.nextSequence());
            }
        });
        return controls;
    }

    /** Each journaled input so far: none before the first start. */
    private static void forEachInput(final Path data, final Consumer<JournalRecord> action)
    {
        if (!Files.isDirectory(data.resolve("inputs")))
        {
            return;
        }
        try (JournalReader reader = JournalReader.open(data.resolve("inputs")))
        {
            while (reader.poll(action::accept, 256) > 0)
            {
                // drain
            }
        }
    }

    private static void assertJournaled(final List<byte[]> expected, final Run run)
    {
        assertEquals(expected.size(), run.journaled().size(), "each message once, the repeated packet's too");
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), run.journaled().get(i), "message " + i);
        }
    }

    private static List<Map<?, ?>> gapAlerts(final Path data) throws Exception
    {
        final List<Map<?, ?>> gapAlerts = new ArrayList<>();
        final Path alerts = data.resolve(Monitor.DIRECTORY).resolve(Monitor.ALERTS_FILE);
        for (final String line : Files.exists(alerts) ? Files.readAllLines(alerts) : List.<String>of())
        {
            final Map<?, ?> alert = (Map<?, ?>)JsonParser.parse(line, Monitor.ALERTS_FILE);
            if (alert.get("alert").equals("sequence_gap"))
            {
                gapAlerts.add(alert);
            }
        }
        return gapAlerts;
    }

    private static void assertReplayVerifies(final Run run)
    {
        final JournalCommandsTest.Result verify = run("replay", run.data().toString(), "--verify");
        assertEquals(0, verify.exitCode(), verify.err() + verify.out());
    }

    private static void send(
        final DatagramChannel sender, final InetSocketAddress to, final long sequence, final List<byte[]> block)
        throws Exception
    {
        final ByteBuffer packet = ByteBuffer.allocate(1500).order(ByteOrder.BIG_ENDIAN);
        packet.put(SESSION).putLong(sequence).putShort((short)block.size());
        for (final byte[] message : block)
        {
            packet.putShort((short)message.length).put(message);
        }
        packet.flip();
        assertEquals(packet.remaining(), sender.send(packet, to), Arrays.toString(SESSION));
    }
}
