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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * Journal append throughput: each invocation appends {@value #RECORDS} records of one payload size into a
 * fresh journal (default 64 MiB segments, so rolls are included; fsync policy NONE), which is deleted
 * afterwards to bound disk use. Score is per record; payload MB/s = records/s x payload size.
 */
@BenchmarkMode({ Mode.Throughput, Mode.AverageTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class JournalAppendBenchmark
{
    static final int RECORDS = 1_000_000;

    @Param({ "64", "256" })
    int payloadLength;

    private UnsafeBuffer payload;
    private Path dir;
    private JournalWriter writer;

    @Setup(Level.Trial)
    public void payload()
    {
        payload = new UnsafeBuffer(ByteBuffer.allocateDirect(payloadLength));
        for (int i = 0; i < payloadLength; i++)
        {
            payload.putByte(i, (byte)(i * 31));
        }
    }

    @Setup(Level.Invocation)
    public void openJournal() throws IOException
    {
        dir = Files.createTempDirectory("journal-append-bench");
        writer = JournalWriter.open(dir, new JournalConfig().log((line) -> {}));
    }

    @TearDown(Level.Invocation)
    public void deleteJournal()
    {
        writer.close();
        IoUtil.delete(dir.toFile(), false);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long append()
    {
        final JournalWriter writer = this.writer;
        long sequence = writer.nextSequence();
        for (int i = 0; i < RECORDS; i++)
        {
            writer.append(sequence, sequence, 1, ProtocolTag.SBE_MARKET_DATA, payload, 0, payloadLength);
            sequence++;
        }
        return sequence;
    }
}
