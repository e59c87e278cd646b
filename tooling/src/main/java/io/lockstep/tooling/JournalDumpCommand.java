package io.lockstep.tooling;

import io.lockstep.journal.JournalCorruptionException;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(
    name = "dump",
    header = "Print journal records, one per line, SBE payloads decoded field by field.",
    mixinStandardHelpOptions = true,
    description = "Print journal records, one per line, as text or CSV. Payloads are shown as the engine decodes " +
        "them by their protocol tag (SBE field by field, text escaped, anything else as hex), naming those it would " +
        "reject. Every record is checked first: a bad one stops the dump with an error (exit 1), or, at a torn last " +
        "record (a crash mid-write), after everything before it (exit 3).")
final class JournalDumpCommand implements Callable<Integer>
{
    enum Format
    {
        text, csv
    }

    @Parameters(paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path dir;

    @Option(names = "--format", defaultValue = "text", description = "text or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--from", paramLabel = "SEQ", description = "First sequence to print (found via the index).")
    Long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last sequence to print.")
    Long to;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N records.")
    Long limit;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final PayloadFormatter formatter = new PayloadFormatter();
    private PrintWriter out;
    private long printed;

    public Integer call()
    {
        final long first = OptionValues.oneOrMore(from != null ? from : 1, "--from", "a record sequence");
        final long last = OptionValues.oneOrMore(to != null ? to : Long.MAX_VALUE, "--to", "a record sequence");
        final long maxRecords = OptionValues.notNegative(limit != null ? limit : Long.MAX_VALUE, "--limit",
            "a number of records");
        if (first > last)
        {
            throw new IllegalArgumentException("--from " + first + " is after --to " + last + ": nothing to print");
        }
        out = spec.commandLine().getOut();
        if (format == Format.csv)
        {
            out.println("sequence,receive_time_ns,source_id,protocol,payload_length,crc32c,file,file_offset," +
                "message_type,content");
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            if (from != null && !reader.seek(from))
            {
                reader.checkNothingBeyondEnd(); // records after a hole are a damaged journal, not its end
                throw new IllegalArgumentException("journal " + dir + " ends before sequence " + from +
                    " (next sequence " + reader.nextSequence() + ")");
            }
            while (reader.nextSequence() <= last && printed < maxRecords)
            {
                if (reader.poll(this::print, 1) == 0)
                {
                    reader.checkNothingBeyondEnd();
                    break;
                }
                out.flush();
            }
        }
        catch (final JournalCorruptionException ex)
        {
            if (!ex.isTornTail())
            {
                throw ex;
            }
            out.flush(); // what a crash mid-write leaves: the records before it are whole, and printed
            spec.commandLine().getErr().println("lockstep journal dump: the journal ends in a torn record (a crash " +
                "mid-write); the dump covers everything before it: " + LockstepCli.oneLine(ex));
            return JournalVerifyCommand.TORN_TAIL;
        }
        out.flush();
        return 0;
    }

    private void print(final JournalRecord record)
    {
        printed++;
        final String type = formatter.messageType(
            record.protocol(), record.buffer(), record.payloadOffset(), record.payloadLength());
        final String content = formatter.render(
            record.protocol(), record.buffer(), record.payloadOffset(), record.payloadLength());
        if (format == Format.csv)
        {
            out.printf("%d,%d,%d,%s,%d,%08x,%s,%d,%s,%s%n", record.sequence(), record.receiveTimeNs(),
                record.sourceId(), record.protocol(), record.payloadLength(), record.checksum(),
                csv(record.file().getFileName().toString()), record.fileOffset(), csv(type), csv(content));
        }
        else
        {
            out.printf("seq=%d recv=%s src=%d %s len=%d crc=%08x %s: %s%n", record.sequence(),
                Instant.ofEpochSecond(0, record.receiveTimeNs()), record.sourceId(), record.protocol(),
                record.payloadLength(), record.checksum(), type, content);
        }
    }

    private static String csv(final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0)
        {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
