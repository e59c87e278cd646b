package io.lockstep.engine;

import com.lmax.disruptor.ExceptionHandler;

import java.util.function.Consumer;

/**
 * What happens when the business thread's work throws past the step (EngineStep catches its own failures
 * deterministically): in practice a journal failing to append ({@link JournalFailure}). The failure is logged once
 * with the input's sequence and counted, and trading stops (kill switch engaged). The business thread applies no
 * input after a journal failure: the log line says so, and operations must stop the engine.
 */
final class StepFailureHandler implements ExceptionHandler<RingEvent>
{
    private final Consumer<String> log;
    private final EngineCounters counters;
    private final EngineStep step;

    StepFailureHandler(final EngineStep step, final Consumer<String> log, final EngineCounters counters)
    {
        this.step = step;
        this.log = log;
        this.counters = counters;
    }

    public void handleEventException(final Throwable ex, final long ringSequence, final RingEvent event)
    {
        counters.increment(EngineCounters.STEP_FAILURES);
        step.killSwitchOnFailure();
        log.accept("business thread failed on input sequence " + event.sequence + " (" + event.protocol + ", " +
            event.length + " bytes): " + (ex instanceof JournalFailure ? ex.getMessage() + "; kill switch " +
            "engaged; inputs from here on are neither journaled nor applied (counted as dropped): stop the engine" :
            ex + "; kill switch engaged"));
    }

    public void handleOnStartException(final Throwable ex)
    {
        log.accept("business thread failed to start: " + ex);
    }

    public void handleOnShutdownException(final Throwable ex)
    {
        log.accept("business thread failed to shut down cleanly: " + ex);
    }
}
