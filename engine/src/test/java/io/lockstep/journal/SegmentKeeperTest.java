package io.lockstep.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lockstep.journal.TestRecords.appendRange;
import static io.lockstep.journal.TestRecords.smallSegments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the keeper does is visible in the process's own memory map (Linux): how much of the writer's mapping of a
 * segment is resident, and which segment files are still mapped.
 */
class SegmentKeeperTest
{
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    /** The first line of a mapping: address range, permissions, offset, device, inode, then the file if any. */
    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ \\S+ \\S+ \\S+ \\S+ *(.*)");

    @TempDir
    Path dir;

    @Test
    void pagesAheadOfTheWriterAreResidentBeforeItWritesThem() throws Exception
    {
        assumeTrue(Files.isReadable(SMAPS), "needs /proc/self/smaps");
        final JournalConfig config = new JournalConfig().segmentLength(16 * 1024 * 1024);
        try (JournalWriter writer = JournalWriter.open(dir, config))
        {
            // Past the first 4 MiB, which the keeper touched when it prepared the segment: from here on only its
            // touching ahead of the writer makes pages resident before the writer writes them.
            final long position = appendAtLeast(writer, 6 * 1024 * 1024, config);
            final Path segment = JournalLayout.segmentFiles(dir).get(0);
            awaitTrue(() -> residentBytes(segment) >= position + SegmentKeeper.TOUCH_AHEAD - SegmentKeeper.PAGE_SIZE,
                () -> "resident bytes of " + segment + ": " + residentBytes(segment) + ", writer at " + position);
            // A fault can map more than the page touched: up to a whole large folio of a file written with zeros.
            assertTrue(residentBytes(segment) <= position + SegmentKeeper.TOUCH_AHEAD + 2 * 1024 * 1024,
                "the keeper touched more than it looks ahead: " + residentBytes(segment) + ", writer at " + position);
        }
    }

    @Test
    void theFirstSegmentIsWrittenWithZerosNotSparse() throws Exception
    {
        final JournalConfig config = new JournalConfig().segmentLength(16 * 1024 * 1024);
        try (JournalWriter writer = JournalWriter.open(dir, config))
        {
            appendRange(writer, 1, 10);
            final Path first = JournalLayout.segmentFiles(dir).get(0);
            // The file system may allocate a block or two more (an extent tree), never fewer than the length.
            assertTrue(allocatedBytes(first) >= config.segmentLength(), "bytes allocated to " + first + ": " +
                allocatedBytes(first));
        }
        TestRecords.assertReadsBack(dir, 11);
    }

    @Test
    void onRollTheKeeperForcesTheDataBehindTheWriter() throws Exception
    {
        assumeTrue(Files.isReadable(SMAPS), "needs /proc/self/smaps");
        final int written = 28 * 1024 * 1024;
        // Without a force the written pages stay dirty (the kernel writes them back after tens of seconds).
        final long none = dirtyBytesAfterWriting(written, FsyncPolicy.NONE, dir.resolve("none"));
        assertTrue(none >= written, "dirty bytes without a force: " + none);
        // Forced behind the writer, what stays dirty is the index at the head, the block the writer is in and the
        // pages touched ahead of it, whole page-cache folios each: some megabytes, varying as the keeper works.
        dirtyBytesAfterWriting(written, FsyncPolicy.ON_ROLL, dir.resolve("on-roll"));
    }

    /**
     * Append records of at least {@code bytes} into one 32 MiB segment, and how much of its mapping is dirty: at once
     * without write-behind; with it, once the keeper has brought it under two thirds of what was written.
     */
    private static long dirtyBytesAfterWriting(final int bytes, final FsyncPolicy policy, final Path journal)
        throws Exception
    {
        final JournalConfig config = new JournalConfig().segmentLength(32 * 1024 * 1024).fsyncPolicy(policy)
            .log((line) -> {});
        try (JournalWriter writer = JournalWriter.open(journal, config))
        {
            final Path segment = JournalLayout.segmentFiles(journal).get(0);
            appendAtLeast(writer, bytes, config);
            assertEquals(1, JournalLayout.segmentFiles(journal).size(), "no roll yet");
            if (policy == FsyncPolicy.ON_ROLL)
            {
                awaitTrue(() -> dirtyBytes(segment) <= bytes * 2L / 3,
                    () -> "dirty bytes of " + segment + " with write-behind: " + dirtyBytes(segment));
            }
            return dirtyBytes(segment);
        }
    }

    /** Append records until the writer is at least {@code bytes} into its segment; @return its position. */
    private static long appendAtLeast(final JournalWriter writer, final int bytes, final JournalConfig config)
    {
        long position = JournalLayout.dataOffset(JournalLayout.indexCapacity(config.segmentLength(),
            config.indexInterval()));
        for (long sequence = writer.nextSequence(); position < bytes; sequence++)
        {
            appendRange(writer, sequence, sequence);
            final int frameLength = JournalLayout.RECORD_HEADER_LENGTH + TestRecords.payloadLength(sequence);
            position += JournalLayout.align(frameLength, JournalLayout.FRAME_ALIGNMENT);
        }
        return position;
    }

