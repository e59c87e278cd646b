package io.lockstep.journal;

import io.lockstep.testing.AllocationWindows;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.lockstep.journal.TestRecords.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The journal sits on the business thread: appending and reading must not allocate.
 * <p>
 * Measured with {@link AllocationWindows} over windows of {@value #WINDOW} records after a warm-up: the last
 * {@value #ZERO_WINDOWS} windows must allocate nothing.
 */
class JournalAllocationTest
{
    private static final int WARM_UP = 100_000;
    private static final int WINDOW = 100_000;
    private static final int MAX_WINDOWS = 10;
    private static final int ZERO_WINDOWS = 3;

    @TempDir
    Path dir;

    private long appended;
    private long count;

    @Test
    void appendAndPollAllocateNothingPerRecord()
    {
        final JournalConfig config = new JournalConfig().segmentLength(1024 * 1024 * 1024);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        final List<Long> appendWindows;
        try (JournalWriter writer = JournalWriter.open(dir, config))
        {
            appendRange(writer, 1, WARM_UP);
            appended = WARM_UP;
            // Asking for MAX_WINDOWS zero windows runs every window: the reading half below then has as many
            // windows of records to measure.
            appendWindows = AllocationWindows.measure(() ->
            {
                for (int i = 0; i < WINDOW; i++)
                {
                    append(writer, ++appended, scratch);
                }
            }, MAX_WINDOWS, MAX_WINDOWS);
        }
        assertTrue(AllocationWindows.endsWithZeros(appendWindows, ZERO_WINDOWS),
            "bytes allocated per window of appends: " + appendWindows);

        final RecordHandler handler = this::onRecord;
        final List<Long> pollWindows;
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (count < WARM_UP)
            {
                reader.poll(handler, 100);
            }
            pollWindows = AllocationWindows.measure(() ->
            {
                final long end = count + WINDOW;
                while (count < end)
                {
                    if (reader.poll(handler, 100) == 0)
                    {
                        fail("journal ended at record " + count + " while measuring reads");
                    }
                }
            }, ZERO_WINDOWS, MAX_WINDOWS);
        }
        assertTrue(AllocationWindows.endsWithZeros(pollWindows, ZERO_WINDOWS),
            "bytes allocated per window of polls: " + pollWindows);
    }

    private void onRecord(final JournalRecord record)
    {
        count++;
        assertEquals(count, record.sequence());
    }
}
