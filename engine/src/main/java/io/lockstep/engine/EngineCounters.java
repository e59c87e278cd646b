package io.lockstep.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the engine did, for status lines and the summary. Each counter has one writing thread (the business
 * thread, or ingress for the INGRESS_ counters) using ordered (release) stores, which cost no fence on x86; any
 * thread reads.
 */
public final class EngineCounters
{
    public static final int EVENTS = 0;
    public static final int DECISIONS = 1;
    public static final int ORDERS = 2;
    public static final int FILLS = 3;
    public static final int RISK_REJECTS = 4;
    public static final int EGRESS_FAILURES = 5;
    public static final int MALFORMED = 6;
    public static final int IGNORED = 7;
    public static final int CONTROL = 8;
    public static final int INGRESS_OVERSIZED = 9;
    public static final int INGRESS_BACK_PRESSURE = 10;
    public static final int STEP_FAILURES = 11;
    public static final int MODEL_SWAPS = 12;
    public static final int MODEL_ROLLBACKS = 13;
    public static final int MODEL_QUARANTINES = 14;
    public static final int MODEL_COMMANDS_REFUSED = 15;
    public static final int MARKET_DATA = 16;
    /** Sequence gaps of a sequenced feed (MoldUDP64), and the messages lost in them: written by ingress. */
    public static final int INGRESS_FEED_GAPS = 17;
    public static final int INGRESS_FEED_MISSING = 18;
    /** Feed packets that do not decode (MoldUDP64 framing), rejected whole: written by ingress. */
    public static final int INGRESS_FEED_REJECTS = 19;
    /** MoldUDP64 Request Packets sent, and gaps the answers filled before the decoder saw them: written by ingress. */
    public static final int INGRESS_FEED_REREQUESTS = 20;
    public static final int INGRESS_FEED_GAPS_FILLED = 21;
    /** Inputs the business thread took after a journal failed: neither journaled nor applied. */
    public static final int INPUTS_DROPPED = 22;
    /** Orders the position limit stopped counting as open, unanswered after {@code OpenOrders.CAPACITY} more. */
    public static final int ORDERS_FORGOTTEN = 23;
    /** OrderRejects from the venue: each closes its order. */
    public static final int VENUE_REJECTS = 24;
    /** Events a burst pushed out of a duration window before their time, once per window: NaN meanwhile. */
    public static final int FEATURE_WINDOW_TRUNCATIONS = 25;
    /** A new instrument's book or feature state made on the business thread: none was ready. */
    public static final int INSTRUMENT_STATES_MADE_LATE = 26;
    /** Fill reports that added nothing to their order's cumulative fill (resent): the position ignored them. */
    public static final int DUPLICATE_FILLS = 27;
    /** Fills on another instrument than their open order's: each engages the kill switch. */
    public static final int FILLS_OF_ANOTHER_INSTRUMENT = 28;
    /** Book events inconsistent with the book (a duplicate add, a cancel of more than rests...), not unknown ids. */
    public static final int BOOK_INCONSISTENCIES = 29;

    private static final String[] NAMES = { "events", "decisions", "orders", "fills", "risk rejects",
        "egress failures", "malformed inputs", "ignored inputs", "control inputs", "oversized inputs rejected",
        "ring full (back-pressure)", "step failures (kill switch engaged)",
        "model swaps", "model rollbacks", "models quarantined", "model commands refused", "market-data inputs",
        "feed sequence gaps", "feed messages missing", "feed packets rejected", "feed re-requests sent",
        "feed gaps filled", "inputs dropped after a journal failure", "orders forgotten unanswered",
        "venue rejects", "feature window truncations", "instrument states made on the business thread",
        "duplicate fills ignored", "fills on another instrument than their order (kill switch engaged)",
        "book events inconsistent with the book" };

    private final AtomicLongArray values = new AtomicLongArray(NAMES.length);
    /** The kill switch is released: the engine trades. */
    public static final int KILL_SWITCH_RELEASED = 0;
    /** A command engaged the kill switch; a command can release it. */
    public static final int KILL_SWITCH_BY_COMMAND = 1;
    /** A failure (of the step, or of a journal) engaged the kill switch, for the rest of the run. */
    public static final int KILL_SWITCH_BY_FAILURE = 2;

    /** State, not a count: written by the business thread when the kill switch changes, read by any thread. */
    private volatile int killSwitch = KILL_SWITCH_RELEASED;

    /** Single writer per counter: a plain read-modify-write published with an ordered store. */
    public void increment(final int counter)
    {
        values.lazySet(counter, values.get(counter) + 1);
    }

    /** Single writer per counter, as {@link #increment}. */
    public void add(final int counter, final long delta)
    {
        values.lazySet(counter, values.get(counter) + delta);
    }

    /** Single writer per counter: a total kept elsewhere (a feed handler's), published with an ordered store. */
    public void set(final int counter, final long value)
    {
        values.lazySet(counter, value);
    }

    /** The business thread publishes the kill switch whenever it changes: one of the KILL_SWITCH_ states. */
    public void killSwitch(final int state)
    {
        killSwitch = state;
    }

    /** @return the kill switch's state, {@link #KILL_SWITCH_RELEASED} while the engine trades. */
    public int killSwitch()
    {
        return killSwitch;
    }

    /** @return the kill switch is engaged, by command or after a failure: the engine does not trade. */
    public boolean killSwitchEngaged()
    {
        return killSwitch != KILL_SWITCH_RELEASED;
    }

    /**
     * Every counter back to zero, while nothing else runs: a restarted engine counts from the end of recovery. The
     * kill switch stays as recovery left it.
     */
    public void reset()
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            values.set(i, 0);
        }
    }

    public long get(final int counter)
    {
        return values.get(counter);
    }

    public static int count()
    {
        return NAMES.length;
    }

    public static String name(final int counter)
    {
        return NAMES[counter];
    }
}
