package io.lockstep.engine;

import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.venue.FillsAfterStep;
import io.lockstep.engine.venue.PaperFills;
import io.lockstep.features.FeaturePlan;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecType;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

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
 * What it cannot warm: a plugin-jar champion's own classes (its copy loads them again, in a class loader of its own),
 * and calls the JIT specialised to the warm-up's sinks, which it compiles again for the live ones at their first
 * calls.
 */
final class EngineWarmUp implements PaperFills.ReportSink
{
    private static final int INSTRUMENTS = 4;
    private static final long SEED = 0x5EED_CAFEL;
    /** Event time between inputs: slow enough that the order-rate limit lets orders through all along. */
    private static final long INTERVAL_NS = 5_000_000;

    private final EngineCounters counters = new EngineCounters();
    private final FillsAfterStep fills = new FillsAfterStep(this);
    private final EngineStep step;
    private long sequence;
    private long timeNs;

    private EngineWarmUp(final EngineSettings settings, final FeaturePlan plan)
    {
        step = EngineStep.of(settings, plan, fills, (buffer, offset, length, receiveTimeNs) -> {}, counters,
            (buffer, hashOffset, location) -> null);
    }

    /**
     * @param events market-data inputs to run through the scratch step, at least 1.
     * @return the scratch step's counters, to say what ran (and whether the champion was quarantined).
     */
    static EngineCounters run(final EngineSettings settings, final FeaturePlan plan, final int events)
    {
        final EngineWarmUp warmUp = new EngineWarmUp(settings, plan);
        // Taken now: a champion quarantined on the way is no longer the roster's.
        final DeployedModel copy = warmUp.step.models().champion();
        try
        {
            warmUp.run(events);
        }
        finally
        {
            copy.release(); // a plugin's class loader and unpacked jar
        }
        return warmUp.counters;
    }

    private void run(final int events)
    {
        final SyntheticMarketData[] markets = new SyntheticMarketData[INSTRUMENTS];
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            markets[i] = new SyntheticMarketData(SEED + i, i + 1, 0, INTERVAL_NS, 1_000_000);
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        for (int i = 0; i < events; i++)
        {
            timeNs += INTERVAL_NS;
            final int length = markets[i % INSTRUMENTS].nextAt(buffer, 0, timeNs);
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
