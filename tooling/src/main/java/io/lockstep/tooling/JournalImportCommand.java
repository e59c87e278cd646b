package io.lockstep.tooling;

import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.csv.CsvSeriesReader;
import io.lockstep.feed.itch.BinaryFileReader;
import io.lockstep.feed.itch.ItchDecoder;
import io.lockstep.feed.itch.MoldUdp64Decoder;
import io.lockstep.feed.itch.MoldUdp64Handler;
import io.lockstep.feed.itch.PcapReader;
import io.lockstep.feed.lobster.LobsterDecoder;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.md.InstrumentDefinitionEncoder;
import io.lockstep.util.DirectoryTree;
import io.lockstep.util.TextLines;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Turns a file feed into a journal through the same framing code the engine uses live: every message the
 * framing yields is journaled as it is, with its protocol tag, so research can start from files.
 */
@Command(
    name = "import",
    header = "Write a file feed (ITCH, pcap, LOBSTER, CSV) into a new journal.",
    mixinStandardHelpOptions = true,
    description = {
        "Write a file feed into a new journal, message by message, through the feed's own framing.",
        "KIND:PATH is itch:FILE (Nasdaq BinaryFILE), pcap:FILE (Ethernet/VLAN/IPv4/UDP/MoldUDP64/ITCH 5.0),",
        "lobster:MESSAGE_FILE (LOBSTER message file) or csv:FILE (bars with open/high/low/close, or ticks with a",
        "price column; converted to Lockstep SBE Bar/Trade messages). Problems in the input are reported with",
        "where they are and exit non-zero. ITCH messages, MoldUDP64 payloads and LOBSTER rows are journaled as",
        "read, malformed ones included (the engine rejects them with a reason, as live); frames that are not",
        "IPv4/UDP/MoldUDP64 are skipped and counted; the whole messages before a truncation stay. A text file that",
        "is not ASCII (LOBSTER) or UTF-8 (CSV), or a CSV row that cannot be converted, stops the import and leaves",
        "no journal.",
        "CSV: a time column (timestamp_utc, timestamp, time, datetime or date: ISO-8601, a date-time taken as UTC,",
        "a date, or seconds since the epoch), then bars (open, high, low, close; volume, size or qty if present) or",
        "ticks (price, or --column; size, volume or qty; side B/S).",
        "Exit 0: imported; 1: stopped by an error, or rows flagged (journaled as read); 4: the pcap's MoldUDP64",
        "sequence has gaps (journal kept; --allow-gaps for 0)." })
final class JournalImportCommand implements Callable<Integer>
{
    static final int GAPS = 4;

    @Option(names = "--feed", required = true, paramLabel = "KIND:PATH", description = "The feed to import.")
    String feed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New journal directory.")
    Path out;

    @Option(names = "--instrument", defaultValue = "1", paramLabel = "ID",
        description = "Instrument id of a LOBSTER file (ITCH uses its stock locate codes). Default: ${DEFAULT-VALUE}.")
    int instrument;

    @Option(names = "--symbol", paramLabel = "SYMBOL",
        description = "Symbol of a CSV series, up to 16 characters (default: the file name up to its first _ or .).")
    String symbol;

    @Option(names = "--price-exponent", defaultValue = "-4", paramLabel = "E",
        description = "CSV prices are stored as mantissa x 10^E, exactly (default: ${DEFAULT-VALUE}).")
    int priceExponent;

    @Option(names = "--column", paramLabel = "NAME", description = "CSV tick price column (default: price).")
    String column;

    @Option(names = "--allow-gaps", description = "Exit 0 even when the pcap's MoldUDP64 sequence has gaps.")
    boolean allowGaps;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private JournalWriter writer;
    private final UnsafeBuffer rowBuffer = new UnsafeBuffer(new byte[0]);
    private long imported;

