package io.lockstep.engine;

/**
 * A journal of the engine could not be written (a segment that would not map; a full disk, which a write to a mapped
 * sparse file reports as an {@link InternalError}). The host failed, not the step's logic, so it is not
 * deterministic: {@link EngineStep} lets it through rather than count a step failure that replay would not repeat,
 * and the business thread takes no input after it, since what it can no longer journal it must not apply.
 */
public final class JournalFailure extends RuntimeException
{
    public JournalFailure(final String journal, final Throwable cause)
    {
        super("the " + journal + " journal failed: " + cause.getMessage(), cause);
    }
}
