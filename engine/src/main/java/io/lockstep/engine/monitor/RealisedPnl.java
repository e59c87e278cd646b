package io.lockstep.engine.monitor;

import io.lockstep.book.OrderBook;
import io.lockstep.book.OrderBooks;
import io.lockstep.engine.ExecutionReports;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.engine.venue.PaperAccount;
import io.lockstep.feed.FeedDecoder;
import io.lockstep.journal.JournalCorruptionException;
import io.lockstep.journal.JournalReader;
import io.lockstep.journal.JournalRecord;
import io.lockstep.journal.RecordHandler;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.oe.ExecutionReportDecoder;
import io.lockstep.util.JsonWriter;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the run earned, for research: realised PnL marked to the mid, its Sharpe over fixed event-time buckets, the
 * worst drawdown, and for each model the orders it sent, how much of them filled and at what slippage against the
 * mid when it decided (the arrival mid), beside the half spread it faced then.
 * <p>
 * It reads the two journals the business thread writes: the inputs (market data through the engine's own
 * decoders and books, the venue's execution reports) and the decisions (which model sent which order: an order's
 * client id is the input sequence that decided it). The business thread appends input T only after it has written
 * the decision of input T - 1, so once T is readable every decision before it is too: before applying T, this
 * reads the decisions before T, with the books exactly as they stood after T - 1. The engine's monitor tails both
 * journals that way; {@code lockstep research pnl} reads them whole; the same inputs give the same report, byte
 * for byte. It reads no clock: buckets are the market data's event time.
 */
public final class RealisedPnl implements RecordHandler
{
    private static final long NO_MID = Long.MIN_VALUE;
    /**
     * Orders remembered for their reports. An IOC order's last report comes at once; one that never comes (an
     * order egress could not send, a venue that stays silent) is forgotten once this many newer orders went out,
     * so that a monitor running for days holds bounded memory. A report of it after that counts as unmatched.
     */
    static final int MAX_OPEN_ORDERS = 1 << 16;

    private final FeedDecoder feed;
    private final OrderBooks books = new OrderBooks();
    private final PaperAccount account = new PaperAccount();
    private final ExecutionReports executionReports = new ExecutionReports();
    private final DecisionRecordDecoder decision = new DecisionRecordDecoder();
    private final io.lockstep.sbe.decision.MessageHeaderDecoder decisionHeader =
        new io.lockstep.sbe.decision.MessageHeaderDecoder();
    private final RecordHandler onDecision = this::onDecision;
    private final byte[] hash = new byte[DeployedModel.HASH_LENGTH];
    /** Sized for {@link #MAX_OPEN_ORDERS} from the start: growing it would rehash on the monitor thread. */
    private final Long2ObjectHashMap<Order> openOrders =
        new Long2ObjectHashMap<>(2 * MAX_OPEN_ORDERS, Hashing.DEFAULT_LOAD_FACTOR);
    /** Orders whose reports are all in, for reuse: the live monitor makes no garbage per order. */
    private final ArrayDeque<Order> spareOrders = new ArrayDeque<>();
    /** The client ids of the last {@link #MAX_OPEN_ORDERS} orders, oldest next to be overwritten. */
    private final long[] recentOrders = new long[MAX_OPEN_ORDERS];
    private long ordersRegistered;
    private long ordersForgotten;
    private final Map<String, ModelPnl> models = new LinkedHashMap<>();
    /** Twice the last two-sided mid of each instrument, in price mantissa units: exact. */
    private final Long2LongHashMap doubleMids = new Long2LongHashMap(NO_MID);
    private final byte[] lastHash = new byte[DeployedModel.HASH_LENGTH];
    private ModelPnl lastModel;
    private final long bucketNs;
    private JournalReader decisions;
    private ModelPnl champion;
    /** A decision read ahead of its input: applied once the books stand as they did after that input. */
    private boolean held;
    private long heldSequence;
    private ModelPnl heldModel;
    private int heldInstrument;
    private long heldClOrdId;
    private long heldQuantity;
    private long limit = Long.MAX_VALUE;
    private long lastSequence = -1;
    private long inputs;
    private long fills;
    private long unmatchedFills;
    private long malformedReports;
    private long duplicateFills;
    private long unaccountedFills;
    private long unmarkedInputs;
    private long eventTimeNs = Long.MIN_VALUE;
    private long bucket = Long.MIN_VALUE;
    /** Where the buckets start: the first input's event time, so that the first is as long as the others. */
    private long firstEventTimeNs;
    /** The equity (of the instruments that have a mark) after the last input. */
    private double lastMark;
    /** The equity the open bucket began from. */
    private double bucketStartMark;
    private double peak;
    private double maxDrawdown;
    private final Moments buckets = new Moments();

