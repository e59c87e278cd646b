package io.lockstep.engine;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.lockstep.engine.venue.PaperVenue;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The whole loop in one process: the engine (embedded media driver), a synthetic feed published over Aeron at a
 * constant rate, and the paper venue answering orders over Aeron. Feed publisher and venue share one thread, so
 * the demo runs on a 2-core machine: media driver, ingress, business thread, feed and venue.
 */
public final class Demo implements AutoCloseable
{
    private final Engine engine;
    private final FeedPublisher publisher;
    private final PaperVenue venue;
    private final AgentRunner runner;
    private final long startNs = System.nanoTime();
    /** Status intervals left out of the run's total: start-up (JIT, first page faults) is not the steady state. */
    private static final int WARM_UP_INTERVALS = 2;
    private static final long QUIET_MS = 200;

    private final Histogram total = new Histogram(60_000_000_000L, 3);
    private int intervals;
    private Histogram interval;
    private long lastEvents;
    private long lastNs = startNs;

    private Demo(final Engine engine, final FeedPublisher.MessageSource source, final long rate)
    {
        this.engine = engine;
        final EngineSettings s = engine.settings();
        final Aeron aeron = engine.aeron();
        final SystemEpochNanoClock clock = new SystemEpochNanoClock();
        final Publication marketData = aeron.addPublication(s.marketDataChannel, s.marketDataStream);
        venue = new PaperVenue(aeron.addSubscription(s.marketDataChannel, s.marketDataStream),
            aeron.addSubscription(s.orderChannel, s.orderStream),
            aeron.addPublication(s.executionChannel, s.executionStream), clock);
        // The feed's schedule starts when it is made: made before the engine's subscription connected, it owed the
        // ~30 ms the venue's set-up and the connection took, sent as one burst of late messages at the first input.
        awaitConnected(marketData);
        publisher = new FeedPublisher(marketData, source, rate, clock);
        runner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null,
            new CompositeAgent(publisher, venue));
        AgentRunner.startOnThread(runner);
    }

    private static void awaitConnected(final Publication publication)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the engine's market-data subscription did not connect within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * @param source the feed: {@link FeedPublisher#synthetic} or a {@link io.lockstep.feed.RecordedFeed}.
     * @param rate   market-data messages per second.
     */
    public static Demo start(
        final EngineSettings settings, final FeedPublisher.MessageSource source, final long rate,
        final Consumer<String> log)
    {
        final Engine engine = Engine.start(settings, log);
        try
        {
            return new Demo(engine, source, rate);
        }
        catch (final RuntimeException ex)
        {
            engine.close();
            throw ex;
        }
    }

    /** One status line: the interval since the last call. */
    public String statusLine()
    {
        final long now = System.nanoTime();
        final EngineCounters counters = engine.counters();
        final long events = counters.get(EngineCounters.EVENTS);
        final double rate = (events - lastEvents) * 1e9 / Math.max(1, now - lastNs);
        lastEvents = events;
        lastNs = now;
        interval = venue.takeTickToTrade(interval);
        if (++intervals > WARM_UP_INTERVALS)
        {
            total.add(interval);
        }
        return String.format("%5.1fs %,9.0f events/s | tick-to-trade p50 %s p99 %s | orders %,d fills %,d " +
            "rejected by risk %,d | position %,d PnL %s", (now - startNs) / 1e9, rate,
            micros(interval, 50), micros(interval, 99), counters.get(EngineCounters.ORDERS), venue.fills(),
            counters.get(EngineCounters.RISK_REJECTS), venue.position(), money(venue.markedPnl()));
    }

    /** No mark yet (nothing traded, or no two-sided book): '-', as for a percentile of no samples. */
    private static String money(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format("%.2f", value);
    }

    private static String micros(final Histogram histogram, final double percentile)
    {
        return histogram.getTotalCount() == 0 ? "-" :
            String.format("%.1fus", histogram.getValueAtPercentile(percentile) / 1000.0);
    }

    public Engine engine()
    {
        return engine;
    }

    public PaperVenue venue()
    {
        return venue;
    }

    public FeedPublisher publisher()
    {
        return publisher;
    }

    /**
     * Tick-to-trade over the run so far after the first two status intervals (as collected by {@link #statusLine()}).
     */
    public Histogram totalTickToTrade()
    {
        return total;
    }

    /**
     * Stop the feed, then wait until the engine has taken every message it published and its inputs have stopped
     * for {@value #QUIET_MS} ms (the venue's answers to the last orders came back), at most {@code timeoutNs}, so
     * that a status line printed after it shows the run's final orders, fills, position and PnL.
     *
     * @return whether it settled within the timeout.
     */
    public boolean stopFeedAndSettle(final long timeoutNs)
    {
        publisher.stop();
        final EngineCounters counters = engine.counters();
        final long deadline = System.nanoTime() + timeoutNs;
        long events = -1;
        while (System.nanoTime() - deadline < 0)
        {
            final long now = counters.get(EngineCounters.EVENTS);
            if (now == events && counters.get(EngineCounters.MARKET_DATA) >= publisher.sent())
            {
                return true;
            }
            events = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(QUIET_MS));
        }
        return false;
    }

    /**
     * Stop the feed and the venue, then the engine (it drains its ring and closes its journals).
     */
    public void close()
    {
        CloseHelper.quietClose(runner);
        engine.close();
    }
}
