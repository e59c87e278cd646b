package io.lockstep.bench;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The distribution of single appends, as the business thread sees them: most cost a copy and a CRC, a few meet a
 * fresh page or a segment roll. Sampled one append at a time (JMH's timer adds ~45 ns to each sample here), into a
 * journal of 64 MiB segments that is deleted after each iteration to bound disk use; read the high percentiles.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JournalAppendTailBenchmark
{
    private static final int PAYLOAD_LENGTH = 64;

    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(PAYLOAD_LENGTH));
    private Path dir;
    private JournalWriter writer;
    private long sequence;

    @Setup(Level.Iteration)
    public void openJournal() throws IOException
    {
        dir = Files.createTempDirectory("journal-append-tail-bench");
        writer = JournalWriter.open(dir, new JournalConfig().log((line) -> {}));
        sequence = writer.nextSequence();
    }

    @TearDown(Level.Iteration)
    public void deleteJournal()
    {
        writer.close();
        IoUtil.delete(dir.toFile(), false);
    }

    @Benchmark
    public long append()
    {
        writer.append(sequence, sequence, 1, ProtocolTag.SBE_MARKET_DATA, payload, 0, PAYLOAD_LENGTH);
        return sequence++;
    }
}
