package io.lockstep.engine;

import io.lockstep.book.OrderBook;
import io.lockstep.book.OrderBooks;
import io.lockstep.features.FeaturePlan;
import io.lockstep.features.FeatureState;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * Order books and feature states made ready for instruments the engine has not seen yet, so that an
 * instrument's first event does not make them on the business thread: about 70 us of allocation and zeroing for
 * a book and the 30-feature example graph's state, while every input behind it waits. A new instrument mid-session
 * is common on a whole-market feed (an ITCH stock's first trade can come hours after the open).
 * <p>
 * Made ready up front at construction, then refilled by {@link #doWork()} on another thread (the engine runs it
 * beside its monitor). The business thread takes them through {@link #book()} and {@link #featureState()}; when
 * none is ready it makes one itself, as before, and counts it ({@link EngineCounters#INSTRUMENT_STATES_MADE_LATE}):
 * raise {@code instruments.prepared} if that grows. One-to-one queues hand them over, so each is published safely.
 */
public final class PreparedInstruments implements Agent
{
    private final FeaturePlan plan;
    private final EngineCounters counters;
    private final int count;
    private final OneToOneConcurrentArrayQueue<OrderBook> books;
    private final OneToOneConcurrentArrayQueue<FeatureState> states;

    /**
     * @param count books and feature states kept ready (at least 1).
     */
    public PreparedInstruments(final FeaturePlan plan, final int count, final EngineCounters counters)
    {
        this.plan = plan;
        this.count = count;
        this.counters = counters;
        books = new OneToOneConcurrentArrayQueue<>(count);
        states = new OneToOneConcurrentArrayQueue<>(count);
        doWork();
    }

    /** Refill both to {@code count}; not on the business thread. */
    public int doWork()
    {
        int made = 0;
        while (books.size() < count)
        {
            books.offer(newBook());
            made++;
        }
        while (states.size() < count)
        {
            states.offer(new FeatureState(plan));
            made++;
        }
        return made;
    }

    public String roleName()
    {
        return "prepared-instruments";
    }

    /** For the business thread: a new instrument's book. */
    public OrderBook book()
    {
        final OrderBook book = books.poll();
        if (book != null)
        {
            return book;
        }
        counters.increment(EngineCounters.INSTRUMENT_STATES_MADE_LATE);
        return newBook();
    }

    /** A book as {@link OrderBooks} makes one by default. */
    private static OrderBook newBook()
    {
        return new OrderBook(OrderBooks.DEFAULT_ORDER_CAPACITY, OrderBooks.DEFAULT_LEVEL_CAPACITY);
    }

    /** For the business thread: a new instrument's feature state. */
    public FeatureState featureState()
    {
        final FeatureState state = states.poll();
        if (state != null)
        {
            return state;
        }
        counters.increment(EngineCounters.INSTRUMENT_STATES_MADE_LATE);
        return new FeatureState(plan);
    }
}
