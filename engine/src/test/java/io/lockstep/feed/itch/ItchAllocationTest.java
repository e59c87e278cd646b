package io.lockstep.feed.itch;

import io.lockstep.feed.MarketDataListener;
import io.lockstep.testing.AllocationWindows;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.lockstep.feed.itch.ItchTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding sits on the business thread: pcap, MoldUDP64, BinaryFILE framing and the ITCH decoder must not
 * allocate per message. Measured with {@link AllocationWindows} after a warm-up, asking for {@value #ZERO_WINDOWS}
 * consecutive windows with zero bytes.
 */
class ItchAllocationTest
{
    private static final int WARM_UP_PASSES = 2_000;
    private static final int WINDOW_PASSES = 500;
    private static final int MAX_WINDOWS = 10;
    private static final int ZERO_WINDOWS = 3;

    private final ItchDecoder decoder = new ItchDecoder();
    private final MarketDataListener listener = new NoOpListener();

    @Test
    void pcapMoldUdp64AndItchDecodingAllocateNothing() throws IOException
    {
        // Every anonymised capture (sequence 0, so replaying them again and again is never a duplicate) in one
        // in-memory pcap: 16 message types, 178 packets of one message (README: 56 BX + 71 Nasdaq + 51 PSX).
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(PCAPS))
        {
            walk.filter((path) -> path.toString().endsWith(".pcap"))
                .filter((path) -> path.getParent().toString().endsWith(".20230822"))
                .sorted()
                .forEach(files::add);
        }
        for (final Path file : files)
        {
            final byte[] bytes = Files.readAllBytes(file);
            all.write(bytes, all.size() == 0 ? 0 : PcapReader.FILE_HEADER_LENGTH,
                all.size() == 0 ? bytes.length : bytes.length - PcapReader.FILE_HEADER_LENGTH);
        }
        final byte[] capture = all.toByteArray();
        final UnsafeBuffer buffer = new UnsafeBuffer(capture);
        final MoldUdp64Decoder mold = new MoldUdp64Decoder(this::onMessage);
        final PcapReader reader = new PcapReader(mold);

        for (int i = 0; i < WARM_UP_PASSES; i++)
        {
            assertEquals(PcapReader.OK, reader.read(buffer, 0, capture.length));
        }
        final long perPass = decoder.counters().totalDecoded() / WARM_UP_PASSES;
        assertEquals(178, perPass);

        final List<Long> windows = AllocationWindows.measure(() ->
        {
            for (int i = 0; i < WINDOW_PASSES; i++)
            {
                reader.read(buffer, 0, capture.length);
            }
        }, ZERO_WINDOWS, MAX_WINDOWS);
        final long messagesPerWindow = WINDOW_PASSES * perPass;
        assertTrue(AllocationWindows.endsWithZeros(windows, ZERO_WINDOWS),
            "bytes per window of " + messagesPerWindow + " messages: " + windows);
        assertEquals(0, decoder.counters().totalRejects());
    }

    @Test
    void binaryFileFramingAndDecodingAllocateNothing() throws IOException
    {
        final byte[] bytes = Files.readAllBytes(BINARY_FILE);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final BinaryFileReader reader = new BinaryFileReader();
        final ItchMessageHandler handler = this::onMessage;

        for (int i = 0; i < WARM_UP_PASSES / 10; i++)
        {
            assertEquals(BinaryFileReader.OK, reader.read(buffer, 0, bytes.length, handler));
        }

        final List<Long> windows = AllocationWindows.measure(() ->
        {
            for (int i = 0; i < WINDOW_PASSES / 10; i++)
            {
                reader.read(buffer, 0, bytes.length, handler);
            }
        }, ZERO_WINDOWS, MAX_WINDOWS);
        assertTrue(AllocationWindows.endsWithZeros(windows, ZERO_WINDOWS), "bytes allocated per window: " + windows);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        decoder.decode(buffer, offset, length, listener);
    }

    private void onMessage(
        final DirectBuffer buffer, final int offset, final int length, final long sequence, final long timestampNs)
    {
        decoder.decode(buffer, offset, length, listener);
    }

    private static final class NoOpListener implements MarketDataListener
    {
        long sum;

        public void onInstrument(
            final long eventTimeNs,
            final int instrumentId,
            final DirectBuffer symbol,
            final int symbolOffset,
            final int symbolLength,
            final int priceExponent)
        {
            sum += instrumentId + symbol.getByte(symbolOffset);
        }

        public void onAddOrder(
            final long eventTimeNs,
            final int instrumentId,
            final long orderId,
            final byte side,
            final long price,
            final long quantity)
        {
            sum += orderId + price + quantity;
        }

        public void onOrderCancel(
            final long eventTimeNs, final int instrumentId, final long orderId, final long quantity)
        {
            sum += orderId + quantity;
        }

        public void onOrderDelete(final long eventTimeNs, final int instrumentId, final long orderId)
        {
            sum += orderId;
        }

        public void onOrderExecute(
            final long eventTimeNs,
            final int instrumentId,
            final long orderId,
            final long quantity,
            final long price,
            final long matchId)
        {
            sum += orderId + quantity + matchId;
        }

        public void onOrderReplace(
            final long eventTimeNs,
            final int instrumentId,
            final long originalOrderId,
            final long newOrderId,
            final long price,
            final long quantity)
        {
            sum += newOrderId + price;
        }

        public void onTrade(
            final long eventTimeNs,
            final int instrumentId,
            final long price,
            final long quantity,
            final byte aggressorSide,
            final long matchId)
        {
            sum += price + quantity + matchId;
        }
    }
}
