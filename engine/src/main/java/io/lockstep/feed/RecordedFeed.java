package io.lockstep.feed;

import io.lockstep.feed.itch.BinaryFileReader;
import io.lockstep.feed.itch.ItchDecoder;
import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.itch.PcapReader;
import io.lockstep.feed.lobster.LobsterDecoder;
import io.lockstep.feed.sbe.SbeMarketDataEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A recorded feed file (LOBSTER message file, ITCH BinaryFILE or pcap) decoded once, up front, and re-encoded as
 * Lockstep SBE market data, to be published in order at a chosen rate. Each message handed out is stamped with
 * the given send time as its event time.
 */
public final class RecordedFeed
{
    private final ExpandableArrayBuffer messages = new ExpandableArrayBuffer(1 << 20);
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private int count;
    private int end;
    private int next;

    private RecordedFeed()
    {
    }

    /**
     * @param kind lobster, itch or pcap.
     * @throws IllegalArgumentException naming the file when it cannot be read whole.
     */
    public static RecordedFeed load(final String kind, final Path file, final int lobsterInstrumentId)
    {
        final RecordedFeed feed = new RecordedFeed();
        final SbeMarketDataEncoder encoder = new SbeMarketDataEncoder(feed::add);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no such feed file: " + file);
        }
        switch (kind)
        {
            case "lobster":
                feed.loadLobster(file, lobsterInstrumentId, encoder);
                break;
            case "itch":
            {
                final ItchDecoder decoder = new ItchDecoder();
                final BinaryFileReader reader = new BinaryFileReader();
                if (reader.readFile(file, (buffer, offset, length) -> decoder.decode(buffer, offset, length, encoder))
                    != BinaryFileReader.OK)
                {
                    throw new IllegalArgumentException(file + ": truncated at byte offset " +
                        reader.truncatedTailPosition());
                }
                break;
            }
            case "pcap":
            {
                final ItchDecoder decoder = new ItchDecoder();
                final PcapReader reader = new PcapReader(new MoldUdp64Decoder(
                    (buffer, offset, length, sequence, timeNs) -> decoder.decode(buffer, offset, length, encoder)));
                final int status = reader.readFile(file);
                if (status != PcapReader.OK)
                {
                    throw new IllegalArgumentException(file + ": " + PcapReader.statusName(status));
                }
                break;
            }
            default:
                throw new IllegalArgumentException("unknown feed kind '" + kind + "', expected lobster, itch or pcap");
        }
        if (feed.count == 0)
        {
            throw new IllegalArgumentException(file + ": no market-data message in it");
        }
        return feed;
    }

    private void loadLobster(final Path file, final int instrumentId, final SbeMarketDataEncoder encoder)
    {
        final List<String> rows;
        try
        {
            rows = Files.readAllLines(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        final LobsterDecoder decoder = new LobsterDecoder(instrumentId);
        final UnsafeBuffer row = new UnsafeBuffer(new byte[0]);
        for (int i = 0; i < rows.size(); i++)
        {
            final byte[] bytes = rows.get(i).getBytes(StandardCharsets.US_ASCII);
            if (bytes.length == 0)
            {
                continue;
            }
            row.wrap(bytes);
            final int status = decoder.decode(row, 0, bytes.length, encoder);
            if (status != LobsterDecoder.OK)
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": malformed LOBSTER row (" +
                    decoder.counters().reasonName(status) + ")");
            }
        }
    }

    private void add(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        messages.putBytes(end, buffer, offset, length);
        offsets[count] = end;
        lengths[count++] = length;
        end += length;
    }

    /**
     * Copy the next message into a buffer, stamped with an event time.
     *
     * @return its length, or 0 once every message has been handed out.
     */
    public int next(final MutableDirectBuffer buffer, final int offset, final long eventTimeNs)
    {
        if (next == count)
        {
            return 0;
        }
        final int length = lengths[next];
        buffer.putBytes(offset, messages, offsets[next++], length);
        buffer.putLong(offset + SbeMarketDataEncoder.EVENT_TIME_OFFSET, eventTimeNs, java.nio.ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    public int size()
    {
        return count;
    }
}
