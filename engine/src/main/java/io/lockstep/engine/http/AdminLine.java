package io.lockstep.engine.http;

import io.aeron.Aeron;
import io.lockstep.engine.AdminClient;
import io.lockstep.engine.EngineSettings;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API's line to the engine's admin stream: one thread, so changes reach the engine one at a time and in
 * the order they were accepted, and the event loop never waits for a model's warm-up. Each change connects an
 * {@link AdminClient} and closes it after the answer, as {@code lockstep admin} does: an answer subscription left
 * open between changes would hold the answer stream back for every other admin client.
 */
final class AdminLine implements AutoCloseable
{
    /** A load waits for the model's warm-up: as long as {@code lockstep admin} waits by default. */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_WAITING = 16;

    /** The longest an exchange can take: a connect, then a load and the change that follows it. */
    private static final long MAX_EXCHANGE_NS = AdminClient.CONNECT_TIMEOUT_NS + 2 * TIMEOUT_NS;

    /** One admin exchange, run on the line's thread. */
    @FunctionalInterface
    interface Exchange
    {
        List<AdminClient.Answer> run(AdminClient client);
    }

    /** A change accepted from a connection: carried out in its turn, or refused if the line stops first. */
    interface Change extends Runnable
    {
        void refuse(String reason);
    }

    private final Aeron aeron;
    private final EngineSettings settings;
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(MAX_WAITING), new DefaultThreadFactory("lockstep-http-admin", true));

    AdminLine(final Aeron aeron, final EngineSettings settings)
    {
        this.aeron = aeron;
        this.settings = settings;
    }

    /**
     * Queue a change for the line's thread.
     *
     * @throws RejectedExecutionException when {@value #MAX_WAITING} changes wait already, or the line is closed.
     */
    void submit(final Change change)
    {
        thread.execute(change);
    }

    /** @return true once {@link #close()} has begun: no change is taken any more. */
    boolean isStopping()
    {
        return thread.isShutdown();
    }

    /** On the line's thread only. */
    List<AdminClient.Answer> exchange(final Exchange exchange)
    {
        try (AdminClient client = AdminClient.connect(aeron, settings, AdminClient.CONNECT_TIMEOUT_NS))
        {
            return exchange.run(client);
        }
    }

    /**
     * Refuse the changes still queued, then let the one in progress finish, waiting as long as it can take (each
     * of its waits has a deadline), so the line's thread never outlives the engine's Aeron client. Never
     * interrupted: an interrupt inside an Aeron call would close the engine's shared Aeron client.
     */
    public void close()
    {
        thread.shutdown();
        final List<Runnable> queued = new ArrayList<>();
        thread.getQueue().drainTo(queued);
        for (final Runnable change : queued)
        {
            ((Change)change).refuse("the engine is stopping: the change was not sent");
        }
        try
        {
            thread.awaitTermination(MAX_EXCHANGE_NS, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