    /**
     * @param lobsterInstrumentId the instrument of LOBSTER rows, as the engine was configured.
     * @param bucketNs            event-time length of the buckets the Sharpe ratio is taken over.
     */
    public RealisedPnl(final int lobsterInstrumentId, final long bucketNs)
    {
        if (bucketNs <= 0)
        {
            throw new IllegalArgumentException("a PnL bucket must be longer than 0 ns: " + bucketNs);
        }
        this.feed = new FeedDecoder(lobsterInstrumentId);
        this.bucketNs = bucketNs;
    }

    /** Read no input after {@code sequence}, nor the decision of one. */
    public RealisedPnl limit(final long sequence)
    {
        this.limit = sequence;
        return this;
    }

    /**
     * Apply what the journals hold by now: at most {@code maxInputs} inputs, each after the decisions before it.
     *
     * @return inputs applied.
     */
    public int poll(final JournalReader inputReader, final JournalReader decisionReader, final int maxInputs)
    {
        decisions = decisionReader;
        return inputReader.poll(this, maxInputs);
    }

    /**
     * The journals are complete (offline, or the engine has stopped): read the decisions of the last inputs.
     */
    public void finish(final JournalReader decisionReader)
    {
        decisions = decisionReader;
        readDecisionsBefore(lastSequence + 1);
    }

    /**
     * Read both journals offline: to their end, then the decisions of the last inputs, as the engine's last report
     * at shutdown; or to the {@link #limit}, as a live report that says it is through that input (the decision of
     * that input not yet in it).
     *
     * @return null, or when a journal ends in a torn record (a crash mid-write), where: the report covers what
     * precedes it.
     * @throws JournalCorruptionException for anything else in a journal that does not read, naming it.
     */
    public String readToEnd(final JournalReader inputReader, final JournalReader decisionReader)
    {
        try
        {
            int read;
            do
            {
                read = poll(inputReader, decisionReader, 4096);
            }
            while (read > 0 && !reachedLimit());
            if (reachedLimit())
            {
                return null;
            }
            inputReader.checkNothingBeyondEnd();
            finish(decisionReader);
            decisionReader.checkNothingBeyondEnd();
            return null;
        }
        catch (final JournalCorruptionException ex)
        {
            if (!ex.isTornTail())
            {
                throw ex;
            }
            finishBeforeTornTail(decisionReader);
            return ex.getMessage();
        }
    }

    /** A crash tore a journal's last record: the decisions of the whole inputs before it still count. */
    private void finishBeforeTornTail(final JournalReader decisionReader)
    {
        try
        {
            finish(decisionReader);
        }
        catch (final JournalCorruptionException ex)
        {
            if (!ex.isTornTail())
            {
                throw ex;
            }
        }
    }

    /** @return the sequence of the last input applied; meaningless while {@link #inputs()} is 0. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return the inputs applied. */
    public long inputs()
    {
        return inputs;
    }

    /** @return whether the input at the {@link #limit} has been applied: no later one will be. */
    public boolean reachedLimit()
    {
        return lastSequence >= limit;
    }

