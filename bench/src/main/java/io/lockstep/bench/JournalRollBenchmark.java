package io.lockstep.bench;

import io.lockstep.journal.FsyncPolicy;
import io.lockstep.journal.JournalConfig;
import io.lockstep.journal.JournalWriter;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one append that rolls to the next 64 MiB segment, as the business thread sees it. Before each measured append
 * the segment is filled to its last record, then left for {@value #SETTLE_MS} ms, as a feed slower than the disk
 * would leave it: under {@link FsyncPolicy#ON_ROLL} the roll forces the whole full segment, and what it still has to
 * write then is the measure. One sample per iteration; old segments are deleted as it goes to bound disk use.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 15)
@Fork(1)
@State(Scope.Thread)
public class JournalRollBenchmark
{
    private static final int PAYLOAD_LENGTH = 64;
    private static final int SETTLE_MS = 1000;

    @Param({"NONE", "ON_ROLL"})
    public FsyncPolicy fsync;

    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(PAYLOAD_LENGTH));
    private Path dir;
    private JournalWriter writer;
    private long sequence;
    private long recordsPerSegment;

    @Setup(Level.Trial)
    public void openJournal() throws IOException
    {
        dir = Files.createTempDirectory("journal-roll-bench");
        writer = JournalWriter.open(dir, new JournalConfig().fsyncPolicy(fsync).log((line) -> {}));
        sequence = writer.nextSequence();
        // Every segment holds as many of these same-sized records as the first, whose count the second's name gives.
        final long first = sequence;
        while (segments().length == 1)
        {
            for (int i = 0; i < 4096; i++)
            {
                append();
            }
        }
        recordsPerSegment = firstSequenceOfLastSegment() - first;
    }

    @Setup(Level.Iteration)
    public void fillToTheLastRecord() throws IOException, InterruptedException
    {
        deleteAllButTheLastSegment();
        final long last = firstSequenceOfLastSegment() + recordsPerSegment - 1;
        while (sequence <= last)
        {
            append();
        }
        Thread.sleep(SETTLE_MS);
    }

    @TearDown(Level.Trial)
    public void deleteJournal()
    {
        writer.close();
        IoUtil.delete(dir.toFile(), false);
    }

    @Benchmark
    public long roll()
    {
        return append();
    }

    private Path[] segments() throws IOException
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.segment"))
        {
            final List<Path> list = new ArrayList<>();
            files.forEach(list::add);
            return list.stream().sorted().toArray(Path[]::new);
        }
    }

    /** Segment files are named by their first sequence, zero-padded: the last in name order is the current. */
    private long firstSequenceOfLastSegment() throws IOException
    {
        final Path[] segments = segments();
        final String name = segments[segments.length - 1].getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    private void deleteAllButTheLastSegment() throws IOException
    {
        final Path[] segments = segments();
        for (int i = 0; i < segments.length - 1; i++)
        {
            Files.delete(segments[i]);
        }
    }

    private long append()
    {
        writer.append(sequence, sequence, 1, ProtocolTag.SBE_MARKET_DATA, payload, 0, PAYLOAD_LENGTH);
        return sequence++;
    }
}
