package io.lockstep.features.ops;

/** The state of a rolling operator: it keeps its events in an {@link EventWindow}. */
public interface Windowed
{
    EventWindow window();
}
