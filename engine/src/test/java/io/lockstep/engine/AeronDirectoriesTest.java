package io.lockstep.engine;

import io.aeron.CncFileDescriptor;
import io.aeron.driver.MediaDriver;
import io.lockstep.testing.EmbeddedMediaDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only the default Aeron directories of processes that are gone, with no live driver, are swept; everything else
 * in the folder stays.
 */
class AeronDirectoriesTest
{
    @TempDir
    Path temp;

    @Test
    void removesTheDirectoriesOfKilledEnginesAndNothingElse() throws Exception
    {
        final Path killed = Files.createDirectories(temp.resolve("lockstep-aeron-" + exitedPid()));
        Files.write(killed.resolve("cnc.dat"), new byte[4096]);
        Files.createDirectories(killed.resolve("images"));
        final Path ours = Files.createDirectories(temp.resolve("lockstep-aeron-" + ProcessHandle.current().pid()));
        final Path notAPid = Files.createDirectories(temp.resolve("lockstep-aeron-perf"));
        final Path someoneElse = Files.createDirectories(temp.resolve("aeron-root"));
        // Its process is gone, but its CnC file is of an Aeron version this one cannot read: left, and named.
        final Path unreadable = Files.createDirectories(temp.resolve("lockstep-aeron-" + exitedPid()));
        final ByteBuffer otherVersion = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        otherVersion.putInt(CncFileDescriptor.cncVersionOffset(0), 0x7F00_0000);
        Files.write(unreadable.resolve(CncFileDescriptor.CNC_FILE), otherVersion.array());
        final List<String> log = new ArrayList<>();

        try (MediaDriver running = EmbeddedMediaDriver.launch(temp.resolve("lockstep-aeron-" + exitedPid())))
        {
            // Its pid is gone but its driver beats: another process may have been given that directory.
            final Path live = Path.of(running.aeronDirectoryName());

            assertEquals(1, AeronDirectories.sweepLeftovers(temp, log::add));

            assertFalse(Files.exists(killed), "the killed engine's directory");
            assertTrue(Files.exists(live.resolve("cnc.dat")), "a directory with a live driver");
            assertTrue(Files.isDirectory(ours) && Files.isDirectory(notAPid) && Files.isDirectory(someoneElse));
            assertTrue(Files.exists(unreadable.resolve(CncFileDescriptor.CNC_FILE)), "a directory it cannot judge");
            assertEquals(2, log.size(), log.toString());
            assertTrue(log.contains("removed 1 Aeron directory left in " + temp + " by engines that were killed"),
                log.toString());
            assertTrue(log.stream().anyMatch((line) -> line.startsWith("left " + unreadable +
                ": cannot tell whether its engine is gone: ")), log.toString());
        }
        assertEquals(0, AeronDirectories.sweepLeftovers(temp, (line) -> { }), "nothing more to remove");
    }

    @Test
    void aMissingFolderIsReportedNotThrown()
    {
        final List<String> log = new ArrayList<>();
        assertEquals(0, AeronDirectories.sweepLeftovers(temp.resolve("missing"), log::add));
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("could not look for Aeron directories left by stopped engines in " +
            temp.resolve("missing")), log.get(0));
    }

    private static long exitedPid() throws Exception
    {
        final Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
