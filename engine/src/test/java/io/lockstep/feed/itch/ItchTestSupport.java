package io.lockstep.feed.itch;

import io.lockstep.feed.MarketDataListener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared test data paths, byte builders (MoldUDP64 packets, Ethernet/IPv4/UDP frames, pcap files) and a
 * recording listener. Tests allocate freely; only the code under test has to be allocation-free.
 */
final class ItchTestSupport
{
    /** Maven runs tests with the module directory as working directory. */
    static final Path ITCH_DATA = Path.of("src/test/resources/data/itch50");
    static final Path BINARY_FILE = ITCH_DATA.resolve("nasdaq_itch50_first1000.itch");
    static final Path PCAPS = ITCH_DATA.resolve("omi-pcaps");
    static final Path NASDAQ = PCAPS.resolve("Nasdaq.Equities.TotalView.Itch.v5.0");
    static final Path NASDAQ_20230822 = PCAPS.resolve("Nasdaq.Equities.TotalView.Itch.v5.0.20230822");
    static final Path BX_20230822 = PCAPS.resolve("Bx.Equities.TotalView.Itch.v5.0.20230822");

    private ItchTestSupport()
    {
    }

    /**
     * One ITCH message as delivered by the pcap / MoldUDP64 framing, copied out of the reader's buffer.
     */
    record Captured(byte[] bytes, long sequence, long timestampNs)
    {
    }

    static byte[] hex(final String text)
    {
        final String digits = text.replaceAll("\\s+", "");
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static UnsafeBuffer buffer(final byte[] bytes)
    {
        return new UnsafeBuffer(bytes);
    }

    static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    /**
     * Every ITCH message of a capture, in order, through PcapReader and MoldUdp64Decoder.
     */
    static List<Captured> pcapMessages(final Path file)
    {
        final List<Captured> messages = new ArrayList<>();
        final MoldUdp64Decoder mold = new MoldUdp64Decoder(
            (buffer, offset, length, sequence, timestampNs) ->
                messages.add(new Captured(copy(buffer, offset, length), sequence, timestampNs)));
        final int status = new PcapReader(mold).readFile(file);
        if (status != PcapReader.OK)
        {
            throw new AssertionError(file + ": " + PcapReader.statusName(status));
        }
        return messages;
    }

    // ---- MoldUDP64 ----

    static byte[] moldPacket(final String session, final long sequence, final int count, final byte[]... messages)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer header = ByteBuffer.allocate(MoldUdp64Decoder.HEADER_LENGTH).order(ByteOrder.BIG_ENDIAN);
        header.put(session.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, MoldUdp64Decoder.SESSION_LENGTH);
        header.putLong(sequence).putShort((short)count);
        out.writeBytes(header.array());
        for (final byte[] message : messages)
        {
            out.write(message.length >>> 8);
            out.write(message.length);
            out.writeBytes(message);
        }
        return out.toByteArray();
    }

    static byte[] moldPacket(final String session, final long sequence, final byte[]... messages)
    {
        return moldPacket(session, sequence, messages.length, messages);
    }

    // ---- frames and pcap files ----

    /**
     * IPv4 (optionally with {@code optionWords} 4-byte option words, so IHL > 5) carrying UDP or another protocol.
     */
    static byte[] ipv4(final int protocol, final int optionWords, final byte[] udpPayload)
    {
        final int ipHeaderLength = 20 + 4 * optionWords;
        final int udpLength = 8 + udpPayload.length;
        final ByteBuffer ip = ByteBuffer.allocate(ipHeaderLength + udpLength).order(ByteOrder.BIG_ENDIAN);
        ip.put((byte)(0x40 | (ipHeaderLength / 4))).put((byte)0).putShort((short)(ipHeaderLength + udpLength));
        ip.putShort((short)0).putShort((short)0x4000); // identification, don't fragment
        ip.put((byte)64).put((byte)protocol).putShort((short)0);
        ip.put(new byte[] { 10, 0, 0, 1 }).put(new byte[] { (byte)233, 54, 12, 111 });
        for (int i = 0; i < optionWords; i++)
        {
            ip.putInt(0x01010101); // NOP options
        }
        ip.putShort((short)12345).putShort((short)26477).putShort((short)udpLength).putShort((short)0);
        ip.put(udpPayload);
        return ip.array();
    }

