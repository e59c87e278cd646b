package io.lockstep.engine.venue;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.lockstep.book.OrderBook;
import io.lockstep.book.OrderBooks;
import io.lockstep.feed.sbe.SbeMarketDataDecoder;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.MessageHeaderDecoder;
import io.lockstep.sbe.oe.NewOrderDecoder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;


/**
 * A paper venue reachable only over Aeron: it follows the market-data stream into its own books, fills each IOC
 * order against the current book at the touch and deeper levels ({@link PaperMatcher}), answers with execution
 * reports (one per level filled, then EXPIRED for any remainder) and keeps positions and PnL
 * ({@link PaperAccount}). Paper fills do not deplete the book: the real feed drives it.
 * <p>
 * Counters and positions are written by the venue's thread and read by others for display only.
 * <p>
 * Reports go out in the order they were made, and none is dropped: one the execution stream does not take (the
 * engine not connected yet, or back-pressure) waits in a queue, and the venue takes no new order until the queue
 * is empty, so that a venue answering late still answers every order, and the engine's positions follow its own.
 * Market data is followed meanwhile.
 * <p>
 * It also measures tick-to-trade: the arrival time of each order minus the event time of the market data that
 * triggered it, which a live publisher stamps with its send time.
 */
public final class PaperVenue implements Agent, PaperFills.ReportSink
{
    private static final int FRAGMENT_LIMIT = 64;
    /** One order's reports at most wait (one per level filled, and EXPIRED): far below this. */
    private static final int MAX_PENDING_BYTES = 16 * 1024 * 1024;

    private final Subscription marketData;
    private final Subscription orders;
    private final Publication executions;
    private final EpochNanoClock clock;
    private final OrderBooks books = new OrderBooks();
    private final SbeMarketDataDecoder marketDataDecoder = new SbeMarketDataDecoder();
    private final PaperFills paperFills = new PaperFills(this);
    private final PaperAccount account = new PaperAccount();
    private final FragmentAssembler marketDataAssembler = new FragmentAssembler(this::onMarketData);
    private final ControlledFragmentAssembler orderAssembler = new ControlledFragmentAssembler(this::onOrder);
    private final MessageHeaderDecoder orderHeader = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final Recorder tickToTrade = new Recorder(60_000_000_000L, 3);
    private final ExpandableRingBuffer pendingReports = new ExpandableRingBuffer(4096, MAX_PENDING_BYTES, false);
    private final ExpandableRingBuffer.MessageConsumer offerPending = this::offerPending;

    private volatile double markedPnl = Double.NaN;
    private int instrumentId;
    private byte side;
    private long ordersReceived;
    private long fills;
    private long accountErrors;

    public PaperVenue(
        final Subscription marketData, final Subscription orders, final Publication executions,
        final EpochNanoClock clock)
    {
        this.marketData = marketData;
        this.orders = orders;
        this.executions = executions;
        this.clock = clock;
    }

    public int doWork()
    {
        final int sent = pendingReports.isEmpty() ? 0 : pendingReports.consume(offerPending, Integer.MAX_VALUE);
        final int marketDataRead = marketData.poll(marketDataAssembler, FRAGMENT_LIMIT);
        if (marketDataRead > 0)
        {
            markToMarket(); // once a batch: the last mark is that of the last market data, as the engine's reports
        }
        return sent + marketDataRead + orders.controlledPoll(orderAssembler, FRAGMENT_LIMIT);
    }

    private void onMarketData(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        marketDataDecoder.decode(buffer, offset, length, books);
    }

    /** PnL at the current mid, computed here on the venue's thread and published for other threads to read. */
    private void markToMarket()
    {
        final OrderBook book = books.book(instrumentId);
        if (book != null && book.bidLevels() > 0 && book.askLevels() > 0)
        {
            final long mid = (book.bestBidPrice() + book.bestAskPrice()) / 2;
            markedPnl = account.pnl(instrumentId, mid, book.priceExponent());
        }
    }

    private ControlledFragmentHandler.Action onOrder(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!pendingReports.isEmpty())
        {
            return ControlledFragmentHandler.Action.ABORT; // it waits in its stream: answers go out in order
        }
        final long arrivalNs = clock.nanoTime();
        orderHeader.wrap(buffer, offset);
        if (orderHeader.templateId() != NewOrderDecoder.TEMPLATE_ID ||
            orderHeader.schemaId() != NewOrderDecoder.SCHEMA_ID)
        {
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        newOrder.wrapAndApplyHeader(buffer, offset, orderHeader);
        ordersReceived++;
        final long latency = arrivalNs - newOrder.eventTimeNs();
        if (latency >= 0 && latency <= 60_000_000_000L)
        {
            tickToTrade.recordValue(latency);
        }
        instrumentId = (int)newOrder.instrumentId();
        side = (byte)newOrder.sideRaw();
        paperFills.execute(books.book(instrumentId), newOrder.clOrdId(), instrumentId, side, newOrder.price(),
            newOrder.quantity(), arrivalNs);
        markToMarket();
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    public void onReport(
        final ExecType type, final long price, final long quantity, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (type != ExecType.EXPIRED)
        {
            fills++;
            if (account.onFill(instrumentId, side, price, quantity) != PaperAccount.APPLIED)
            {
                accountErrors++;
            }
        }
        if ((!pendingReports.isEmpty() || executions.offer(buffer, offset, length) <= 0) &&
            !pendingReports.append(buffer, offset, length))
        {
            throw new IllegalStateException("the paper venue's queue of unsent reports is full (" +
                pendingReports.size() + " bytes): an order was answered with more reports than it can hold");
        }
    }

    /** @return the execution stream took the waiting report, which then leaves the queue. */
    private boolean offerPending(final MutableDirectBuffer buffer, final int offset, final int length, final int head)
    {
        return executions.offer(buffer, offset, length) > 0;
    }

    public String roleName()
    {
        return "lockstep-paper-venue";
    }

    /**
     * Tick-to-trade in nanoseconds since the last call (HdrHistogram's interval recorder: safe from any thread).
     *
     * @param recycle the histogram returned by the previous call, or null.
     */
    public Histogram takeTickToTrade(final Histogram recycle)
    {
        return tickToTrade.getIntervalHistogram(recycle);
    }

    public PaperAccount account()
    {
        return account;
    }

    public long ordersReceived()
    {
        return ordersReceived;
    }

    public long fills()
    {
        return fills;
    }

    /** @return bytes of reports waiting for the execution stream to take them; read on the venue's thread only. */
    public int pendingReportBytes()
    {
        return pendingReports.size();
    }

    /** @return fills the account refused (overflow, capacity): reported to the engine but not in the PnL. */
    public long accountErrors()
    {
        return accountErrors;
    }

    /** @return mark-to-market PnL of the instrument last traded, in currency, as of the venue's last mark. */
    public double markedPnl()
    {
        return markedPnl;
    }

    /** @return the venue's position in the instrument last traded (read from another thread: for display). */
    public long position()
    {
        return account.position(instrumentId);
    }
}
