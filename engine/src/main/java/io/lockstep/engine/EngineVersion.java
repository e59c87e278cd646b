package io.lockstep.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, stamped into journals and manifests so replay knows what wrote them. */
public final class EngineVersion
{
    public static final String VERSION = load();

    private EngineVersion()
    {
    }

    private static String load()
    {
        try (InputStream in = EngineVersion.class.getResourceAsStream("version.properties"))
        {
            if (in == null)
            {
                throw new IllegalStateException("io/lockstep/engine/version.properties missing from the classpath");
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
