package io.lockstep.tooling;

import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.zip.CRC32C;

/**
 * The main job on an embedded default, until the engine lands: a journal round trip of seeded synthetic
 * market data. Writes the journal, reads every record back with full checks, compares a digest of all
 * payloads, and prints the journal's statistics.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Journal round trip: write seeded synthetic market data (Lockstep SBE) into a new journal, " +
        "read it back with every check, compare payload digests, print its statistics.")
final class DemoCommand implements Callable<Integer>
{
    private static final int SOURCE_ID = 1;

    @Option(names = "--out", paramLabel = "DIR",
        description = "New journal directory (default: lockstep-data/demo-<time>). Must not exist or be empty.")
    Path out;

    @Option(names = "--events", defaultValue = "1000000", description = "Events to write (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic market (default: ${DEFAULT-VALUE}).")
    long seed;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final CRC32C readDigest = new CRC32C();
    private final byte[] scratch = new byte[256];

    public Integer call() throws Exception
    {
        if (events < 1)
        {
            throw new IllegalArgumentException("--events must be at least 1: " + events);
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        final Path dir = out != null ? out : Path.of("lockstep-data",
            "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.isDirectory(dir))
        {
            try (var entries = Files.list(dir))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalArgumentException("--out " + dir + " exists and is not empty");
                }
            }
        }

        final SyntheticMarketData market = new SyntheticMarketData(
            seed, 1, 34_200_000_000_000L, 50_000L, 100_0000L);
        final SystemEpochNanoClock clock = new SystemEpochNanoClock();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final CRC32C writeDigest = new CRC32C();

        final long writeStart = System.nanoTime();
        final long nextSequence;
        try (JournalWriter writer = JournalWriter.open(dir, new JournalConfig().log(stdout::println)))
        {
            for (long i = 0; i < events; i++)
            {
                final int length = market.next(buffer, 0);
                writeDigest.update(buffer.byteArray(), 0, length);
                writer.append(writer.nextSequence(), clock.nanoTime(), SOURCE_ID, ProtocolTag.SBE_MARKET_DATA,
                    buffer, 0, length);
            }
            nextSequence = writer.nextSequence();
        }
        final long writeNs = System.nanoTime() - writeStart;

        final long readStart = System.nanoTime();
        long read = 0;
        try (JournalReader reader = JournalReader.open(dir))
        {
            int polled;
            while ((polled = reader.poll(this::digest, 4096)) > 0)
            {
                read += polled;
            }
            reader.checkNothingBeyondEnd();
        }
        final long readNs = System.nanoTime() - readStart;

        stdout.printf("wrote %,d events to %s in %.1f ms (%,.0f events/s)%n", events, dir, writeNs / 1e6,
            events * 1e9 / writeNs);
        stdout.printf("read back %,d records in %.1f ms (%,.0f records/s), every length, CRC32C and sequence checked%n",
            read, readNs / 1e6, read * 1e9 / readNs);
        if (read != events || nextSequence != events + 1 || readDigest.getValue() != writeDigest.getValue())
        {
            throw new IllegalStateException("round trip mismatch: wrote " + events + " events (digest " +
                Long.toHexString(writeDigest.getValue()) + "), read " + read + " (digest " +
                Long.toHexString(readDigest.getValue()) + ")");
        }
        stdout.printf("payload digest %08x matches%n%n", readDigest.getValue());
        new JournalStats(new PayloadFormatter()).collect(dir).print(stdout, dir);
        stdout.printf("%nnext: ./lockstep journal dump %s --limit 20%n", dir);
        return 0;
    }

    private void digest(final JournalRecord record)
    {
        record.buffer().getBytes(record.payloadOffset(), scratch, 0, record.payloadLength());
        readDigest.update(scratch, 0, record.payloadLength());
    }
}
