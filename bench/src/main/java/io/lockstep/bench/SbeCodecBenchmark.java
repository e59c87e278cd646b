package io.lockstep.bench;

import io.lockstep.sbe.md.AddOrderDecoder;
import io.lockstep.sbe.md.AddOrderEncoder;
import io.lockstep.sbe.md.MessageHeaderDecoder;
import io.lockstep.sbe.md.MessageHeaderEncoder;
import io.lockstep.sbe.md.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of one market-data message (AddOrder: header + 37-byte block) with the generated codecs,
 * over a direct buffer as on the wire.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SbeCodecBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AddOrderEncoder encoder = new AddOrderEncoder();
    private final AddOrderDecoder decoder = new AddOrderDecoder();
    private long orderId;

    @Setup
    public void setup()
    {
        encode();
    }

    @Benchmark
    public int encode()
    {
        return encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instrumentId(7)
            .eventTimeNs(34_200_000_000_123L)
            .orderId(++orderId)
            .side(Side.BUY)
            .price(5_853_300)
            .quantity(1_800)
            .encodedLength();
    }

    @Benchmark
    public long decode()
    {
        headerDecoder.wrap(buffer, 0);
        decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        return decoder.instrumentId() + decoder.eventTimeNs() + decoder.orderId() + decoder.sideRaw() +
            decoder.price() + decoder.quantity();
    }
}
