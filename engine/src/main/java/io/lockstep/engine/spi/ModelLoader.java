package io.lockstep.engine.spi;

import java.nio.file.Path;

/**
 * Loads one kind of model file: the plugin point for model formats. Implementations are found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/io.lockstep.engine.spi.ModelLoader} entry in the
 * plugin's jar) and chosen by {@link #kind()}, the engine's {@code model.kind}.
 */
public interface ModelLoader
{
    /**
     * The version of this SPI ({@link io.lockstep.engine.spi.Model} and this interface). An artifact states the
     * version it was built against as {@code spi.version}; the engine refuses any other.
     */
    int SPI_VERSION = 1;

    /** @return the {@code model.kind} this loader reads, e.g. {@code xgboost-json}. */
    String kind();

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it.
     */
    Model load(Path file);
}
