package io.lockstep.tooling;

import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.sbe.journal.ProtocolTag;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a whole journal, checking every record, and sums it up: counts by protocol and message type,
 * sequence and receive-time ranges, bytes.
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

    /**
     * @param formatter names message types when given; counts only protocols when null.
     */
    JournalStats(final PayloadFormatter formatter)
    {
        this.formatter = formatter;
    }

    /**
     * Read the journal to its end.
     *
     * @throws io.lockstep.journal.JournalCorruptionException at the first bad record.
     */
    JournalStats collect(final Path dir)
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            journalId = reader.journalId();
            engineVersion = reader.engineVersion();
            while (reader.poll(this::onRecord, 4096) > 0)
            {
                lastSequence = reader.nextSequence() - 1;
            }
            reader.checkNothingBeyondEnd();
        }
        return this;
    }

    private void onRecord(final JournalRecord record)
    {
        if (records++ == 0)
        {
            firstSequence = record.sequence();
        }
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
            final String type = formatter.messageType(
                protocol, record.buffer(), record.payloadOffset(), record.payloadLength());
            byMessageType.merge(protocol.name() + " " + type, 1L, Long::sum);
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
    }
}