    public void onRecord(final JournalRecord record)
    {
        final long sequence = record.sequence();
        if (sequence > limit)
        {
            return;
        }
        readDecisionsBefore(sequence);
        inputs++;
        lastSequence = sequence;
        final ProtocolTag protocol = record.protocol();
        if (protocol == ProtocolTag.SBE_ORDER_ENTRY)
        {
            onOrderEntry(record);
        }
        else
        {
            books.resetLastInstrument();
            if (feed.decode(protocol, record.buffer(), record.payloadOffset(), record.payloadLength(), books) ==
                FeedDecoder.APPLIED && books.lastInstrumentId() != OrderBooks.NO_INSTRUMENT)
            {
                onBook(books.lastInstrumentId());
            }
        }
        mark();
    }

    /** Decisions of inputs before {@code sequence}; one read past it is held until its input has been applied. */
    private void readDecisionsBefore(final long sequence)
    {
        while (true)
        {
            if (held)
            {
                if (heldSequence >= sequence)
                {
                    return;
                }
                held = false;
                register();
            }
            if (decisions == null || decisions.poll(onDecision, 1) == 0)
            {
                return;
            }
        }
    }

    private void onDecision(final JournalRecord record)
    {
        if (!DecisionRecords.wrap(record, decisionHeader, decision))
        {
            return; // digest checkpoints
        }
        final long sequence = decision.sequence();
        if (sequence > limit)
        {
            return;
        }
        decision.getChampionHash(hash, 0, hash.length);
        if (lastModel == null || !Arrays.equals(hash, lastHash))
        {
            System.arraycopy(hash, 0, lastHash, 0, hash.length);
            lastModel = models.computeIfAbsent(HexFormat.of().formatHex(hash), ModelPnl::new);
        }
        heldModel = lastModel;
        heldSequence = sequence;
        heldInstrument = (int)decision.instrumentId();
        heldQuantity = 0;
        // Groups read in order: the features and predictions come before the order.
        final DecisionRecordDecoder.FeaturesDecoder features = decision.features();
        while (features.hasNext())
        {
            features.next();
        }
        final DecisionRecordDecoder.PredictionsDecoder predictions = decision.predictions();
        while (predictions.hasNext())
        {
            predictions.next();
        }
        final DecisionRecordDecoder.OrdersDecoder orders = decision.orders();
        if (orders.hasNext())
        {
            orders.next();
            heldClOrdId = orders.clOrdId();
            heldQuantity = orders.quantity();
        }
        held = true;
    }

    /** The held decision, with the books as they stood after its input: its model is in charge from now. */
    private void register()
    {
        champion = heldModel;
        champion.decisions++;
        if (heldQuantity > 0)
        {
            final Order spare = spareOrders.poll();
            final Order order = (spare != null ? spare : new Order()).open(champion, heldQuantity);
            final long doubleMid = doubleMid(books.book(heldInstrument));
            if (doubleMid != NO_MID)
            {
                final OrderBook book = books.book(heldInstrument);
                order.arrivalDoubleMid = doubleMid;
                order.halfSpreadBps = (book.bestAskPrice() - book.bestBidPrice()) * 1e4 / doubleMid;
                order.currencyPerTick = PaperAccount.toCurrency(1, book.priceExponent());
            }
            champion.orders++;
            champion.orderedQuantity += heldQuantity;
            final int slot = (int)(ordersRegistered++ % MAX_OPEN_ORDERS);
            if (ordersRegistered > MAX_OPEN_ORDERS)
            {
                final Order forgotten = openOrders.remove(recentOrders[slot]);
                if (forgotten != null)
                {
                    ordersForgotten++;
                    spareOrders.offer(forgotten);
                }
            }
            recentOrders[slot] = heldClOrdId;
            openOrders.put(heldClOrdId, order);
        }
    }

    private void onOrderEntry(final JournalRecord record)
    {
        final int kind = executionReports.read(record.buffer(), record.payloadOffset(), record.payloadLength());
        if (kind == ExecutionReports.MALFORMED || kind == ExecutionReports.MALFORMED_FILL)
        {
            malformedReports++; // the engine counts the same input malformed and leaves its position alone
        }
        if (kind == ExecutionReports.DUPLICATE_FILL)
        {
            duplicateFills++; // the engine ignores it too, beyond settling an order it says is done
        }
        if (kind != ExecutionReports.REPORT && kind != ExecutionReports.FILL && kind != ExecutionReports.REJECT &&
            kind != ExecutionReports.DUPLICATE_FILL)
        {
            return;
        }
        final long clOrdId = executionReports.clOrdId();
        final Order order = openOrders.get(clOrdId);
        if (kind == ExecutionReports.FILL)
        {
            onFill(order, executionReports.report());
        }
        if (order != null && (kind == ExecutionReports.REJECT || executionReports.orderDone()))
        {
            openOrders.remove(clOrdId);
            order.model.settledQuantity += order.quantity;
            order.model.settledFilledQuantity += order.filled;
            spareOrders.offer(order);
        }
    }

