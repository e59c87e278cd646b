package io.lockstep.engine.config;

/**
 * A configuration that cannot be used: names the file, the line (1-based, 0 when not about one line), the key
 * (null when not about one key) and what is wrong.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;

    public ConfigException(final String source, final int line, final String key, final String message)
    {
        this(source, line, key, message, null);
    }

    public ConfigException(
        final String source, final int line, final String key, final String message, final Throwable cause)
    {
        super((line > 0 ? source + ":" + line : source) + ": " + message, cause);
        this.source = source;
        this.line = line;
        this.key = key;
    }

    public String source()
    {
        return source;
    }

    public int line()
    {
        return line;
    }

    public String key()
    {
        return key;
    }
}
