package io.lockstep.bench;

import io.lockstep.book.OrderBooks;
import io.lockstep.feed.itch.ItchDecoder;
import io.lockstep.util.SplitMix64;
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
 * One Nasdaq ITCH 5.0 message decoded and applied to the order book. The stream is a seeded, self-consistent
 * order flow for 8 instruments (adds, cancels, executions, replaces and deletes of live orders, about 500 live per
 * instrument) that ends with every order deleted, so it can be replayed in a loop. Messages are laid out back to
 * back in one direct buffer, as a feed handler sees them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ItchBookBenchmark
{
    private static final int INSTRUMENTS = 8;
    private static final int LIVE = 500;
    private static final int FLOW = 200_000;

    private final ItchDecoder decoder = new ItchDecoder();
    private final OrderBooks books = new OrderBooks();
    private UnsafeBuffer stream;
    private int[] offsets;
    private int[] lengths;
    private int next;

    @Setup
    public void setup()
    {
        final ItchStream generator = new ItchStream(42, INSTRUMENTS, LIVE);
        generator.flow(FLOW);
        generator.deleteAll();
        stream = generator.buffer();
        offsets = generator.offsets();
        lengths = generator.lengths();
        checkStream();
    }

    /** The stream must be valid ITCH that the book applies without an error, or the figure means nothing. */
    private void checkStream()
    {
        final ItchDecoder checkDecoder = new ItchDecoder();
        final OrderBooks checkBooks = new OrderBooks();
        for (int i = 0; i < offsets.length; i++)
        {
            checkDecoder.decode(stream, offsets[i], lengths[i], checkBooks);
        }
        long bookErrors = 0;
        for (int instrument = 1; instrument <= INSTRUMENTS; instrument++)
        {
            bookErrors += checkBooks.book(instrument).totalErrors();
            if (checkBooks.book(instrument).orderCount() != 0)
            {
                throw new IllegalStateException("instrument " + instrument + " has orders left after the stream");
            }
        }
        if (checkDecoder.counters().totalRejects() != 0 || bookErrors != 0)
        {
            throw new IllegalStateException("bad benchmark stream: " + checkDecoder.counters().totalRejects() +
                " rejects, " + bookErrors + " book errors");
        }
    }

    @Benchmark
    public int decodeAndApply()
    {
        final int i = next;
        next = i + 1 == offsets.length ? 0 : i + 1;
        return decoder.decode(stream, offsets[i], lengths[i], books);
    }

    /** Writes ITCH 5.0 A, X, E, U and D messages for a seeded order flow. */
    static final class ItchStream
    {
        private final SplitMix64 random;
        private final int instruments;
        private final int live;
        private final long[][] ids;
        private final char[][] sides;
        private final int[][] prices;
        private final int[][] shares;
        private final int[] counts;
        private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024 * 1024));
        private final int[] messageOffsets = new int[1_000_000];
        private final int[] messageLengths = new int[1_000_000];
        private int messages;
        private int position;
        private long nextId = 1;
        private long time = 34_200_000_000_000L;

        ItchStream(final long seed, final int instruments, final int live)
        {
            this.random = new SplitMix64(seed);
            this.instruments = instruments;
            this.live = live;
            ids = new long[instruments][live * 2];
            sides = new char[instruments][live * 2];
            prices = new int[instruments][live * 2];
            shares = new int[instruments][live * 2];
            counts = new int[instruments];
        }

        void flow(final int events)
        {
            for (int e = 0; e < events; e++)
            {
                final int instrument = random.nextInt(instruments);
                final int action = random.nextInt(100);
                if (counts[instrument] < live / 2 || (action < 45 && counts[instrument] < live * 2))
                {
                    add(instrument);
                }
                else if (action < 65)
                {
                    final int slot = random.nextInt(counts[instrument]);
                    if (shares[instrument][slot] > 100)
                    {
                        shares[instrument][slot] -= 100;
                        orderMessage('X', instrument, ids[instrument][slot], 100);
                    }
                }
                else if (action < 80)
                {
                    final int slot = random.nextInt(counts[instrument]);
                    final int executed = Math.min(shares[instrument][slot], 100);
                    orderMessage('E', instrument, ids[instrument][slot], executed);
                    shares[instrument][slot] -= executed;
                    if (shares[instrument][slot] == 0)
                    {
                        remove(instrument, slot);
                    }
                }
                else if (action < 88)
                {
                    replace(instrument, random.nextInt(counts[instrument]));
                }
                else
                {
                    final int slot = random.nextInt(counts[instrument]);
                    orderMessage('D', instrument, ids[instrument][slot], 0);
                    remove(instrument, slot);
                }
            }
        }

        void deleteAll()
        {
            for (int instrument = 0; instrument < instruments; instrument++)
            {
                while (counts[instrument] > 0)
                {
                    orderMessage('D', instrument, ids[instrument][counts[instrument] - 1], 0);
                    counts[instrument]--;
                }
            }
        }

        private void add(final int instrument)
        {
            final int slot = counts[instrument]++;
            final boolean buy = random.nextInt(2) == 0;
            ids[instrument][slot] = nextId++;
            sides[instrument][slot] = buy ? 'B' : 'S';
            prices[instrument][slot] = 1_000_000 + (buy ? -1 : 1) * 100 * (1 + random.nextInt(50));
            shares[instrument][slot] = 100 * (1 + random.nextInt(10));
            final int start = header('A', instrument, 36);
            out.putLong(start + 11, ids[instrument][slot], java.nio.ByteOrder.BIG_ENDIAN);
            out.putByte(start + 19, (byte)sides[instrument][slot]);
            out.putInt(start + 20, shares[instrument][slot], java.nio.ByteOrder.BIG_ENDIAN);
            out.putBytes(start + 24, "SYMBOL  ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.putInt(start + 32, prices[instrument][slot], java.nio.ByteOrder.BIG_ENDIAN);
        }

        private void replace(final int instrument, final int slot)
        {
            final long newId = nextId++;
            final int start = header('U', instrument, 35);
            out.putLong(start + 11, ids[instrument][slot], java.nio.ByteOrder.BIG_ENDIAN);
            out.putLong(start + 19, newId, java.nio.ByteOrder.BIG_ENDIAN);
            out.putInt(start + 27, shares[instrument][slot], java.nio.ByteOrder.BIG_ENDIAN);
            out.putInt(start + 31, prices[instrument][slot], java.nio.ByteOrder.BIG_ENDIAN);
            ids[instrument][slot] = newId;
        }

        /** X (shares cancelled), E (shares executed, match number) or D. */
        private void orderMessage(final char type, final int instrument, final long id, final int count)
        {
            final int length = type == 'X' ? 23 : type == 'E' ? 31 : 19;
            final int start = header(type, instrument, length);
            out.putLong(start + 11, id, java.nio.ByteOrder.BIG_ENDIAN);
            if (type != 'D')
            {
                out.putInt(start + 19, count, java.nio.ByteOrder.BIG_ENDIAN);
            }
            if (type == 'E')
            {
                out.putLong(start + 23, nextId, java.nio.ByteOrder.BIG_ENDIAN);
            }
        }

        private int header(final char type, final int instrument, final int length)
        {
            final int start = position;
            time += 1_000;
            out.putByte(start, (byte)type);
            out.putShort(start + 1, (short)(instrument + 1), java.nio.ByteOrder.BIG_ENDIAN);
            out.putShort(start + 3, (short)0, java.nio.ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < 6; i++)
            {
                out.putByte(start + 5 + i, (byte)(time >>> (8 * (5 - i))));
            }
            messageOffsets[messages] = start;
            messageLengths[messages++] = length;
            position += length;
            return start;
        }

        private void remove(final int instrument, final int slot)
        {
            final int last = --counts[instrument];
            ids[instrument][slot] = ids[instrument][last];
            sides[instrument][slot] = sides[instrument][last];
            prices[instrument][slot] = prices[instrument][last];
            shares[instrument][slot] = shares[instrument][last];
        }

        UnsafeBuffer buffer()
        {
            return out;
        }

        int[] offsets()
        {
            return java.util.Arrays.copyOf(messageOffsets, messages);
        }

        int[] lengths()
        {
            return java.util.Arrays.copyOf(messageLengths, messages);
        }
    }
}
