package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a classic pcap capture and hands the payload of every IPv4 UDP datagram, with its capture time in ns,
 * to a {@link UdpPayloadHandler} (typically a {@link MoldUdp64Decoder}). Single-threaded; allocation-free once
 * constructed, except for opening files.
 * <ul>
 * <li>File header: microsecond (a1b2c3d4) or nanosecond (a1b23c4d) magic, written in either byte order; link
 * type 1 (Ethernet) only. Anything else stops the read with {@link #BAD_MAGIC}, {@link #TRUNCATED_FILE_HEADER}
 * or {@link #UNSUPPORTED_LINK_TYPE}.</li>
 * <li>Frames: Ethernet II, then up to {@link #MAX_VLAN_TAGS} VLAN tags (802.1Q 0x8100, 802.1ad QinQ 0x88a8,
 * legacy 0x9100), IPv4 with its header length from IHL, UDP (protocol 17). No filtering on address or port.</li>
 * <li>A frame that is not such a datagram is skipped and counted by reason: {@link #NOT_IPV4},
 * {@link #NOT_UDP}, {@link #IP_FRAGMENT} (fragments are not reassembled), {@link #BAD_IP_HEADER},
 * {@link #BAD_UDP_HEADER}, {@link #TRUNCATED_FRAME} (headers or IP total length beyond the captured bytes,
 * e.g. cut by the snap length), {@link #TOO_MANY_VLAN_TAGS}.</li>
 * <li>A record header or record body cut by the end of the file is {@link #TRUNCATED_RECORD}: the read
 * stops there, counted, after delivering every complete record before it.</li>
 * </ul>
 */
public final class PcapReader
{
    // Read status
    public static final int OK = 0;
    public static final int BAD_MAGIC = 1;
    public static final int TRUNCATED_FILE_HEADER = 2;
    public static final int UNSUPPORTED_LINK_TYPE = 3;
    public static final int TRUNCATED_RECORD = 4;
    /** A record longer than the read chunk: a corrupt length, or a snap length beyond the chunk size. */
    public static final int RECORD_TOO_LARGE = 5;

    // Frame skip reasons
    public static final int NOT_IPV4 = 1;
    public static final int NOT_UDP = 2;
    public static final int IP_FRAGMENT = 3;
    public static final int BAD_IP_HEADER = 4;
    public static final int BAD_UDP_HEADER = 5;
    public static final int TRUNCATED_FRAME = 6;
    public static final int TOO_MANY_VLAN_TAGS = 7;
    public static final int SKIP_REASON_COUNT = 8;

    public static final int FILE_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;
    public static final int LINK_TYPE_ETHERNET = 1;
    public static final int MAX_VLAN_TAGS = 2;
    public static final int DEFAULT_CHUNK_LENGTH = 1024 * 1024;

    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int ETHER_TYPE_OFFSET = 12;
    private static final int ETHER_TYPE_IPV4 = 0x0800;
    private static final int ETHER_TYPE_VLAN = 0x8100;
    private static final int ETHER_TYPE_QINQ = 0x88A8;
    private static final int ETHER_TYPE_VLAN_LEGACY = 0x9100;
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    private static final int IP_PROTOCOL_UDP = 17;
    private static final int UDP_HEADER_LENGTH = 8;
    private static final ByteOrder NETWORK_ORDER = ByteOrder.BIG_ENDIAN;

    private static final String[] STATUS_NAMES =
        { "OK", "BAD_MAGIC", "TRUNCATED_FILE_HEADER", "UNSUPPORTED_LINK_TYPE", "TRUNCATED_RECORD", "RECORD_TOO_LARGE" };
    private static final String[] SKIP_NAMES =
    {
        "DELIVERED", "NOT_IPV4", "NOT_UDP", "IP_FRAGMENT", "BAD_IP_HEADER", "BAD_UDP_HEADER", "TRUNCATED_FRAME",
        "TOO_MANY_VLAN_TAGS"
    };

    private final UdpPayloadHandler handler;
    private final ByteBuffer chunkByteBuffer;
    private final UnsafeBuffer chunk;
    private final long[] skipCounts = new long[SKIP_REASON_COUNT];

    private ByteOrder fileOrder;
    private boolean nanosecondTimestamps;
    private int linkType;
    private int snapLength;
    private long records;
    private long udpPayloads;
    private long truncatedRecords;
    private boolean recordTooLarge;

    public PcapReader(final UdpPayloadHandler handler)
    {
        this(handler, DEFAULT_CHUNK_LENGTH);
    }

    /**
     * @param chunkLength read size for {@link #readFile}; bounds the largest record accepted.
     */
    public PcapReader(final UdpPayloadHandler handler, final int chunkLength)
    {
        if (chunkLength < 64 * 1024)
        {
            throw new IllegalArgumentException("chunkLength must be at least 64 KiB: " + chunkLength);
        }
        this.handler = handler;
        chunkByteBuffer = ByteBuffer.allocateDirect(chunkLength);
        chunk = new UnsafeBuffer(chunkByteBuffer);
    }

    /**
     * Read a whole capture held in memory.
     *
     * @return {@link #OK} or the reason the read stopped.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length)
    {
        final int headerStatus = readFileHeader(buffer, offset, length);
        if (headerStatus != OK)
        {
            return headerStatus;
        }
        final int remaining = length - FILE_HEADER_LENGTH;
        recordTooLarge = false;
        final int consumed = readRecords(buffer, offset + FILE_HEADER_LENGTH, remaining, Integer.MAX_VALUE);
        if (recordTooLarge)
        {
            return RECORD_TOO_LARGE;
        }
        if (consumed < remaining)
        {
            truncatedRecords++;
            return TRUNCATED_RECORD;
        }
        return OK;
    }

    /**
     * Read a capture file of any size, in chunks.
     *
     * @return {@link #OK} or the reason the read stopped.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public int readFile(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            chunkByteBuffer.clear();
            while (chunkByteBuffer.position() < FILE_HEADER_LENGTH && channel.read(chunkByteBuffer) >= 0)
            {
                // Fill at least the file header.
            }
            final int headerStatus = readFileHeader(chunk, 0, chunkByteBuffer.position());
            if (headerStatus != OK)
            {
                return headerStatus;
            }
            chunkByteBuffer.limit(chunkByteBuffer.position()).position(FILE_HEADER_LENGTH);
            chunkByteBuffer.compact();

            final int maxRecordLength = chunk.capacity();
            recordTooLarge = false;
            while (true)
            {
                final int filled = chunkByteBuffer.position();
                final int consumed = readRecords(chunk, 0, filled, maxRecordLength);
                if (recordTooLarge)
                {
                    return RECORD_TOO_LARGE;
                }
                chunkByteBuffer.limit(filled).position(consumed);
                chunkByteBuffer.compact();
                if (channel.read(chunkByteBuffer) < 0)
                {
                    break;
                }
            }
            if (chunkByteBuffer.position() > 0)
            {
                truncatedRecords++;
                return TRUNCATED_RECORD;
            }
            return OK;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("failed to read " + file, ex);
        }
    }

    /**
     * Parse the 24-byte file header, setting byte order, timestamp unit and link type for what follows.
     */
    public int readFileHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < FILE_HEADER_LENGTH)
        {
            return TRUNCATED_FILE_HEADER;
        }
        final int magic = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS)
        {
            fileOrder = ByteOrder.LITTLE_ENDIAN;
            nanosecondTimestamps = magic == MAGIC_NANOS;
        }
        else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS)
        {
            fileOrder = ByteOrder.BIG_ENDIAN;
            nanosecondTimestamps = Integer.reverseBytes(magic) == MAGIC_NANOS;
        }
        else
        {
            return BAD_MAGIC;
        }
        snapLength = buffer.getInt(offset + 16, fileOrder);
        // The upper bits may carry FCS information; the link type is the low 16 bits.
        linkType = buffer.getInt(offset + 20, fileOrder) & 0xFFFF;
        if (linkType != LINK_TYPE_ETHERNET)
        {
            return UNSUPPORTED_LINK_TYPE;
        }
        return OK;
    }

    /**
     * Deliver every complete record in the bytes (after the file header).
     *
     * @return bytes consumed; fewer than {@code length} means an incomplete record at the end.
     */
    private int readRecords(final DirectBuffer buffer, final int offset, final int length, final int maxRecordLength)
    {
        int consumed = 0;
        while (length - consumed >= RECORD_HEADER_LENGTH)
        {
            final int recordOffset = offset + consumed;
            final long seconds = buffer.getInt(recordOffset, fileOrder) & 0xFFFF_FFFFL;
            final long fraction = buffer.getInt(recordOffset + 4, fileOrder) & 0xFFFF_FFFFL;
            final long capturedLength = buffer.getInt(recordOffset + 8, fileOrder) & 0xFFFF_FFFFL;
            if (capturedLength > maxRecordLength - RECORD_HEADER_LENGTH)
            {
                recordTooLarge = true;
                break;
            }
            if (length - consumed - RECORD_HEADER_LENGTH < capturedLength)
            {
                break;
            }
            final long timestampNs = seconds * 1_000_000_000L + (nanosecondTimestamps ? fraction : fraction * 1000L);
            records++;
            onFrame(buffer, recordOffset + RECORD_HEADER_LENGTH, (int)capturedLength, timestampNs);
            consumed += RECORD_HEADER_LENGTH + (int)capturedLength;
        }
        return consumed;
    }

    private void onFrame(
        final DirectBuffer buffer, final int frameOffset, final int capturedLength, final long timestampNs)
    {
        final int end = frameOffset + capturedLength;
        if (capturedLength < ETHERNET_HEADER_LENGTH)
        {
            skip(TRUNCATED_FRAME);
            return;
        }

        int etherType = buffer.getShort(frameOffset + ETHER_TYPE_OFFSET, NETWORK_ORDER) & 0xFFFF;
        int position = frameOffset + ETHERNET_HEADER_LENGTH;
        int tags = 0;
        while (etherType == ETHER_TYPE_VLAN || etherType == ETHER_TYPE_QINQ || etherType == ETHER_TYPE_VLAN_LEGACY)
        {
            if (++tags > MAX_VLAN_TAGS)
            {
                skip(TOO_MANY_VLAN_TAGS);
                return;
            }
            if (end - position < VLAN_TAG_LENGTH)
            {
                skip(TRUNCATED_FRAME);
                return;
            }
            // Tag control information (2 bytes), then the encapsulated EtherType.
            etherType = buffer.getShort(position + 2, NETWORK_ORDER) & 0xFFFF;
            position += VLAN_TAG_LENGTH;
        }
        if (etherType != ETHER_TYPE_IPV4)
        {
            skip(NOT_IPV4);
            return;
        }

        if (end - position < IPV4_MIN_HEADER_LENGTH)
        {
            skip(TRUNCATED_FRAME);
            return;
        }
        final int versionAndIhl = buffer.getByte(position) & 0xFF;
        if ((versionAndIhl >>> 4) != 4)
        {
            skip(NOT_IPV4);
            return;
        }
        final int ipHeaderLength = (versionAndIhl & 0x0F) * 4;
        final int ipTotalLength = buffer.getShort(position + 2, NETWORK_ORDER) & 0xFFFF;
        if (ipHeaderLength < IPV4_MIN_HEADER_LENGTH || ipTotalLength < ipHeaderLength)
        {
            skip(BAD_IP_HEADER);
            return;
        }
        // Before the truncation and fragment checks: a cut or fragmented TCP frame is other traffic, not feed lost.
        if ((buffer.getByte(position + 9) & 0xFF) != IP_PROTOCOL_UDP)
        {
            skip(NOT_UDP);
            return;
        }
        // Ethernet pads short frames, so the IP total length, not the frame, bounds the datagram.
        if (ipTotalLength > end - position)
        {
            skip(TRUNCATED_FRAME);
            return;
        }
        final int flagsAndFragmentOffset = buffer.getShort(position + 6, NETWORK_ORDER) & 0xFFFF;
        if ((flagsAndFragmentOffset & 0x3FFF) != 0)
        {
            skip(IP_FRAGMENT);
            return;
        }

        final int udpOffset = position + ipHeaderLength;
        final int ipEnd = position + ipTotalLength;
        if (ipEnd - udpOffset < UDP_HEADER_LENGTH)
        {
            skip(BAD_UDP_HEADER);
            return;
        }
        final int udpLength = buffer.getShort(udpOffset + 4, NETWORK_ORDER) & 0xFFFF;
        if (udpLength < UDP_HEADER_LENGTH || udpLength > ipEnd - udpOffset)
        {
            skip(BAD_UDP_HEADER);
            return;
        }

        udpPayloads++;
        handler.onUdpPayload(buffer, udpOffset + UDP_HEADER_LENGTH, udpLength - UDP_HEADER_LENGTH, timestampNs);
    }

    private void skip(final int reason)
    {
        skipCounts[reason]++;
    }

    /**
     * @return records (captured frames) read.
     */
    public long records()
    {
        return records;
    }

    /**
     * @return UDP payloads handed to the handler.
     */
    public long udpPayloads()
    {
        return udpPayloads;
    }

    /**
     * @param reason one of {@link #NOT_IPV4} to {@link #TOO_MANY_VLAN_TAGS}.
     */
    public long skipped(final int reason)
    {
        return reason > 0 && reason < SKIP_REASON_COUNT ? skipCounts[reason] : 0;
    }

    /**
     * @return frames skipped that may have carried feed data: IP fragments (not reassembled), bad IP or UDP
     * headers, truncated frames and frames of more VLAN tags than read. Frames that are not IPv4 or not UDP are
     * other traffic on the wire.
     */
    public long damagedFrames()
    {
        return totalSkipped() - skipCounts[NOT_IPV4] - skipCounts[NOT_UDP];
    }

    public long totalSkipped()
    {
        long total = 0;
        for (int i = 1; i < SKIP_REASON_COUNT; i++)
        {
            total += skipCounts[i];
        }
        return total;
    }

    public long truncatedRecords()
    {
        return truncatedRecords;
    }

    /**
     * @return true if the last file header read had the nanosecond magic.
     */
    public boolean nanosecondTimestamps()
    {
        return nanosecondTimestamps;
    }

    /**
     * @return byte order of the last file header read, or null before one was read.
     */
    public ByteOrder fileByteOrder()
    {
        return fileOrder;
    }

    public int linkType()
    {
        return linkType;
    }

    public int snapLength()
    {
        return snapLength;
    }

    public static String statusName(final int status)
    {
        return status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "UNKNOWN(" + status + ")";
    }

    public static String skipReasonName(final int reason)
    {
        return reason >= 0 && reason < SKIP_REASON_COUNT ? SKIP_NAMES[reason] : "UNKNOWN(" + reason + ")";
    }
}
