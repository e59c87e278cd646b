package io.lockstep.feed.itch;

import io.lockstep.feed.itch.ItchTestSupport.RecordingListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.lockstep.feed.itch.ItchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Message counts by type for the real samples equal the counts documented in src/test/resources/data/README.md
 * (which copies the shared data set's README).
 */
class ItchSampleCountsTest
{
    /** file under omi-pcaps/ -> packets and ITCH messages by type, as documented. */
    private static final Map<String, String> DOCUMENTED = new LinkedHashMap<>();
    private static final String BX = "Bx.Equities.TotalView.Itch.v5.0.20230822/";
    private static final String PSX = "Psx.Equities.TotalView.Itch.v5.0.20230822/";

    static
    {
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0/AddOrderNoMpidAttributionMessage.pcap", "1 A:1");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0/OrderDeleteMessage.pcap", "1 D:1");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0/OrderReplaceMessage.pcap", "1 U:1");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/AddOrderMpidAttributionMessage.pcap", "5 F:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/AddOrderNoMpidAttributionMessage.pcap", "5 A:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/NonCrossTradeMessage.pcap", "5 P:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/OrderCancelMessage.pcap", "5 X:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/OrderDeleteMessage.pcap", "5 D:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/OrderExecutedMessage.pcap", "5 E:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/OrderExecutedWithPriceMessage.pcap", "5 C:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/OrderReplaceMessage.pcap", "5 U:5");
        DOCUMENTED.put(BX + "RegShoShortSalePriceTestRestrictedIndicatorMessage.pcap", "5 Y:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/RetailInterestMessage.pcap", "5 N:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/StockTradingActionMessage.pcap", "5 H:5");
        DOCUMENTED.put("Bx.Equities.TotalView.Itch.v5.0.20230822/SystemEventMessage.pcap", "1 S:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/AddOrderNoMpidAttributionMessage.pcap", "1 A:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/MarketParticipantPositionMessage.pcap", "1 L:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/Multiple.Packets.pcap", "2 A:36 D:1 F:2");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/NetOrderImbalanceIndicatorMessage.pcap", "1 I:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/OrderDeleteMessage.pcap", "1 D:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/OrderExecutedMessage.pcap", "1 E:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/OrderReplaceMessage.pcap", "1 U:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0/StockTradingActionMessage.pcap", "1 H:1");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/AddOrderNoMPID.pcap", "5 A:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/AddOrderWithMPID.pcap", "5 F:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/CrossTrade.pcap", "5 Q:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/LULDAuctionCollar.pcap", "5 J:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/MarketParticipantPosition.pcap", "5 L:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/NetOrderImbalanceIndicator.pcap", "5 I:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/NonCrossTrade.pcap", "5 P:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/OrderCancel.pcap", "5 X:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/OrderDelete.pcap", "5 D:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/OrderExecuted.pcap", "5 E:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/OrderExecutedWithPrice.pcap", "5 C:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/OrderReplace.pcap", "5 U:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/RegSHORestriction.pcap", "5 Y:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/StockTradingAction.pcap", "5 H:5");
        DOCUMENTED.put("Nasdaq.Equities.TotalView.Itch.v5.0.20230822/SystemEvent.pcap", "1 S:1");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/AddOrderNoMpidAttributionMessage.pcap", "5 A:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/AddOrderWithMpidAttributionMessage.pcap", "5 F:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/OrderCancelMessage.pcap", "5 X:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/OrderDeleteMessage.pcap", "5 D:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/OrderExecutedMessage.pcap", "5 E:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/OrderExecutedWithPriceMessage.pcap", "5 C:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/OrderReplaceMessage.pcap", "5 U:5");
        DOCUMENTED.put(PSX + "RegShoShortSalePriceTestRestrictedIndicatorMessage.pcap", "5 Y:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/StockTradingActionMessage.pcap", "5 H:5");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/SystemEventMessage.pcap", "1 S:1");
        DOCUMENTED.put("Psx.Equities.TotalView.Itch.v5.0.20230822/TradeMessageNon-cross.pcap", "5 P:5");
    }

    @Test
    void binaryFileHasTheDocumentedThousandMessages()
    {
        final ItchDecoder decoder = new ItchDecoder();
        final RecordingListener listener = new RecordingListener();
        final BinaryFileReader reader = new BinaryFileReader();

        final int status = reader.readFile(
            BINARY_FILE, (buffer, offset, length) -> decoder.decode(buffer, offset, length, listener));

        assertEquals(BinaryFileReader.OK, status);
        assertEquals(1000, reader.messages());
        assertEquals(0, reader.zeroLengthFrames());
        assertEquals(0, reader.truncatedTails());
        assertEquals(40874, reader.position());
        assertEquals("H:3 R:993 S:1 Y:3", counts(decoder));
        assertEquals(1000, decoder.counters().totalDecoded());
        assertEquals(0, decoder.counters().totalRejects());
        assertEquals(993, listener.calls, "one onInstrument per Stock Directory, nothing else drives the listener");
    }

    @Test
    void everyPcapHasTheDocumentedPacketsAndMessagesByType() throws IOException
    {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(PCAPS))
        {
            files = walk.filter((path) -> path.toString().endsWith(".pcap")).sorted().toList();
        }
        assertEquals(49, files.size());

        final ItchDecoder total = new ItchDecoder();
        final RecordingListener listener = new RecordingListener();
        long packets = 0;
        for (final Path file : files)
        {
            final String name = PCAPS.relativize(file).toString().replace('\\', '/');
            final String documented = DOCUMENTED.get(name);
            assertNotNull(documented, "not in the documented table: " + name);

            final ItchDecoder decoder = new ItchDecoder();
            final MoldUdp64Decoder mold = new MoldUdp64Decoder(
                (buffer, offset, length, sequence, timestampNs) ->
                {
                    decoder.decode(buffer, offset, length, listener);
                    total.decode(buffer, offset, length, listener);
                });
            final PcapReader pcap = new PcapReader(mold);

            assertEquals(PcapReader.OK, pcap.readFile(file), name);
            assertEquals(0, pcap.totalSkipped(), name);
            assertEquals(0, mold.rejects(), name);
            assertEquals(0, decoder.counters().totalRejects(), name);
            assertEquals(documented, pcap.udpPayloads() + " " + counts(decoder), name);
            packets += pcap.udpPayloads();
        }

        assertEquals(190, packets);
        assertEquals(227, total.counters().totalDecoded());
        assertEquals(
            "A:53 C:15 D:18 E:16 F:17 H:16 I:6 J:5 L:6 N:5 P:15 Q:5 S:3 U:17 X:15 Y:15", counts(total));
        for (final char absent : "RVWKhBO".toCharArray())
        {
            assertEquals(0, total.counters().decodedCount(absent), "type " + absent);
        }
    }

    /**
     * Non-zero counts sorted by type letter, the README's notation: "A:36 D:1 F:2".
     */
    static String counts(final ItchDecoder decoder)
    {
        final Map<Character, Long> byType = new TreeMap<>();
        for (final char type : ItchMessageType.ALL_TYPES.toCharArray())
        {
            if (decoder.counters().decodedCount(type) > 0)
            {
                byType.put(type, decoder.counters().decodedCount(type));
            }
        }
        final StringBuilder sb = new StringBuilder();
        byType.forEach((type, count) -> sb.append(sb.length() == 0 ? "" : " ").append(type).append(':').append(count));
        return sb.toString();
    }
}
