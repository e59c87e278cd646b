package io.lockstep.engine;

import com.lmax.disruptor.ExceptionHandler;

import java.util.function.Consumer;

/**
 * What happens when the business step throws, which is a bug: the input is already journaled, so nothing is lost;
 * the failure is logged with the input's sequence and counted, trading stops (kill switch engaged) and the
 * business thread goes on journaling every input for the post-mortem.
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
        step.risk().killSwitch(true);
        log.accept("business step failed on input sequence " + event.sequence + " (" + event.protocol + ", " +
            event.length + " bytes): " + ex + "; kill switch engaged, inputs still journaled");
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