    private void onFill(final Order order, final ExecutionReportDecoder report)
    {
        final long quantity = executionReports.fillQuantity(); // as the engine counts it: a resent fill is none
        final long price = report.lastPrice();
        final int instrumentId = (int)report.instrumentId();
        final boolean buy = executionReports.signedQuantity() > 0;
        fills++; // as the engine counts them
        if (account.onFill(instrumentId, buy ? OrderIntent.BUY : OrderIntent.SELL, price, quantity) !=
            PaperAccount.APPLIED)
        {
            unaccountedFills++; // cash beyond a long, or more instruments than the account holds: not in the PnL
        }
        if (order == null)
        {
            unmatchedFills++; // no decision of the journal sent it: a stray report
            return;
        }
        final ModelPnl model = order.model;
        model.fills++;
        model.filledQuantity += quantity;
        order.filled += quantity;
        if (order.arrivalDoubleMid != 0)
        {
            // Positive is a cost: a buy above the arrival mid, a sell below it.
            final double signedTicks = (buy ? 1 : -1) * (2.0 * price - order.arrivalDoubleMid) / 2.0;
            model.slippageCost += signedTicks * quantity * order.currencyPerTick;
            model.slippageBpsWeighted += signedTicks * 2e4 / order.arrivalDoubleMid * quantity;
            model.halfSpreadBpsWeighted += order.halfSpreadBps * quantity;
            model.measuredQuantity += quantity;
        }
    }

    private void onBook(final int instrumentId)
    {
        final OrderBook book = books.book(instrumentId);
        eventTimeNs = Math.max(eventTimeNs, book.eventTimeNs());
        final long doubleMid = doubleMid(book);
        if (doubleMid != NO_MID)
        {
            doubleMids.put(instrumentId, doubleMid);
        }
    }

    /** @return best bid plus best ask, or {@link #NO_MID} for a book that is not two-sided (or absurd prices). */
    private static long doubleMid(final OrderBook book)
    {
        if (book == null || book.bidLevels() == 0 || book.askLevels() == 0)
        {
            return NO_MID;
        }
        final long bid = book.bestBidPrice();
        final long ask = book.bestAskPrice();
        final long sum = bid + ask;
        // Overflow only when both have the sign the sum lacks; zero would divide by zero as a mid.
        return ((bid ^ sum) & (ask ^ sum)) < 0 || sum == 0 || sum == NO_MID ? NO_MID : sum;
    }

    /**
     * The account marked to the mids after this input; the change since the last mark belongs to the model in
     * charge. An instrument whose position has no mark (it was never two-sided) is left out until it has one, and
     * the inputs after which one was left out are counted.
     */
    private void mark()
    {
        double value = 0;
        boolean unmarked = false;
        for (int i = 0; i < account.instrumentCount(); i++)
        {
            final double pnl = instrumentPnl(account.instrumentId(i));
            if (Double.isNaN(pnl))
            {
                unmarked = true;
            }
            else
            {
                value += pnl;
            }
        }
        if (unmarked)
        {
            unmarkedInputs++;
        }
        if (champion != null)
        {
            champion.pnl += value - lastMark;
        }
        if (eventTimeNs != Long.MIN_VALUE)
        {
            if (bucket == Long.MIN_VALUE)
            {
                firstEventTimeNs = eventTimeNs; // the buckets start at the first input, whose mark starts at 0
                bucket = 0;
            }
            final long now = Math.floorDiv(eventTimeNs - firstEventTimeNs, bucketNs);
            if (now > bucket)
            {
                // The bucket closes at the last mark before this input; buckets without inputs earned nothing.
                buckets.add(lastMark - bucketStartMark);
                buckets.addZeros(now - bucket - 1);
                bucketStartMark = lastMark;
                bucket = now;
            }
        }
        lastMark = value;
        peak = Math.max(peak, value);
        maxDrawdown = Math.max(maxDrawdown, peak - value);
    }

