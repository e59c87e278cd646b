package io.lockstep.tooling;

import io.lockstep.engine.FeedPosition;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a whole journal, checking every record, and sums it up: counts by protocol and message type,
 * sequence and receive-time ranges, bytes; and, for an engine's input journal with a MoldUDP64 feed, every place
 * the feed's messages do not follow on (gaps left unfilled, oversized messages left out, session changes), from its
 * FeedPosition records.
 */
final class JournalStats
{
    final Map<String, Long> byProtocol = new TreeMap<>();
    final Map<String, Long> byMessageType = new TreeMap<>();
    private final PayloadFormatter formatter;
    String journalId;
    String engineVersion;
    long records;
    long firstSequence = -1;
    long lastSequence = -1;
    long minReceiveTimeNs = Long.MAX_VALUE;
    long maxReceiveTimeNs = Long.MIN_VALUE;
    long payloadBytes;
    long frameBytes;
    Path lastFile;
    int segments;
    /** Files named like segments among the journal's that are not part of it, so never read. */
    List<Path> unreadSegmentFiles = List.of();
    /** Where the feed did not follow on; the first {@link #FEED_EVENTS_LISTED} are listed. */
    final List<String> feedEvents = new ArrayList<>();
    final Set<String> feedSessions = new LinkedHashSet<>();
    long feedPositions;
    long feedEventCount;
    long feedGaps;
    long feedMissing;
    private final FeedPosition feed;
    private static final int FEED_EVENTS_LISTED = 20;

    /**
     * @param formatter names message types and follows the MoldUDP64 feed when given; when null (a verify), only
     *                  checks and counts the records, by protocol.
     */
    JournalStats(final PayloadFormatter formatter)
    {
        this.formatter = formatter;
        this.feed = formatter == null ? null : new FeedPosition(this::onFeedPosition);
    }

    /**
     * Read the journal to its end.
     *
     * @throws io.lockstep.journal.JournalCorruptionException at the first bad record; the records before it are
     * summed up.
     */
    JournalStats collect(final Path dir)
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            journalId = reader.journalId();
            engineVersion = reader.engineVersion();
            while (reader.poll(this::onRecord, 4096) > 0)
            {
                // onRecord sums up each record as it is read
            }
            reader.checkNothingBeyondEnd();
            unreadSegmentFiles = reader.unreadSegmentFiles();
        }
        return this;
    }

    private void onRecord(final JournalRecord record)
    {
        if (records++ == 0)
        {
            firstSequence = record.sequence();
        }
        lastSequence = record.sequence(); // per record: what was read stays summed up when a later one is bad
        if (!record.file().equals(lastFile))
        {
            lastFile = record.file();
            segments++;
        }
        minReceiveTimeNs = Math.min(minReceiveTimeNs, record.receiveTimeNs());
        maxReceiveTimeNs = Math.max(maxReceiveTimeNs, record.receiveTimeNs());
        payloadBytes += record.payloadLength();
        frameBytes += record.frameLength();
        final ProtocolTag protocol = record.protocol();
        byProtocol.merge(protocol.name(), 1L, Long::sum);
        if (formatter != null)
        {
            feed.onRecord(record);
            final String type = formatter.messageType(
                protocol, record.buffer(), record.payloadOffset(), record.payloadLength());
            byMessageType.merge(protocol.name() + " " + type, 1L, Long::sum);
        }
    }

    private void onFeedPosition(
        final JournalRecord record,
        final DirectBuffer previousSession,
        final long expected,
        final DirectBuffer session,
        final long next)
    {
        feedPositions++;
        final String name = session.getStringWithoutLengthAscii(0, session.capacity());
        final String previous = previousSession.getStringWithoutLengthAscii(0, previousSession.capacity());
        feedSessions.add(name);
        final String what;
        if (next == 0)
        {
            what = "messages without sequence numbers follow";
        }
        else if (expected == 0)
        {
            what = "session " + name + " from sequence " + next;
        }
        else if (!name.equals(previous))
        {
            what = "session " + name + " from sequence " + next + ", after session " + previous + " up to " +
                (expected - 1);
        }
        else if (next > expected)
        {
            feedGaps++;
            feedMissing += next - expected;
            what = "gap in " + name + ": " + expected + (next - expected == 1 ? "" : ".." + (next - 1)) + ", " +
                (next - expected) + " not journaled";
        }
        else if (next < expected)
        {
            what = name + " back to sequence " + next + " after " + (expected - 1);
        }
        else
        {
            return; // it follows on: nothing to report
        }
        feedEventCount++;
        if (feedEvents.size() < FEED_EVENTS_LISTED)
        {
            feedEvents.add(String.format("input %d at %s: %s", record.sequence(),
                Instant.ofEpochSecond(0, record.receiveTimeNs()), what));
        }
    }

    void print(final PrintWriter out, final Path dir)
    {
        out.printf("journal        %s%n", dir);
        out.printf("journal id     %s%n", journalId);
        out.printf("written by     lockstep %s%n", engineVersion);
        out.printf("segments       %d with records%n", segments);
        out.printf("records        %,d%n", records);
        if (records > 0)
        {
            out.printf("sequences      %d .. %d%n", firstSequence, lastSequence);
            out.printf("receive time   %s .. %s (%.3f s)%n", Instant.ofEpochSecond(0, minReceiveTimeNs),
                Instant.ofEpochSecond(0, maxReceiveTimeNs), (maxReceiveTimeNs - minReceiveTimeNs) / 1e9);
            out.printf("payload bytes  %,d (mean %.1f per record)%n", payloadBytes, (double)payloadBytes / records);
            out.printf("frame bytes    %,d (with envelope, length and CRC)%n", frameBytes);
        }
        out.println("by protocol");
        byProtocol.forEach((name, count) -> out.printf("  %-44s %,12d%n", name, count));
        if (formatter != null)
        {
            out.println("by message type");
            byMessageType.forEach((name, count) -> out.printf("  %-44s %,12d%n", name, count));
        }
        if (feedPositions > 0)
        {
            out.printf("MoldUDP64 feed (from its %,d FeedPosition records)%n", feedPositions);
            out.printf("  sessions     %s%n", String.join(", ", feedSessions));
            out.printf("  gaps         %,d, %,d messages not journaled (lost, or oversized and left out)%n", feedGaps,
                feedMissing);
            feedEvents.forEach((event) -> out.printf("  %s%n", event));
            if (feedEventCount > feedEvents.size())
            {
                out.printf("  (%,d more not listed)%n", feedEventCount - feedEvents.size());
            }
        }
    }
}
