package io.lockstep.engine;

import io.aeron.Publication;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.journal.JournalReader;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The daemon end to end over Aeron with the embedded driver: a synthetic feed in, orders out to the paper venue,
 * fills back in as journaled inputs, a malformed message counted and still journaled, and after a clean shutdown
 * journals that read back whole.
 */
class EngineEndToEndTest
{
    private static final byte[] GARBAGE = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };

    @TempDir
    Path temp;

    @Test
    void feedToOrdersToFillsAndAWholeJournal() throws Exception
    {
        final EngineSettings settings = EngineSettings.from(ConfigFile.parse("end-to-end.config",
            "model.intercept = 0.01\nmodel.weights = 0, 0, 0, 0\nrisk.max.position = 2000\n" +
            "risk.max.orders.per.second = 200\n"));
        settings.dataDir = temp.resolve("data");
        settings.aeronDir = temp.resolve("aeron").toString();
        settings.businessCpu = -1;
        final List<String> log = new ArrayList<>();

        final long orders;
        final long fills;
        final EngineCounters counters;
        try (Demo demo = Demo.start(settings, FeedPublisher.synthetic(11, 1, 5_000), 5_000, log::add))
        {
            final Publication rogue = demo.engine().aeron().addPublication(settings.marketDataChannel,
                settings.marketDataStream);
            final long deadline = System.nanoTime() + 30_000_000_000L;
            boolean injected = false;
            while (System.nanoTime() < deadline && (demo.venue().fills() < 20 || !injected ||
                demo.engine().counters().get(EngineCounters.RISK_REJECTS) == 0))
            {
                if (!injected && demo.engine().counters().get(EngineCounters.EVENTS) > 1_000)
                {
                    injected = rogue.offer(new UnsafeBuffer(GARBAGE), 0, GARBAGE.length) > 0;
                }
                Thread.sleep(10);
            }
            assertTrue(injected, "the malformed message was published");
            counters = demo.engine().counters();
            orders = counters.get(EngineCounters.ORDERS);
            fills = demo.venue().fills();
            assertTrue(demo.statusLine().contains("events/s"));
        }
        assertEquals(1, counters.get(EngineCounters.MALFORMED), "the malformed message, counted after shutdown");
        assertTrue(counters.get(EngineCounters.RISK_REJECTS) > 0, "always buying meets the position limit");
        assertTrue(orders >= 20, "orders: " + orders + " " + log);
        assertTrue(fills >= 20, "fills: " + fills);

        final long[] byProtocol = new long[16];
        final boolean[] garbageJournaled = { false };
        final byte[] payload = new byte[GARBAGE.length];
        try (JournalReader reader = JournalReader.open(settings.dataDir.resolve("inputs")))
        {
            while (reader.poll((record) ->
            {
                byProtocol[record.protocol().value()]++;
                if (record.payloadLength() == GARBAGE.length)
                {
                    record.buffer().getBytes(record.payloadOffset(), payload);
                    garbageJournaled[0] |= java.util.Arrays.equals(payload, GARBAGE);
                }
            }, 1024) > 0)
            {
                assertTrue(reader.nextSequence() > 0);
            }
            reader.checkNothingBeyondEnd();
        }
        assertTrue(byProtocol[ProtocolTag.SBE_MARKET_DATA.value()] > 500, "market data journaled");
        assertTrue(byProtocol[ProtocolTag.SBE_ORDER_ENTRY.value()] >= fills / 2, "execution reports are inputs");
        assertTrue(garbageJournaled[0], "the malformed message's bytes are in the journal");

        long decisions = 0;
        try (JournalReader reader = JournalReader.open(settings.dataDir.resolve("decisions")))
        {
            int polled;
            while ((polled = reader.poll((record) -> assertEquals(ProtocolTag.SBE_DECISION, record.protocol()), 1024))
                > 0)
            {
                decisions += polled;
            }
        }
        assertTrue(decisions > 500, "a decision record per evaluated event: " + decisions);
        assertTrue(log.stream().anyMatch((line) -> line.startsWith("business thread: ")), log.toString());
    }
}