    /** A fill for an instrument without market data is at the books' default exponent, as the engine reads it. */
    private int priceExponent(final int instrumentId)
    {
        final OrderBook book = books.book(instrumentId);
        return book == null ? OrderBook.DEFAULT_PRICE_EXPONENT : book.priceExponent();
    }

    /** Cash plus position at the mid, in currency: NaN for a position in an instrument never two-sided. */
    private double instrumentPnl(final int instrumentId)
    {
        final int exponent = priceExponent(instrumentId);
        final long position = account.position(instrumentId);
        if (position == 0)
        {
            return PaperAccount.toCurrency(account.cash(instrumentId), exponent);
        }
        final long doubleMid = doubleMids.get(instrumentId);
        if (doubleMid == NO_MID)
        {
            return Double.NaN;
        }
        try
        {
            // Twice (cash + position * mid), exactly in mantissa units, then halved: a half tick stays exact.
            return PaperAccount.toCurrency(Math.addExact(Math.multiplyExact(2, account.cash(instrumentId)),
                Math.multiplyExact(position, doubleMid)), exponent) / 2;
        }
        catch (final ArithmeticException ex)
        {
            return Double.NaN; // beyond a long: no exact mark
        }
    }

    /** @return one line: PnL, fills, drawdown and Sharpe. */
    public String summary()
    {
        return "PnL " + lastMark + " over " + fills + " fills, max drawdown " + maxDrawdown + ", Sharpe " +
            buckets.mean() / buckets.std() + " per " + bucketNs / 1e9 + " s bucket (" + buckets.count + " buckets)";
    }

    /**
     * The report as JSON. Nothing in it depends on when or where it was computed.
     */
    public String report()
    {
        final JsonWriter json = new JsonWriter();
        writeTo(json);
        return json.toString();
    }

    /**
     * This run against its backtest (the same inputs with orders filled as they were decided): both reports, and
     * the shortfall, what execution cost: the run's PnL less the backtest's, and for each model of the run its PnL,
     * fill rate and slippage less the backtest's (null for a model the backtest never ran).
     */
    public String compare(final RealisedPnl backtest)
    {
        final JsonWriter json = new JsonWriter().beginObject().name("channel").value("research").name("live");
        writeTo(json);
        json.name("backtest");
        backtest.writeTo(json);
        json.name("shortfall").beginObject().name("pnl").value(lastMark - backtest.lastMark)
            .name("models").beginArray();
        for (final ModelPnl model : models.values())
        {
            final ModelPnl other = backtest.models.get(model.hashHex);
            json.beginObject().name("hash").value(model.hashHex)
                .name("pnl").value(other == null ? Double.NaN : model.pnl - other.pnl)
                .name("fillRate").value(other == null ? Double.NaN : model.fillRate() - other.fillRate())
                .name("slippageBps").value(other == null ? Double.NaN : model.slippageBps() - other.slippageBps())
                .endObject();
        }
        return json.endArray().endObject().endObject().toString();
    }

