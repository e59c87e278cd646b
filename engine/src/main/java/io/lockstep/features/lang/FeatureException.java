package io.lockstep.features.lang;

/**
 * A feature file that cannot be compiled: names the file, the line and column (1-based) and what was expected.
 */
public final class FeatureException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    public FeatureException(final String source, final int line, final int column, final String reason)
    {
        super(source + ":" + line + ":" + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String source()
    {
        return source;
    }

    public int line()
    {
        return line;
    }

    public int column()
    {
        return column;
    }

    public String reason()
    {
        return reason;
    }
}
