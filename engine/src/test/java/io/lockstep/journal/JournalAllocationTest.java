package io.lockstep.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.journal.TestRecords.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The journal sits on the business thread: appending and reading must not allocate.
 * <p>
 * Measured with the thread's allocation counter over windows of {@value #WINDOW} records after a warm-up.
 * The JIT may still materialise a few scalar-replaced objects when it deoptimises early on, so the test asks
 * for {@value #ZERO_WINDOWS} consecutive windows with zero bytes (the last ones, for appends); code that allocated
 * per record (at least 16 bytes each time) could never produce one.
 */
class JournalAllocationTest
{
    private static final int WARM_UP = 100_000;
    private static final int WINDOW = 100_000;
    private static final int MAX_WINDOWS = 10;
    private static final int ZERO_WINDOWS = 3;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private long count;

    @Test
    void appendAndPollAllocateNothingPerRecord()
    {
        final JournalConfig config = new JournalConfig().segmentLength(1024 * 1024 * 1024);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        final List<Long> appendWindows = new ArrayList<>();
        long sequence = 1;
        try (JournalWriter writer = JournalWriter.open(dir, config))
        {
            appendRange(writer, sequence, WARM_UP);
            sequence += WARM_UP;
            // Always all windows: the reading half below then has as many windows of records to measure.
            while (appendWindows.size() < MAX_WINDOWS)
            {
                final long before = allocatedBytes();
                for (int i = 0; i < WINDOW; i++)
                {
                    append(writer, sequence++, scratch);
                }
                appendWindows.add(allocatedBytes() - before - measurementOverhead());
            }
        }
        assertTrue(endsWithZeros(appendWindows), "bytes allocated per window of appends: " + appendWindows);

        final List<Long> pollWindows = new ArrayList<>();
        final RecordHandler handler = this::onRecord;
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (count < WARM_UP)
            {
                reader.poll(handler, 100);
            }
            while (pollWindows.size() < MAX_WINDOWS && !endsWithZeros(pollWindows))
            {
                final long before = allocatedBytes();
                final long end = count + WINDOW;
                while (count < end)
                {
                    if (reader.poll(handler, 100) == 0)
                    {
                        fail("journal ended at record " + count + " while measuring reads: " + pollWindows);
                    }
                }
                pollWindows.add(allocatedBytes() - before - measurementOverhead());
            }
        }
        assertTrue(endsWithZeros(pollWindows), "bytes allocated per window of polls: " + pollWindows);
    }

    private void onRecord(final JournalRecord record)
    {
        count++;
        assertEquals(count, record.sequence());
    }

    private static boolean endsWithZeros(final List<Long> windows)
    {
        final int size = windows.size();
        if (size < ZERO_WINDOWS)
        {
            return false;
        }
        for (int i = size - ZERO_WINDOWS; i < size; i++)
        {
            if (windows.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static long measurementOverhead()
    {
        final long start = allocatedBytes();
        return allocatedBytes() - start;
    }

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