    private void writeTo(final JsonWriter json)
    {
        json.beginObject().name("channel").value("research")
            .name("throughSequence").valueOrNull(lastSequence, inputs > 0).name("inputs").value(inputs)
            .name("fills").value(fills).name("unmatchedFills").value(unmatchedFills)
            .name("unaccountedFills").value(unaccountedFills).name("malformedReports").value(malformedReports)
            .name("duplicateFills").value(duplicateFills)
            .name("ordersAwaitingReports").value(openOrders.size()).name("ordersForgotten").value(ordersForgotten)
            .name("unmarkedInputs").value(unmarkedInputs)
            .name("pnl").value(lastMark).name("maxDrawdown").value(maxDrawdown)
            .name("bucketSeconds").value(bucketNs / 1e9).name("buckets").value(buckets.count)
            .name("bucketPnlMean").value(buckets.mean()).name("bucketPnlStd").value(buckets.std())
            .name("sharpe").value(buckets.mean() / buckets.std())
            .name("instruments").beginArray();
        for (int i = 0; i < account.instrumentCount(); i++)
        {
            final int instrumentId = account.instrumentId(i);
            final int exponent = priceExponent(instrumentId);
            final long doubleMid = doubleMids.get(instrumentId);
            json.beginObject().name("instrument").value(instrumentId)
                .name("position").value(account.position(instrumentId))
                .name("cash").value(PaperAccount.toCurrency(account.cash(instrumentId), exponent))
                .name("mid").value(doubleMid == NO_MID ? Double.NaN : PaperAccount.toCurrency(doubleMid, exponent) / 2)
                .name("pnl").value(instrumentPnl(instrumentId))
                .name("fills").value(account.fills(instrumentId))
                .name("tradedQuantity").value(account.tradedQuantity(instrumentId)).endObject();
        }
        json.endArray().name("models").beginArray();
        for (final ModelPnl model : models.values())
        {
            model.writeTo(json);
        }
        json.endArray().endObject();
    }

    /** An order the venue may still report on; an arrival mid of 0 means the book was not two-sided. */
    private static final class Order
    {
        ModelPnl model;
        long quantity;
        long filled;
        long arrivalDoubleMid;
        double halfSpreadBps;
        double currencyPerTick;

        Order open(final ModelPnl model, final long quantity)
        {
            this.model = model;
            this.quantity = quantity;
            filled = 0;
            arrivalDoubleMid = 0;
            halfSpreadBps = 0;
            currencyPerTick = 0;
            return this;
        }
    }

    private static final class ModelPnl
    {
        final String hashHex;
        long decisions;
        long orders;
        long orderedQuantity;
        long fills;
        long filledQuantity;
        /** Of the orders that had their last report: the quantity ordered, and filled. */
        long settledQuantity;
        long settledFilledQuantity;
        long measuredQuantity;
        double slippageCost;
        double slippageBpsWeighted;
        double halfSpreadBpsWeighted;
        double pnl;

        ModelPnl(final String hashHex)
        {
            this.hashHex = hashHex;
        }

        /** Of the orders whose fate is known: one the run stopped before hearing back about is not a miss. */
        double fillRate()
        {
            return settledQuantity == 0 ? Double.NaN : (double)settledFilledQuantity / settledQuantity;
        }

        double slippageBps()
        {
            return slippageBpsWeighted / measuredQuantity;
        }

        void writeTo(final JsonWriter json)
        {
            json.beginObject().name("hash").value(hashHex).name("decisions").value(decisions)
                .name("orders").value(orders).name("orderedQuantity").value(orderedQuantity)
                .name("fills").value(fills).name("filledQuantity").value(filledQuantity)
                .name("fillRate").value(fillRate())
                .name("slippageBps").value(slippageBps())
                .name("halfSpreadBps").value(halfSpreadBpsWeighted / measuredQuantity)
                .name("slippageCost").value(slippageCost)
                .name("pnl").value(pnl).endObject();
        }
    }

    /** Count, mean and sum of squared deviations (Welford), merging runs of zeros in one step (Chan et al.). */
    private static final class Moments
    {
        long count;
        double mean;
        double m2;

        void add(final double value)
        {
            count++;
            final double delta = value - mean;
            mean += delta / count;
            m2 += delta * (value - mean);
        }

        void addZeros(final long zeros)
        {
            if (zeros <= 0)
            {
                return;
            }
            final long total = count + zeros;
            final double delta = -mean;
            m2 += delta * delta * count * zeros / total;
            mean += delta * zeros / total;
            count = total;
        }

        double mean()
        {
            return count == 0 ? Double.NaN : mean;
        }

        double std()
        {
            return count < 2 ? Double.NaN : Math.sqrt(m2 / (count - 1));
        }
    }
}