    /**
     * Ethernet II frame with the given VLAN tag protocol identifiers (0x8100, 0x88a8; none for an untagged frame).
     */
    static byte[] ethernet(final int[] tagTypes, final int etherType, final byte[] payload)
    {
        final ByteBuffer frame =
            ByteBuffer.allocate(14 + 4 * tagTypes.length + payload.length).order(ByteOrder.BIG_ENDIAN);
        frame.put(hex("01 00 5e 36 0c 6f")).put(hex("d4 af f7 cb 20 d5"));
        for (final int tagType : tagTypes)
        {
            frame.putShort((short)tagType).putShort((short)141);
        }
        frame.putShort((short)etherType).put(payload);
        return frame.array();
    }

    /**
     * A classic pcap file, link type Ethernet.
     *
     * @param order           byte order of the headers.
     * @param nanos           nanosecond magic, else microsecond.
     * @param timestampsNs    capture time of each frame in ns (written truncated to us for the microsecond magic).
     */
    static byte[] pcap(final ByteOrder order, final boolean nanos, final long[] timestampsNs, final byte[]... frames)
    {
        int total = PcapReader.FILE_HEADER_LENGTH;
        for (final byte[] frame : frames)
        {
            total += PcapReader.RECORD_HEADER_LENGTH + frame.length;
        }
        final ByteBuffer file = ByteBuffer.allocate(total).order(order);
        file.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0);
        file.putInt(262144).putInt(PcapReader.LINK_TYPE_ETHERNET);
        for (int i = 0; i < frames.length; i++)
        {
            final long seconds = timestampsNs[i] / 1_000_000_000L;
            final long nanosOfSecond = timestampsNs[i] % 1_000_000_000L;
            file.putInt((int)seconds).putInt((int)(nanos ? nanosOfSecond : nanosOfSecond / 1000));
            file.putInt(frames[i].length).putInt(frames[i].length).put(frames[i]);
        }
        return file.array();
    }

    /**
     * Remembers the last listener call of each kind and counts all calls.
     */
    static final class RecordingListener implements MarketDataListener
    {
        int calls;
        String last;
        long eventTimeNs;
        int instrumentId;
        long orderId;
        long newOrderId;
        byte side;
        long price;
        long quantity;
        long matchId;
        String symbol;
        int priceExponent;

        public void onInstrument(
            final long eventTimeNs,
            final int instrumentId,
            final DirectBuffer symbol,
            final int symbolOffset,
            final int symbolLength,
            final int priceExponent)
        {
            record("instrument", eventTimeNs, instrumentId);
            this.symbol = symbol.getStringWithoutLengthAscii(symbolOffset, symbolLength);
            this.priceExponent = priceExponent;
        }

        public void onAddOrder(
            final long eventTimeNs,
            final int instrumentId,
            final long orderId,
            final byte side,
            final long price,
            final long quantity)
        {
            record("add", eventTimeNs, instrumentId);
            this.orderId = orderId;
            this.side = side;
            this.price = price;
            this.quantity = quantity;
        }

        public void onOrderCancel(
            final long eventTimeNs, final int instrumentId, final long orderId, final long quantity)
        {
            record("cancel", eventTimeNs, instrumentId);
            this.orderId = orderId;
            this.quantity = quantity;
        }

        public void onOrderDelete(final long eventTimeNs, final int instrumentId, final long orderId)
        {
            record("delete", eventTimeNs, instrumentId);
            this.orderId = orderId;
        }

        public void onOrderExecute(
            final long eventTimeNs,
            final int instrumentId,
            final long orderId,
            final long quantity,
            final long price,
            final long matchId)
        {
            record("execute", eventTimeNs, instrumentId);
            this.orderId = orderId;
            this.quantity = quantity;
            this.price = price;
            this.matchId = matchId;
        }

        public void onOrderReplace(
            final long eventTimeNs,
            final int instrumentId,
            final long originalOrderId,
            final long newOrderId,
            final long price,
            final long quantity)
        {
            record("replace", eventTimeNs, instrumentId);
            this.orderId = originalOrderId;
            this.newOrderId = newOrderId;
            this.price = price;
            this.quantity = quantity;
        }

        public void onTrade(
            final long eventTimeNs,
            final int instrumentId,
            final long price,
            final long quantity,
            final byte aggressorSide,
            final long matchId)
        {
            record("trade", eventTimeNs, instrumentId);
            this.price = price;
            this.quantity = quantity;
            this.side = aggressorSide;
            this.matchId = matchId;
        }

        private void record(final String kind, final long eventTimeNs, final int instrumentId)
        {
            calls++;
            last = kind;
            this.eventTimeNs = eventTimeNs;
            this.instrumentId = instrumentId;
        }
    }
}
