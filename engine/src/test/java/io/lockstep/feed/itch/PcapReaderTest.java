package io.lockstep.feed.itch;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.feed.itch.ItchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class PcapReaderTest
{
    /** UDP payload of Nasdaq.Equities.TotalView.Itch.v5.0/OrderExecutedMessage.pcap, from its hex dump. */
    private static final byte[] ORDER_EXECUTED_PAYLOAD = hex(
        "30303030313030353942" +   // session "000010059B"
        "0000000000e12f71" +       // sequence 14757745
        "0001" +                   // one message
        "001f" +                   // of 31 bytes
        "450929 0002 1f1aced8f061 000000000166929a 00000019 000000000003e63b");
    private static final long ORDER_EXECUTED_CAPTURE_NS = 1_692_711_000_000_100_490L; // 58b8e464 | 8a880100

    @TempDir
    Path tempDir;

    private final List<byte[]> payloads = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();
    private final PcapReader reader = new PcapReader((buffer, offset, length, timestampNs) ->
    {
        payloads.add(copy(buffer, offset, length));
        timestamps.add(timestampNs);
    });

    @Test
    void vlanTaggedSampleWithNanosecondMagic()
    {
        // On disk: 4d3cb2a1 = a1b23c4d little-endian; frame: dst, src, 8100 008d (VLAN 141), 0800, IPv4, UDP.
        assertEquals(PcapReader.OK, reader.readFile(NASDAQ.resolve("OrderExecutedMessage.pcap")));

        assertTrue(reader.nanosecondTimestamps());
        assertEquals(ByteOrder.LITTLE_ENDIAN, reader.fileByteOrder());
        assertEquals(PcapReader.LINK_TYPE_ETHERNET, reader.linkType());
        assertEquals(262_144, reader.snapLength());
        assertEquals(1, reader.records());
        assertEquals(1, reader.udpPayloads());
        assertEquals(0, reader.totalSkipped());
        assertArrayEquals(ORDER_EXECUTED_PAYLOAD, payloads.get(0));
        assertEquals(ORDER_EXECUTED_CAPTURE_NS, timestamps.get(0));
    }

    @Test
    void sameFrameWithoutVlanTagAndMicrosecondMagic() throws IOException
    {
        final byte[] original = Files.readAllBytes(NASDAQ.resolve("OrderExecutedMessage.pcap"));
        final ByteBuffer in = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        final int capturedLength = in.getInt(24 + 8);
        final byte[] frame = new byte[capturedLength];
        System.arraycopy(original, 24 + 16, frame, 0, capturedLength);
        assertEquals(0x8100, ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF), "the sample is tagged");

        // Drop the 4 tag bytes (offsets 12..15): the frame goes on with EtherType 0800.
        final byte[] untagged = new byte[capturedLength - 4];
        System.arraycopy(frame, 0, untagged, 0, 12);
        System.arraycopy(frame, 16, untagged, 12, capturedLength - 16);

        final byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, false, new long[] { ORDER_EXECUTED_CAPTURE_NS }, untagged);
        assertEquals((byte)0xd4, file[0], "microsecond magic on disk: d4 c3 b2 a1");

        assertEquals(PcapReader.OK, reader.read(new UnsafeBuffer(file), 0, file.length));
        assertFalse(reader.nanosecondTimestamps());
        assertEquals(1, reader.udpPayloads());
        assertArrayEquals(ORDER_EXECUTED_PAYLOAD, payloads.get(0));
        assertEquals(1_692_711_000_000_100_000L, timestamps.get(0), "100490 ns written as 100 us");
    }

    @Test
    void bigEndianFileWithQinQAndIpOptions()
    {
        final byte[] payload = moldPacket("SESSION001", 7, hex("53 0000 0000 1f1acedb02f0 51"));
        final byte[] qinq = ethernet(new int[] { 0x88A8, 0x8100 }, 0x0800, ipv4(17, 0, payload));
        final byte[] options = ethernet(new int[0], 0x0800, ipv4(17, 2, payload));
        final long[] times = { 5_000_000_123L, 6_000_000_456L };
        final byte[] file = pcap(ByteOrder.BIG_ENDIAN, true, times, qinq, options);
        assertEquals((byte)0xa1, file[0]);
        assertEquals((byte)0x4d, file[3], "nanosecond magic written big-endian: a1 b2 3c 4d");

        assertEquals(PcapReader.OK, reader.read(new UnsafeBuffer(file), 0, file.length));
        assertEquals(ByteOrder.BIG_ENDIAN, reader.fileByteOrder());
        assertTrue(reader.nanosecondTimestamps());
        assertEquals(2, reader.udpPayloads());
        assertArrayEquals(payload, payloads.get(0));
        assertArrayEquals(payload, payloads.get(1));
        assertEquals(5_000_000_123L, timestamps.get(0));
        assertEquals(6_000_000_456L, timestamps.get(1));
    }

    @Test
    void framesThatAreNotIpv4UdpAreSkippedByReason()
    {
        final byte[] payload = moldPacket("SESSION001", 1, hex("53 0000 0000 1f1acedb02f0 51"));
        final byte[] good = ethernet(new int[] { 0x8100 }, 0x0800, ipv4(17, 0, payload));
        final byte[] arp = ethernet(new int[0], 0x0806, new byte[28]);
        final byte[] ipv6 = ethernet(new int[0], 0x86DD, new byte[60]);
        final byte[] tcp = ethernet(new int[0], 0x0800, ipv4(6, 0, payload));
        final byte[] fragment = ethernet(new int[0], 0x0800, ipv4(17, 0, payload));
        fragment[14 + 6] = 0x20; // more fragments
        final byte[] threeTags = ethernet(new int[] { 0x88A8, 0x8100, 0x8100 }, 0x0800, ipv4(17, 0, payload));
        final byte[] shortFrame = hex("01005e360c6f d4aff7cb20d5 08");
        final byte[] cutDatagram = ethernet(new int[0], 0x0800, ipv4(17, 0, payload));
        final byte[] cut = new byte[cutDatagram.length - 5];
        System.arraycopy(cutDatagram, 0, cut, 0, cut.length);
        final byte[] badUdpLength = ethernet(new int[0], 0x0800, ipv4(17, 0, payload));
        badUdpLength[14 + 20 + 4] = (byte)0x7f; // UDP length beyond the IP datagram
        final byte[] badIhl = ethernet(new int[0], 0x0800, ipv4(17, 0, payload));
        badIhl[14] = 0x44; // IHL 4 words = 16 bytes, below the minimum

        final byte[][] frames =
            { good, arp, ipv6, tcp, fragment, threeTags, shortFrame, cut, badUdpLength, badIhl, good };
        final long[] times = new long[frames.length];
        final byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, true, times, frames);

        assertEquals(PcapReader.OK, reader.read(new UnsafeBuffer(file), 0, file.length));
        assertEquals(11, reader.records());
        assertEquals(2, reader.udpPayloads(), "both good frames, before and after the bad ones");
        assertEquals(2, reader.skipped(PcapReader.NOT_IPV4));
        assertEquals(1, reader.skipped(PcapReader.NOT_UDP));
        assertEquals(1, reader.skipped(PcapReader.IP_FRAGMENT));
        assertEquals(1, reader.skipped(PcapReader.TOO_MANY_VLAN_TAGS));
        assertEquals(2, reader.skipped(PcapReader.TRUNCATED_FRAME));
        assertEquals(1, reader.skipped(PcapReader.BAD_UDP_HEADER));
        assertEquals(1, reader.skipped(PcapReader.BAD_IP_HEADER));
        assertEquals(9, reader.totalSkipped());
        assertEquals(6, reader.damagedFrames(), "all but the ARP, IPv6 and TCP frames may have carried the feed");
    }

    /** TCP cut short by the snap length, or fragmented, is other traffic: no feed frame was lost. */
    @Test
    void cutOrFragmentedTcpIsOtherTrafficNotADamagedFeedFrame()
    {
        final byte[] payload = moldPacket("SESSION001", 1, hex("53 0000 0000 1f1acedb02f0 51"));
        final byte[] tcp = ethernet(new int[0], 0x0800, ipv4(6, 0, payload));
        final byte[] cut = new byte[tcp.length - 5];
        System.arraycopy(tcp, 0, cut, 0, cut.length);
        final byte[] fragment = tcp.clone();
        fragment[14 + 6] = 0x20; // more fragments
        final byte[] file = pcap(ByteOrder.LITTLE_ENDIAN, true, new long[2], cut, fragment);

        assertEquals(PcapReader.OK, reader.read(new UnsafeBuffer(file), 0, file.length));
        assertEquals(2, reader.skipped(PcapReader.NOT_UDP));
        assertEquals(0, reader.damagedFrames());
    }

    @Test
    void truncatedLastRecordIsReportedAfterTheCompleteOnes() throws IOException
    {
        final byte[] original = Files.readAllBytes(NASDAQ.resolve("Multiple.Packets.pcap"));
        final byte[] cut = new byte[original.length - 100];
        System.arraycopy(original, 0, cut, 0, cut.length);
        final Path file = tempDir.resolve("cut.pcap");
        Files.write(file, cut);

        assertEquals(PcapReader.TRUNCATED_RECORD, reader.readFile(file));
        assertEquals(1, reader.truncatedRecords());
        assertEquals(1, reader.records());
        assertEquals(1, reader.udpPayloads());

        // A cut inside the 16-byte record header is truncated too.
        final byte[] headerCut = new byte[24 + 10];
        System.arraycopy(original, 0, headerCut, 0, headerCut.length);
        assertEquals(PcapReader.TRUNCATED_RECORD, reader.read(new UnsafeBuffer(headerCut), 0, headerCut.length));
        assertEquals(2, reader.truncatedRecords());
    }

    @Test
    void badFileHeadersStopTheRead()
    {
        final byte[] garbage = hex("00112233 0200 0400 00000000 00000000 00000400 01000000");
        assertEquals(PcapReader.BAD_MAGIC, reader.read(new UnsafeBuffer(garbage), 0, garbage.length));

        final byte[] shortHeader = hex("4d3cb2a1 0200 0400");
        assertEquals(PcapReader.TRUNCATED_FILE_HEADER, read(shortHeader));

        final byte[] linuxCooked = hex("4d3cb2a1 0200 0400 00000000 00000000 00000400 71000000"); // link type 113
        assertEquals(PcapReader.UNSUPPORTED_LINK_TYPE, read(linuxCooked));

        final byte[] hugeRecord = hex("4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000 " +
            "00000000 00000000 ffffff7f ffffff7f");
        assertEquals(PcapReader.RECORD_TOO_LARGE, reader.read(new UnsafeBuffer(hugeRecord), 0, hugeRecord.length));
        assertEquals(0, payloads.size());
    }

    @Test
    void fileLargerThanTheReadChunkIsReadAcrossChunkBoundaries() throws IOException
    {
        final int frames = 600;
        final byte[][] all = new byte[frames][];
        final long[] times = new long[frames];
        for (int i = 0; i < frames; i++)
        {
            // 200 filler bytes in an unknown-type message make each record about 270 bytes: 160 KB in all.
            final byte[] message = new byte[200];
            message[0] = (byte)i;
            all[i] = ethernet(new int[] { 0x8100 }, 0x0800, ipv4(17, 0, moldPacket("SESSION001", 1 + i, message)));
            times[i] = 1_000_000_000L * i + i;
        }
        final byte[] bytes = pcap(ByteOrder.LITTLE_ENDIAN, true, times, all);
        assertTrue(bytes.length > 2 * 64 * 1024);
        final Path file = tempDir.resolve("big.pcap");
        Files.write(file, bytes);

        final PcapReader smallChunks = new PcapReader(
            (buffer, offset, length, timestampNs) ->
            {
                payloads.add(copy(buffer, offset, length));
                timestamps.add(timestampNs);
            },
            64 * 1024);
        assertEquals(PcapReader.OK, smallChunks.readFile(file));
        assertEquals(frames, smallChunks.udpPayloads());
        for (int i = 0; i < frames; i++)
        {
            assertEquals((byte)i, payloads.get(i)[MoldUdp64Decoder.HEADER_LENGTH + 2]);
            assertEquals(times[i], timestamps.get(i));
        }
    }

    private int read(final byte[] file)
    {
        return reader.read(new UnsafeBuffer(file), 0, file.length);
    }
}
