package io.lockstep.tooling;

import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.monitor.Monitor;
import io.lockstep.feed.itch.BinaryFileReader;
import io.lockstep.journal.JournalReader;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine daemon on a MoldUDP64 feed over real UDP (loopback): the first 1,000 messages of the Nasdaq ITCH 5.0
 * sample in packets of 20, one packet lost on the way and one sent twice. Every message that arrived is journaled
 * once, byte for byte and in order; the loss is counted and alerts operations; the run replays and verifies.
 */
class MoldUdp64FeedTest
{
    private static final Path ITCH = Path.of("../engine/src/test/resources/data/itch50/nasdaq_itch50_first1000.itch");
    private static final int PER_PACKET = 20;
    private static final int LOST_PACKET = 10;
    private static final int REPEATED_PACKET = 20;
    private static final byte[] SESSION = "LOCKSTEP01".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    @Test
    void messagesAreJournaledOnceInOrderAndAGapAlertsOperations() throws Exception
    {
        final List<byte[]> messages = new ArrayList<>();
        new BinaryFileReader().readFile(ITCH, (buffer, offset, length) ->
        {
            final byte[] message = new byte[length];
            buffer.getBytes(offset, message);
            messages.add(message);
        });
        assertEquals(1_000, messages.size());
        final int packets = messages.size() / PER_PACKET;

        final Path data = temp.resolve("data");
        final Path config = temp.resolve("engine.config");
        Files.writeString(config, "aeron.dir = " + temp.resolve("aeron") + "\nbusiness.cpu = -1\ndata.dir = " +
            data + "\nfeed.moldudp64.bind = 127.0.0.1:0\n");
        final List<byte[]> expected = new ArrayList<>();
        final long gaps;
        final long missing;
        try (Engine engine = Engine.start(EngineSettings.from(ConfigFile.load(config)), (line) -> { });
            DatagramChannel sender = DatagramChannel.open())
        {
            final InetSocketAddress feed = engine.moldUdp64Address();
            assertEquals("127.0.0.1", feed.getAddress().getHostAddress());
            for (int packet = 0; packet < packets; packet++)
            {
                final List<byte[]> block = messages.subList(packet * PER_PACKET, (packet + 1) * PER_PACKET);
                if (packet != LOST_PACKET)
                {
                    expected.addAll(block);
                    send(sender, feed, 1 + (long)packet * PER_PACKET, block);
                }
                if (packet == REPEATED_PACKET)
                {
                    send(sender, feed, 1 + (long)packet * PER_PACKET, block);
                }
                Thread.sleep(1); // loopback UDP drops what a receive buffer cannot hold: pace the sender
            }
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (engine.counters().get(EngineCounters.EVENTS) < expected.size())
            {
                assertTrue(System.nanoTime() < deadline, "inputs: " + engine.counters().get(EngineCounters.EVENTS));
                Thread.sleep(10);
            }
            // The monitor checks once a second: wait for its line about the gap.
            final Path alerts = data.resolve(Monitor.DIRECTORY).resolve(Monitor.ALERTS_FILE);
            while (!Files.exists(alerts) || !Files.readString(alerts).contains("sequence_gap"))
            {
                assertTrue(System.nanoTime() < deadline, "no sequence_gap alert");
                Thread.sleep(50);
            }
            gaps = engine.counters().get(EngineCounters.INGRESS_FEED_GAPS);
            missing = engine.counters().get(EngineCounters.INGRESS_FEED_MISSING);
        }
        assertEquals(1, gaps);
        assertEquals(PER_PACKET, missing);

        final List<byte[]> journaled = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(data.resolve("inputs")))
        {
            int read;
            do
            {
                read = reader.poll((record) ->
                {
                    assertEquals(ProtocolTag.ITCH50, record.protocol());
                    final byte[] payload = new byte[record.payloadLength()];
                    record.buffer().getBytes(record.payloadOffset(), payload);
                    journaled.add(payload);
                }, 256);
            }
            while (read > 0);
        }
        assertEquals(expected.size(), journaled.size(), "each message that arrived once, the repeated packet too");
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), journaled.get(i), "message " + i);
        }

        final List<Map<?, ?>> gapAlerts = new ArrayList<>();
        for (final String line : Files.readAllLines(data.resolve(Monitor.DIRECTORY).resolve(Monitor.ALERTS_FILE)))
        {
            final Map<?, ?> alert = (Map<?, ?>)JsonParser.parse(line, Monitor.ALERTS_FILE);
            if (alert.get("alert").equals("sequence_gap"))
            {
                gapAlerts.add(alert);
            }
        }
        assertEquals(1, gapAlerts.size(), gapAlerts.toString());
        assertEquals("critical", gapAlerts.get(0).get("severity"));
        assertEquals("firing", gapAlerts.get(0).get("state"));
        assertTrue(gapAlerts.get(0).get("detail").toString().startsWith("20 more messages missing from the " +
            "MoldUDP64 feed"), gapAlerts.toString());

        final JournalCommandsTest.Result verify = run("replay", data.toString(), "--verify");
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
