package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.venue.FillsAfterStep;
import io.lockstep.engine.venue.PaperFills;
import io.lockstep.features.FeaturePlan;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the business logic before the first live input, so that the JIT has compiled it: until a method has been
 * called some thousands of times it runs interpreted, and the first live inputs paid for that.
 * <p>
 * Seeded synthetic market data for a few instruments goes through a step of its own, built as the live one is (the
 * same plan and settings, the configured champion deployed once more, since a model may keep state of its own), and
 * each order it sends is filled at once against its own book as the paper venue fills ({@link FillsAfterStep}), so the
 * order, execution-report and position paths run too. Its orders and decision records go nowhere and its counters
 * are its own. It shares one object with the live step, {@code settings.riskLimits}, which only a RiskLimitChange
 * input changes, and it is given none. The engine's code keeps no static state, so a replay, which warms nothing
 * up, still reproduces the run bit for bit.
 * <p>
 * It runs in rounds, each on a new step with sinks of other classes, and the engine then waits for the JIT to finish
 * compiling ({@link #awaitCompilerIdle}): what the JIT compiled as never happening (a new step's first input, a sink
 * of another class) threw the compiled code away at the first live inputs, which ran C1's profiled code for about a
 * second while C2, busy compiling it again, took one of the two cores.
 * <p>
 * What it cannot warm: a plugin-jar champion's own classes (its copy loads them again, in a class loader of its own),
 * and the live-only paths (ingress, Aeron, the input journal), compiled in the first live seconds.
 */
final class EngineWarmUp implements PaperFills.ReportSink
{
    /** {@link #awaitCompilerIdle}: the JIT was still compiling at the deadline. */
    static final long COMPILER_BUSY = -1;
    /** {@link #awaitCompilerIdle}: the JVM has no HotSpot diagnostic command to ask. */
    static final long COMPILER_UNKNOWN = -2;
    private static final int INSTRUMENTS = 4;
    private static final int RUN = 4;
    private static final long SEED = 0x5EED_CAFEL;
    /** Event time between inputs: slow enough that the order-rate limit lets orders through all along. */
    private static final long INTERVAL_NS = 5_000_000;
    /**
     * Each round on a new step: a new step's first inputs take branches (an instrument, a trade, an order not seen
     * yet, an encoder's first buffer) that one step takes only before the JIT profiles it. Compiled as never taken,
     * they deoptimised the warmed code at the live step's first input, which then ran profiled C1 code for a second.
     */
    private static final int ROUNDS = 4;
    /**
     * The rounds' decision sinks, each a class of its own, as are their order sinks: the live step's are other
     * classes (recovery's, then the journal's and Aeron's). A call seen reaching one class only was compiled for it
     * alone, and the live step's first decisions and orders threw that code away (class_check deoptimisation); seen
     * reaching several, it is compiled as an interface call, which the live classes take too.
     */
    private static final DecisionRecorder.Sink[] DECISION_SINKS = {
        (buffer, offset, length, receiveTimeNs) -> {},
        (buffer, offset, length, receiveTimeNs) -> {},
        (buffer, offset, length, receiveTimeNs) -> {} };

    private final EngineCounters counters;
    private final FillsAfterStep fills = new FillsAfterStep(this);
    private final EngineStep step;
    private long sequence;
    private long timeNs;

    private EngineWarmUp(
        final EngineSettings settings, final FeaturePlan plan, final EngineCounters counters, final int round)
    {
        this.counters = counters;
        step = EngineStep.of(settings, plan, orderSink(round), DECISION_SINKS[round % DECISION_SINKS.length],
            counters, (buffer, hashOffset, location) -> null);
    }

    private OrderSink orderSink(final int round)
    {
        switch (round % DECISION_SINKS.length) // two lambdas alike are two classes
        {
            case 0: return fills;
            case 1: return (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) ->
                fills.send(clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs);
            default: return (clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs) ->
                fills.send(clOrdId, instrumentId, side, price, quantity, decisionSequence, eventTimeNs);
        }
    }

    /**
     * @param events market-data inputs to run through the scratch step, at least 1.
     * @return the scratch step's counters, to say what ran (and whether the champion was quarantined).
     */
    static EngineCounters run(final EngineSettings settings, final FeaturePlan plan, final int events)
    {
        final EngineCounters counters = new EngineCounters();
        for (int round = 0; round < ROUNDS; round++)
        {
            final EngineWarmUp warmUp = new EngineWarmUp(settings, plan, counters, round);
            // Taken now: a champion quarantined on the way is no longer the roster's.
            final DeployedModel copy = warmUp.step.models().champion();
            try
            {
                warmUp.run(events / ROUNDS + (round < events % ROUNDS ? 1 : 0));
            }
            finally
            {
                copy.release(); // a plugin's class loader and unpacked jar
            }
        }
        return counters;
    }

    /**
     * Wait until the JIT has nothing compiling or queued, or until the deadline: the compilations the warm-up queued
     * kept C2 busy for a second more, on a core the first live inputs needed, while they ran C1's profiled code.
     * Without HotSpot's diagnostic command (another JVM) it does not wait.
     *
     * @return the nanoseconds waited, {@link #COMPILER_BUSY} when the deadline came first, or
     * {@link #COMPILER_UNKNOWN} when the JIT could not be asked.
     */
    static long awaitCompilerIdle(final long timeoutNs)
    {
        final long start = System.nanoTime();
        try
        {
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            final ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
            final Object[] noArguments = { null };
            final String[] signature = { String[].class.getName() };
            while (true)
            {
                final String queues = (String)server.invoke(diagnostics, "compilerQueue", noArguments, signature);
                // Headers ("Current compiles:", "C2 compile queue:") and "Empty" only: no task anywhere.
                if (queues.lines().map(String::strip).allMatch((line) ->
                    line.isEmpty() || line.endsWith(":") || line.equals("Empty")))
                {
                    return System.nanoTime() - start;
                }
                if (System.nanoTime() - start > timeoutNs)
                {
                    return COMPILER_BUSY;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        catch (final JMException | RuntimeException ex)
        {
            return COMPILER_UNKNOWN;
        }
    }

    private void run(final int events)
    {
        final SyntheticMarketData[] markets = new SyntheticMarketData[INSTRUMENTS];
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            markets[i] = new SyntheticMarketData(SEED + i, i + 1, 0, INTERVAL_NS, 1_000_000);
        }
        // A ring slot's class: calls the JIT specialised to another buffer class went back to the interpreter live.
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < events; i++)
        {
            timeNs += INTERVAL_NS;
            // Runs of inputs per instrument: a feed of one instrument takes the book cache's hit path, never taken
            // when each input changed instrument, and its first input deoptimised the decoder's compiled code.
            final int length = markets[(i / RUN) % INSTRUMENTS].nextAt(buffer, 0, timeNs);
            step.apply(++sequence, timeNs, ProtocolTag.SBE_MARKET_DATA, buffer, 0, length);
            fills.fill(step.books(), timeNs);
        }
    }

    public void onReport(
        final ExecType type, final long price, final long quantity, final DirectBuffer buffer, final int offset,
        final int length)
    {
        step.apply(++sequence, timeNs, ProtocolTag.SBE_ORDER_ENTRY, buffer, offset, length);
    }
}