    @Test
    void retiredSegmentsAreUnmappedAndCloseLeavesNoneMapped() throws Exception
    {
        assumeTrue(Files.isReadable(SMAPS), "needs /proc/self/smaps");
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 5_000);
            final List<Path> segments = JournalLayout.segmentFiles(dir);
            assertTrue(segments.size() > 5, "expected rolls, got " + segments.size() + " segments");
            // The segment appended to, and the next one its keeper prepared.
            final List<Path> live = List.of(segments.get(segments.size() - 1),
                dir.resolve(JournalLayout.PREPARED_SEGMENT_FILE));
            awaitTrue(() -> mappedFiles().equals(live), () -> "mapped: " + mappedFiles());
        }
        assertEquals(List.of(), mappedFiles(), "segments still mapped after the writer closed");
    }

    @Test
    void theNextSegmentIsPreparedAheadAndRenamedAtTheRoll() throws Exception
    {
        final Path prepared = dir.resolve(JournalLayout.PREPARED_SEGMENT_FILE);
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 10);
            awaitTrue(() -> Files.exists(prepared), () -> "no prepared segment in " + dir);
            final Object preparedInode = Files.getAttribute(prepared, "unix:ino");

            long sequence = 11;
            while (JournalLayout.segmentFiles(dir).size() < 2)
            {
                appendRange(writer, sequence, sequence);
                sequence++;
            }
            final Path second = JournalLayout.segmentFiles(dir).get(1);
            assertEquals(preparedInode, Files.getAttribute(second, "unix:ino"), "the second segment's file");
            assertEquals(List.of(), JournalReader.strayFiles(dir), "a live journal's own files are not stray");
            appendRange(writer, sequence, sequence + 999);
            assertReadsBack(sequence + 1_000);
        }
        assertFalse(Files.exists(prepared), "a closed writer leaves no prepared segment");
    }

    @Test
    void aPreparedSegmentLeftByACrashIsDeletedOnOpenNeverUsed() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments()))
        {
            appendRange(writer, 1, 10);
        }
        final byte[] junk = new byte[JournalConfig.MIN_SEGMENT_LENGTH];
        Arrays.fill(junk, (byte)0x5A);
        Files.write(dir.resolve(JournalLayout.PREPARED_SEGMENT_FILE), junk);

        final List<String> log = new CopyOnWriteArrayList<>();
        try (JournalWriter writer = JournalWriter.open(dir, smallSegments().log(log::add)))
        {
            appendRange(writer, 11, 3_000);
        }
        assertEquals(List.of("journal " + dir + ": deleted " + JournalLayout.PREPARED_SEGMENT_FILE +
            ", a segment prepared ahead by a writer that did not close"), log);
        assertReadsBack(3_001);
    }

    private void assertReadsBack(final long nextSequence)
    {
        assertTrue(JournalLayout.segmentFiles(dir).size() > 1, "expected rolls");
        TestRecords.assertReadsBack(dir, nextSequence);
    }

    private List<Path> mappedFiles()
    {
        final List<Path> files = new ArrayList<>();
        for (final String line : smaps())
        {
            final Matcher mapping = MAPPING.matcher(line);
            if (mapping.matches() && !mapping.group(1).isEmpty())
            {
                final Path file = Path.of(mapping.group(1));
                if (file.startsWith(dir) && !files.contains(file))
                {
                    files.add(file);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /**
     * Sum of the Rss lines of every mapping of the file: the pages this process can touch without a fault.
     */
    private static long residentBytes(final Path file)
    {
        return smapsBytes(file, "Rss:");
    }

    /** Pages of the file's mappings not yet written back: Shared_Dirty and Private_Dirty. */
    private static long dirtyBytes(final Path file)
    {
        return smapsBytes(file, "Shared_Dirty:") + smapsBytes(file, "Private_Dirty:");
    }

    private static long smapsBytes(final Path file, final String field)
    {
        long kilobytes = 0;
        boolean inFile = false;
        for (final String line : smaps())
        {
            final Matcher mapping = MAPPING.matcher(line);
            if (mapping.matches())
            {
                inFile = mapping.group(1).equals(file.toString());
            }
            else if (inFile && line.startsWith(field))
            {
                kilobytes += Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        }
        return kilobytes * 1024;
    }

    /** What the file system allocated to the file (a sparse file has less than its length). */
    private static long allocatedBytes(final Path file) throws IOException, InterruptedException
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/stat")), "needs stat(1)");
        final Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        final String[] blocks = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
            .split(" ");
        assertEquals(0, stat.waitFor(), "stat " + file);
        return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
    }

    private static List<String> smaps()
    {
        try
        {
            return Files.readAllLines(SMAPS);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read " + SMAPS, ex);
        }
    }

    private static void awaitTrue(final BooleanSupplier condition, final Supplier<String> state)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, state);
            Thread.sleep(5);
        }
    }
}
