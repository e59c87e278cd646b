package io.lockstep.engine;

/** Source ids journaled with each input, saying where it came from. */
public final class EngineSources
{
    public static final int MARKET_DATA = 1;
    public static final int EXECUTION_REPORTS = 2;
    public static final int CONTROL = 3;

    private EngineSources()
    {
    }
}