    public Integer call() throws IOException
    {
        final int colon = feed.indexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("--feed " + feed + ": expected KIND:PATH with KIND itch, pcap, " +
                "lobster or csv");
        }
        final String kind = feed.substring(0, colon);
        if (!List.of("itch", "pcap", "lobster", "csv").contains(kind))
        {
            throw new IllegalArgumentException("--feed " + feed + ": unknown kind '" + kind +
                "', expected itch, pcap, lobster or csv");
        }
        OptionValues.instrumentId(instrument, "--instrument");
        final Path path = Path.of(feed.substring(colon + 1));
        if (!Files.isRegularFile(path))
        {
            throw new IllegalArgumentException("--feed " + feed + ": " + (Files.isDirectory(path) ?
                path + " is a directory, not a file" : "no such file " + path));
        }
        if (Files.isDirectory(out))
        {
            try (var entries = Files.list(out))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalArgumentException("--out " + out + " exists and is not empty");
                }
            }
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter stderr = spec.commandLine().getErr();
        final Path created = firstMissing(out);
        final int exitCode;
        try (JournalWriter journal = JournalWriter.open(out, new JournalConfig().log(stdout::println)))
        {
            writer = journal;
            switch (kind)
            {
                case "itch": exitCode = importItch(path, stdout, stderr); break;
                case "pcap": exitCode = importPcap(path, stdout, stderr); break;
                case "lobster": exitCode = importLobster(path, stdout, stderr); break;
                default: exitCode = importCsv(path, stdout); break;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Stopped short: remove the journal, so that the next attempt can use the same --out.
            removeJournal(created);
            throw ex;
        }
        stdout.printf("journal %s: %,d records; see: lockstep journal stats %s%n", out, imported, out);
        return exitCode;
    }

    /** @return the outermost of {@code dir} and its parents that does not exist yet, or null when it exists. */
    private static Path firstMissing(final Path dir)
    {
        Path missing = null;
        for (Path path = dir.toAbsolutePath(); path != null && !Files.exists(path); path = path.getParent())
        {
            missing = path;
        }
        return missing;
    }

    /**
     * Remove what this import wrote: the directories it created, or, in an --out that existed (empty, as checked),
     * what it wrote there; never a directory that was there before.
     */
    private void removeJournal(final Path created)
    {
        if (created != null)
        {
            DirectoryTree.delete(created);
            return;
        }
        if (Files.isDirectory(out))
        {
            try (var entries = Files.list(out))
            {
                entries.forEach(DirectoryTree::delete);
            }
            catch (final IOException | UncheckedIOException ex)
            {
                // Best effort, as DirectoryTree: the import's own error is the one to report.
            }
        }
    }

    private void append(final ProtocolTag protocol, final long receiveTimeNs, final int sourceId,
        final DirectBuffer buffer, final int offset, final int length)
    {
        writer.append(writer.nextSequence(), receiveTimeNs, sourceId, protocol, buffer, offset, length);
        imported++;
    }

    /** An ITCH message's own timestamp (ns since midnight), or 0 when the message is too short to have one. */
    private static long itchTimestamp(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 11)
        {
            return 0;
        }
        long nanos = 0;
        for (int i = 5; i < 11; i++)
        {
            nanos = (nanos << 8) | (buffer.getByte(offset + i) & 0xFF);
        }
        return nanos;
    }

    private int importItch(final Path path, final PrintWriter stdout, final PrintWriter stderr)
    {
        final ItchDecoder validator = new ItchDecoder();
        final BinaryFileReader reader = new BinaryFileReader();
        final int status = reader.readFile(path, (buffer, offset, length) ->
        {
            validator.decode(buffer, offset, length, MarketDataListener.IGNORE);
            append(ProtocolTag.ITCH50, itchTimestamp(buffer, offset, length), 1, buffer, offset, length);
        });
        stdout.printf("itch %s: %,d messages (%,d zero-length frames skipped)%n", path, reader.messages(),
            reader.zeroLengthFrames());
        final int invalid = reportItchRejects(validator, stderr, path);
        if (status != BinaryFileReader.OK)
        {
            stderr.printf("lockstep journal import: %s: truncated at byte offset %d: the last %d bytes are not a " +
                "whole message; every message before it was imported%n", path, reader.truncatedTailPosition(),
                reader.truncatedTailBytes());
            return 1;
        }
        if (reader.zeroLengthFrames() > 0)
        {
            // An ITCH message is at least 12 bytes: a zero length is damage (zeroed bytes), and what it hid is gone.
            stderr.printf("lockstep journal import: %s: %,d zero-length frames, the last at byte offset %d: the " +
                "file is damaged there; every whole message was imported%n", path, reader.zeroLengthFrames(),
                reader.lastZeroLengthPosition());
            return 1;
        }
        if (reader.messages() == 0)
        {
            throw new IllegalArgumentException(path + ": no ITCH message in it"); // and no empty journal left
        }
        return invalid > 0 ? 1 : 0;
    }

    private int importPcap(final Path path, final PrintWriter stdout, final PrintWriter stderr)
    {
        final ItchDecoder validator = new ItchDecoder();
        final MoldUdp64Decoder mold = new MoldUdp64Decoder(new MoldUdp64Handler()
        {
            public void onMessage(
                final DirectBuffer buffer, final int offset, final int length, final long sequence, final long timeNs)
            {
                validator.decode(buffer, offset, length, MarketDataListener.IGNORE);
                append(ProtocolTag.ITCH50, timeNs, 2, buffer, offset, length);
            }

            public void onGap(final DirectBuffer session, final int sessionOffset, final long expected,
                final long received)
            {
                stderr.printf("lockstep journal import: %s: MoldUDP64 gap in session %s: expected sequence %d, " +
                    "received %d (%d messages missing from the capture)%n", path,
                    session.getStringWithoutLengthAscii(sessionOffset, 10).trim(), expected, received,
                    received - expected);
            }
        });
        final PcapReader pcap = new PcapReader(mold);
        final int status = pcap.readFile(path);
        stdout.printf("pcap %s: %,d records, %,d UDP payloads, %,d MoldUDP64 packets, %,d messages, " +
            "%,d heartbeats, %,d duplicate packets (%,d messages) skipped as duplicates, %,d frames skipped%s%n",
            path, pcap.records(), pcap.udpPayloads(), mold.packets(), mold.messages(), mold.heartbeats(),
            mold.duplicatePackets(), mold.duplicateMessages(), pcap.totalSkipped(), skipped(pcap));
        final int invalid = reportItchRejects(validator, stderr, path);
        if (status != PcapReader.OK)
        {
            stderr.printf("lockstep journal import: %s: %s after %,d records; every whole record before it was " +
                "imported%n", path, PcapReader.statusName(status), pcap.records());
            return 1;
        }
        if (mold.rejects() > 0)
        {
            stderr.printf("lockstep journal import: %s: %,d malformed MoldUDP64 packets rejected%n", path,
                mold.rejects());
            return 1;
        }
        if (pcap.damagedFrames() > 0)
        {
            stderr.printf("lockstep journal import: %s: %,d frames that may have carried the feed were skipped%s: " +
                "their messages were not imported%n", path, pcap.damagedFrames(), skipped(pcap));
            return 1;
        }
        if (mold.gaps() > 0)
        {
            stderr.printf("lockstep journal import: %s: %,d sequence gaps, %,d messages missing%n", path, mold.gaps(),
                mold.missingMessages());
            return allowGaps ? invalid > 0 ? 1 : 0 : GAPS;
        }
        return invalid > 0 ? 1 : 0;
    }

    /** Why frames were skipped, by reason: an IP fragment is not reassembled, and its messages are not imported. */
    private static String skipped(final PcapReader pcap)
    {
        final StringBuilder reasons = new StringBuilder();
        for (int reason = PcapReader.NOT_IPV4; reason < PcapReader.SKIP_REASON_COUNT; reason++)
        {
            if (pcap.skipped(reason) > 0)
            {
                reasons.append(reasons.length() == 0 ? " (" : ", ").append(PcapReader.skipReasonName(reason))
                    .append(' ').append(String.format("%,d", pcap.skipped(reason)));
            }
        }
        return reasons.length() == 0 ? "" : reasons.append(')').toString();
    }

    private static int reportItchRejects(final ItchDecoder validator, final PrintWriter stderr, final Path path)
    {
        final long rejects = validator.counters().totalRejects();
        if (rejects > 0)
        {
            final StringBuilder reasons = new StringBuilder();
            for (int reason = 1; reason < validator.counters().reasonCount(); reason++)
            {
                if (validator.counters().rejects(reason) > 0)
                {
                    reasons.append(reasons.length() > 0 ? ", " : "").append(validator.counters().reasonName(reason))
                        .append(' ').append(validator.counters().rejects(reason));
                }
            }
            stderr.printf("lockstep journal import: %s: %,d messages are not valid ITCH 5.0 (%s); they are " +
                "journaled as read and the engine will reject them with these reasons%n", path, rejects, reasons);
        }
        return (int)Math.min(Integer.MAX_VALUE, rejects);
    }

    private int importLobster(final Path path, final PrintWriter stdout, final PrintWriter stderr) throws IOException
    {
        final List<String> rows = TextLines.readLines(path, StandardCharsets.US_ASCII);
        final LobsterDecoder check = new LobsterDecoder(instrument);
        int malformed = 0;
        int backInTime = 0;
        long previousTimeNs = Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++)
        {
            final String row = rows.get(i);
            if (row.isEmpty() && i == rows.size() - 1)
            {
                break;
            }
            final byte[] bytes = row.getBytes(StandardCharsets.US_ASCII);
            rowBuffer.wrap(bytes);
            final int status = check.decode(rowBuffer, 0, bytes.length, MarketDataListener.IGNORE);
            if (i == 0 && status == LobsterDecoder.FIELD_COUNT)
            {
                throw new IllegalArgumentException(path + ":1: not a LOBSTER message file: its first row has " +
                    row.split(",", -1).length + " fields, a message row has 6 (time, type, order id, size, price, " +
                    "direction; an order-book file has 4 per level)");
            }
            if (status != LobsterDecoder.OK && malformed++ < 10)
            {
                stderr.printf("lockstep journal import: %s:%d: malformed LOBSTER row (%s): %s%n", path, i + 1,
                    check.counters().reasonName(status), row);
            }
            final long eventTimeNs = status == LobsterDecoder.OK ? check.timeNs() : 0;
            if (status == LobsterDecoder.OK && eventTimeNs < previousTimeNs && backInTime++ < 10)
            {
                stderr.printf("lockstep journal import: %s:%d: time goes back from the row before: %s%n", path,
                    i + 1, row);
            }
            previousTimeNs = status == LobsterDecoder.OK ? eventTimeNs : previousTimeNs;
            append(ProtocolTag.LOBSTER, eventTimeNs, 3, rowBuffer, 0, bytes.length);
        }
        stdout.printf("lobster %s: %,d rows, instrument %d%n", path, imported, instrument);
        if (malformed > 0 || backInTime > 0)
        {
            stderr.printf("lockstep journal import: %s: malformed rows: %,d, rows going back in time: %,d; " +
                "journaled as read, the engine will reject the malformed ones%n", path, malformed, backInTime);
            return 1;
        }
        if (imported == 0)
        {
            throw new IllegalArgumentException(path + ": no LOBSTER row in it"); // and no empty journal left
        }
        return 0;
    }

    private int importCsv(final Path path, final PrintWriter stdout) throws IOException
    {
        // The file name up to its first '_' or '.': MSFT_2000-09-27_2001-09-27_daily_ohlcv.csv is MSFT.
        final String name = symbol != null ? symbol : path.getFileName().toString().split("[_.]", 2)[0];
        if (name.isEmpty() || name.length() > InstrumentDefinitionEncoder.symbolLength())
        {
            throw new IllegalArgumentException((symbol != null ? "--symbol '" + symbol + "'" : "the symbol '" + name +
                "' taken from the file name") + ": expected 1 to " + InstrumentDefinitionEncoder.symbolLength() +
                " characters" + (symbol != null ? "" : "; give --symbol"));
        }
        final CsvSeriesReader reader = new CsvSeriesReader(instrument, name, priceExponent, column);
        reader.read(path, (buffer, offset, length, eventTimeNs) ->
            append(ProtocolTag.SBE_MARKET_DATA, eventTimeNs, 4, buffer, offset, length));
        stdout.printf("csv %s: %,d %s as SBE market data, instrument %d, price exponent %d%n", path, reader.rows(),
            reader.isBars() ? "bars" : "ticks", instrument, priceExponent);
        return 0;
    }
}
