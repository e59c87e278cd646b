package io.lockstep.feed;

import io.lockstep.feed.itch.BinaryFileReader;
import io.lockstep.feed.itch.ItchDecoder;
import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.itch.PcapReader;
import io.lockstep.feed.lobster.LobsterDecoder;
import io.lockstep.feed.sbe.SbeMarketDataEncoder;
import io.lockstep.util.TextLines;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recorded feed file (LOBSTER message file, ITCH BinaryFILE or pcap) decoded once, up front, and re-encoded as
 * Lockstep SBE market data, to be published in order at a chosen rate. Each message handed out is stamped with
 * the given send time as its event time. A message with no book or trade event (ITCH system event, trading
 * action, Reg SHO, ...) has no SBE market-data form and is left out, as the engine's own ITCH decoding only counts
 * it; so is an ITCH message the decoder rejects. Both are tallied by type or reason ({@link #leftOut()}).
 */
public final class RecordedFeed
{
    private final ExpandableArrayBuffer messages = new ExpandableArrayBuffer(1 << 20);
    private final Map<String, Long> noEvent = new TreeMap<>();
    private final Map<String, Long> rejected = new TreeMap<>();
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private int count;
    private int end;
    private int next;
    private long read;
    /** Messages a MoldUDP64 capture's sequence numbers say it lacks (a capture is often a sample). */
    private long missingMessages;

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
                if (reader.readFile(file, (buffer, offset, length) -> feed.decodeItch(decoder, buffer, offset, length,
                    encoder)) != BinaryFileReader.OK)
                {
                    throw new IllegalArgumentException(file + ": truncated at byte offset " +
                        reader.truncatedTailPosition());
                }
                if (reader.zeroLengthFrames() > 0)
                {
                    throw new IllegalArgumentException(file + ": " + reader.zeroLengthFrames() + " zero-length " +
                        "frames, the last at byte offset " + reader.lastZeroLengthPosition() + ": damaged there");
                }
                break;
            }
            case "pcap":
            {
                final ItchDecoder decoder = new ItchDecoder();
                final MoldUdp64Decoder mold = new MoldUdp64Decoder((buffer, offset, length, sequence, timeNs) ->
                    feed.decodeItch(decoder, buffer, offset, length, encoder));
                final PcapReader reader = new PcapReader(mold);
                final int status = reader.readFile(file);
                if (status != PcapReader.OK || reader.damagedFrames() > 0 || mold.rejects() > 0)
                {
                    throw new IllegalArgumentException(file + ": " + (status != PcapReader.OK ?
                        PcapReader.statusName(status) : reader.damagedFrames() + " frames that may have carried " +
                        "the feed skipped, " + mold.rejects() + " malformed MoldUDP64 packets"));
                }
                feed.missingMessages = mold.missingMessages();
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
            rows = TextLines.readLines(file, StandardCharsets.US_ASCII);
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
            final int before = count;
            final int status = decoder.decode(row, 0, bytes.length, encoder);
            if (status != LobsterDecoder.OK)
            {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": malformed LOBSTER row (" +
                    decoder.counters().reasonName(status) + ")");
            }
            read++;
            if (count == before)
            {
                noEvent.merge("type " + decoder.type(), 1L, Long::sum);
            }
        }
    }

    private void decodeItch(
        final ItchDecoder decoder, final DirectBuffer buffer, final int offset, final int length,
        final SbeMarketDataEncoder encoder)
    {
        final int before = count;
        final int status = decoder.decode(buffer, offset, length, encoder);
        read++;
        if (status != ItchDecoder.OK)
        {
            rejected.merge(decoder.counters().reasonName(status), 1L, Long::sum);
        }
        else if (count == before)
        {
            noEvent.merge(String.valueOf((char)buffer.getByte(offset)), 1L, Long::sum);
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

    /** @return the messages handed out, one per message of the file that is a book or trade event. */
    public int size()
    {
        return count;
    }

    /** @return the messages (or rows) the file holds, those left out included. */
    public long read()
    {
        return read;
    }

    /**
     * @return what was left out and why, by type and by reject reason, e.g. "3 H, 1 S, 3 Y: no book or trade
     * event"; empty when nothing was.
     */
    /** @return messages a pcap's MoldUDP64 sequence numbers say the capture lacks: gaps the demo plays through. */
    public long missingMessages()
    {
        return missingMessages;
    }

    public String leftOut()
    {
        final List<String> parts = new ArrayList<>(2);
        if (!noEvent.isEmpty())
        {
            parts.add(tally(noEvent) + ": no book or trade event");
        }
        if (!rejected.isEmpty())
        {
            parts.add(tally(rejected) + ": malformed");
        }
        return String.join("; ", parts);
    }

    private static String tally(final Map<String, Long> counts)
    {
        final List<String> parts = new ArrayList<>(counts.size());
        counts.forEach((what, n) -> parts.add(n + " " + what));
        return String.join(", ", parts);
    }
}
