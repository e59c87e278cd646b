package io.lockstep.testing;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.nio.file.Path;

/** The media driver the engine's tests run against: embedded, one shared thread that backs off, its own directory. */
public final class EmbeddedMediaDriver
{
    private EmbeddedMediaDriver()
    {
    }

    /** @param directory the Aeron directory, made afresh and deleted at close. */
    public static MediaDriver launch(final Path directory)
    {
        return MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(directory.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }
}
