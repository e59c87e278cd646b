package io.lockstep.feed;

import io.lockstep.feed.sbe.SbeMarketDataDecoder;
import io.lockstep.feed.sbe.SbeMarketDataEncoder;
import io.lockstep.sbe.md.AddOrderDecoder;
import io.lockstep.sbe.md.InstrumentDefinitionDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Recorded files re-encoded as Lockstep SBE for the demo's publisher: every book message of the file becomes one
 * SBE message that decodes again, stamped with the send time given; every other one is counted with why.
 */
class RecordedFeedTest
{
    @TempDir
    Path temp;

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
        final long[] directory = play(RecordedFeed.load("itch",
            DATA.resolve("itch50/nasdaq_itch50_first1000.itch"), 1));
        assertEquals(993, directory[InstrumentDefinitionDecoder.TEMPLATE_ID], "one definition per stock directory");

        final long[] packets = play(RecordedFeed.load("pcap",
            DATA.resolve("itch50/omi-pcaps/Nasdaq.Equities.TotalView.Itch.v5.0/Multiple.Packets.pcap"), 1));
        assertEquals(38, packets[AddOrderDecoder.TEMPLATE_ID], "36 A and 2 F messages");
    }

    @Test
    void whatIsLeftOutIsCountedWithWhy() throws Exception
    {
        final Path sample = DATA.resolve("itch50/nasdaq_itch50_first1000.itch");
        final RecordedFeed itch = RecordedFeed.load("itch", sample, 1);
        assertEquals(1_000, itch.read());
        assertEquals(993, itch.size());
        assertEquals("3 H, 1 S, 3 Y: no book or trade event", itch.leftOut());

        // A message of the wrong length for its type is rejected by the decoder: left out too, and said so.
        final Path damaged = temp.resolve("damaged.itch");
        Files.write(damaged, Files.readAllBytes(sample));
        Files.write(damaged, new byte[] { 0, 3, 'S', 0, 0 }, StandardOpenOption.APPEND);
        final RecordedFeed withReject = RecordedFeed.load("itch", damaged, 1);
        assertEquals(1_001, withReject.read());
        assertEquals("3 H, 1 S, 3 Y: no book or trade event; 1 LENGTH_MISMATCH: malformed", withReject.leftOut());

        final RecordedFeed lobster = RecordedFeed.load("lobster",
            DATA.resolve("lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv"), 7);
        assertEquals(lobster.size(), lobster.read());
        assertEquals("", lobster.leftOut());
    }

    @Test
    void badFilesAreRefusedNamingThem()
    {
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> RecordedFeed.load("lobster", DATA.resolve("nope.csv"), 1));
        assertTrue(missing.getMessage().contains("no such feed file"), missing.getMessage());
        final IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
            () -> RecordedFeed.load("fix",
                DATA.resolve("lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv"), 1));
        assertTrue(kind.getMessage().contains("unknown feed kind 'fix'"), kind.getMessage());
    }
}
