package io.lockstep.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class DurableFilesTest
{
    @TempDir
    Path temp;

    @Test
    void replacesAFileWholeAndLeavesNoPartialBehind() throws Exception
    {
        final Path file = temp.resolve("engine.config");
        DurableFiles.replace(file, "a = 1\n");
        DurableFiles.replace(file, "b = \u00e9\n");
        assertEquals("b = \u00e9\n", Files.readString(file));
        assertFalse(Files.exists(temp.resolve("engine.config.partial")));
        // A partial left by a crash before its rename is written over, not appended to.
        Files.writeString(temp.resolve("engine.config.partial"), "x".repeat(100));
        DurableFiles.replace(file, "c = 3\n");
        assertEquals("c = 3\n", Files.readString(file));
    }
}
