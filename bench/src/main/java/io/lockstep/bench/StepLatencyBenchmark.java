package io.lockstep.bench;

import io.lockstep.engine.StepLatency;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the business thread adds to an input it measures: one {@link System#nanoTime()} and one record into the
 * single-writer HdrHistogram recorder of {@link StepLatency} (one input in {@value StepLatency#SAMPLE_EVERY}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StepLatencyBenchmark
{
    private final StepLatency latency = new StepLatency();
    private final long receivedAtNanoTime = System.nanoTime();

    @Benchmark
    public void clockReadAndRecord()
    {
        latency.record(receivedAtNanoTime, System.nanoTime());
    }
}
