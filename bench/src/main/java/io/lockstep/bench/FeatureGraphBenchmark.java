package io.lockstep.bench;

import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeatureEvaluator;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.FeatureState;
import io.lockstep.features.MarketSnapshot;
import io.lockstep.features.SyntheticSnapshots;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One event through a compiled feature graph: the 30-feature example graph (book, rolling, exponential and trade
 * features; engine/src/main/resources/io/lockstep/features/example-30.features), or a single feature to isolate
 * an operator's cost. Snapshots are precomputed (4096, cycled) so the score is the plan's update alone;
 * ns per feature = score / 30 for the full graph.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class FeatureGraphBenchmark
{
    private static final int SNAPSHOTS = 4096;

    @Param({ "example-30" })
    String graph;

    private FeatureState state;
    private MarketSnapshot[] snapshots;
    private int next;

    @Setup
    public void setup()
    {
        // A single feature is given with ; for , since JMH splits parameter lists at commas.
        final String text = graph.equals("example-30") ? SyntheticSnapshots.exampleGraph() :
            "f = " + graph.replace(';', ',');
        final FeaturePlan plan = FeatureCompiler.compile(graph, text);
        state = new FeatureState(plan);
        final SyntheticSnapshots market = new SyntheticSnapshots(1);
        snapshots = new MarketSnapshot[SNAPSHOTS];
        long time = 0;
        for (int i = 0; i < SNAPSHOTS; i++)
        {
            final MarketSnapshot source = market.next();
            final MarketSnapshot copy = new MarketSnapshot();
            System.arraycopy(source.bidPrice, 0, copy.bidPrice, 0, MarketSnapshot.LEVELS);
            System.arraycopy(source.askPrice, 0, copy.askPrice, 0, MarketSnapshot.LEVELS);
            System.arraycopy(source.bidSize, 0, copy.bidSize, 0, MarketSnapshot.LEVELS);
            System.arraycopy(source.askSize, 0, copy.askSize, 0, MarketSnapshot.LEVELS);
            copy.isTrade = source.isTrade;
            copy.lastTradePrice = source.lastTradePrice;
            copy.lastTradeSize = source.lastTradeSize;
            copy.lastTradeSide = source.lastTradeSide;
            copy.eventTimeNs = source.eventTimeNs;
            snapshots[i] = copy;
            time = copy.eventTimeNs;
        }
        this.timeOffset = time;
    }

    private long timeOffset;
    private long round;

    @Benchmark
    public double update()
    {
        final MarketSnapshot snapshot = snapshots[next];
        // Event time keeps advancing when the snapshots cycle, as duration windows need.
        final long original = snapshot.eventTimeNs;
        snapshot.eventTimeNs = original + round * timeOffset;
        FeatureEvaluator.update(state, snapshot);
        snapshot.eventTimeNs = original;
        if (++next == SNAPSHOTS)
        {
            next = 0;
            round++;
        }
        return state.output(0);
    }
}
