package io.lockstep.feed;

import io.lockstep.feed.sbe.SbeMarketDataDecoder;
import io.lockstep.feed.sbe.SbeMarketDataEncoder;
import io.lockstep.sbe.md.AddOrderDecoder;
import io.lockstep.sbe.md.InstrumentDefinitionDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recorded files re-encoded as Lockstep SBE for the demo's publisher: every book message of the file becomes one
 * SBE message that decodes again, stamped with the send time given.
 */
class RecordedFeedTest
{
    private static final Path DATA = Path.of("src/test/resources/data");

    private static long[] play(final RecordedFeed feed)
    {
        final long[] byTemplate = new long[16];
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final SbeMarketDataDecoder decoder = new SbeMarketDataDecoder();
        int length;
        long time = 1_000;
        while ((length = feed.next(buffer, 0, time)) > 0)
        {
            assertEquals(SbeMarketDataDecoder.OK, decoder.decode(buffer, 0, length, MarketDataListener.IGNORE));
            assertEquals(time, buffer.getLong(SbeMarketDataEncoder.EVENT_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN));
            byTemplate[buffer.getShort(2, ByteOrder.LITTLE_ENDIAN)]++;
            time += 10;
        }
        return byTemplate;
    }

    @Test
    void lobsterRowsBecomeSbeMessages()
    {
        final RecordedFeed feed = RecordedFeed.load("lobster",
            DATA.resolve("lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv"), 7);
        assertEquals(999, feed.size());
        final long[] byTemplate = play(feed);
        assertEquals(471, byTemplate[AddOrderDecoder.TEMPLATE_ID], "type 1 submissions");
        assertEquals(999, java.util.Arrays.stream(byTemplate).sum());
    }

    @Test
    void itchDirectoryAndPcapOrderFlow()
    {
        final long[] directory = play(RecordedFeed.load("itch", DATA.resolve("itch50/nasdaq_itch50_first1000.itch"), 1));
        assertEquals(993, directory[InstrumentDefinitionDecoder.TEMPLATE_ID], "one definition per stock directory");

        final long[] packets = play(RecordedFeed.load("pcap",
            DATA.resolve("itch50/omi-pcaps/Nasdaq.Equities.TotalView.Itch.v5.0/Multiple.Packets.pcap"), 1));
        assertEquals(38, packets[AddOrderDecoder.TEMPLATE_ID], "36 A and 2 F messages");
    }

    @Test
    void badFilesAreRefusedNamingThem()
    {
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> RecordedFeed.load("lobster", DATA.resolve("nope.csv"), 1));
        assertTrue(missing.getMessage().contains("no such feed file"), missing.getMessage());
        final IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
            () -> RecordedFeed.load("fix", DATA.resolve("lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv"), 1));
        assertTrue(kind.getMessage().contains("unknown feed kind 'fix'"), kind.getMessage());
    }
}
