package io.lockstep.features;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.lockstep.features.FeatureHarness.assertClose;

/**
 * Book and trade features on the real LOBSTER AAPL sample: the order-book file gives the 10-level book after each
 * message, the message file the executions (types 4 and 5) that are trades.
 */
class BookFeatureTest
{
    private static final String GRAPH = String.join("\n",
        "spr = Spread()",
        "mid_price = mid # the input, the same node as Mid()",
        "wmid = WeightedMid()",
        "imb1 = Imbalance(1)",
        "imb3 = Imbalance(3)",
        "ofi = OFI()",
        "ofi_sum = Sum(OFI(), 20)",
        "bid3 = BidPrice(3)",
        "ask_size10 = AskSize(10)",
        "vwap_5s = VWAP(5s)",
        "vwap_50 = VWAP(50)",
        "size = trade_size",
        "side = last_side");

    @Test
    void bookAndTradeFeaturesMatchTheirDefinitions()
    {
        final List<String> book = SampleSeries.lines("lobster/AAPL_2012-06-21_34200000_57600000_orderbook_10.csv");
        final List<String> messages = SampleSeries.lines("lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv");
        final int n = book.size();
        final double[][] levels = new double[n][];
        final long[] times = new long[n];
        final boolean[] trade = new boolean[n];
        final double[] tradePrice = new double[n];
        final double[] tradeSize = new double[n];

        final FeaturePlan plan = FeatureCompiler.compile("book.features", GRAPH);
        final FeatureState state = new FeatureState(plan);
        final MarketSnapshot snapshot = new MarketSnapshot();
        double ofiSum = 0;
        final double[] ofi = new double[n];
        int side = 0;
        for (int i = 0; i < n; i++)
        {
            final String[] message = messages.get(i).split(",");
            final String[] row = book.get(i).split(",");
            levels[i] = new double[40];
            for (int c = 0; c < 40; c++)
            {
                levels[i][c] = Double.parseDouble(row[c]) / ((c % 2 == 0) ? 10_000.0 : 1.0);
            }
            times[i] = Math.round(Double.parseDouble(message[0]) * 1e9);
            final int type = Integer.parseInt(message[1]);
            trade[i] = type == 4 || type == 5;
            tradeSize[i] = Double.parseDouble(message[3]);
            tradePrice[i] = Double.parseDouble(message[4]) / 10_000.0;

            snapshot.eventTimeNs = times[i];
            snapshot.isTrade = false;
            for (int level = 0; level < MarketSnapshot.LEVELS; level++)
            {
                snapshot.askPrice[level] = levels[i][4 * level];
                snapshot.askSize[level] = levels[i][4 * level + 1];
                snapshot.bidPrice[level] = levels[i][4 * level + 2];
                snapshot.bidSize[level] = levels[i][4 * level + 3];
            }
            if (trade[i])
            {
                side = -Integer.parseInt(message[5]);
                snapshot.trade(tradePrice[i], tradeSize[i], side);
            }
            FeatureEvaluator.update(state, snapshot);

            final double[] l = levels[i];
            final double ask = l[0];
            final double askSize = l[1];
            final double bid = l[2];
            final double bidSize = l[3];
            assertClose(ask - bid, state.output(0), "spread at " + i);
            assertClose((ask + bid) / 2, state.output(1), "mid at " + i);
            assertClose((bid * askSize + ask * bidSize) / (askSize + bidSize), state.output(2), "wmid at " + i);
            assertClose((bidSize - askSize) / (bidSize + askSize), state.output(3), "imb1 at " + i);
            final double bids = l[3] + l[7] + l[11];
            final double asks = l[1] + l[5] + l[9];
            assertClose((bids - asks) / (bids + asks), state.output(4), "imb3 at " + i);

            if (i == 0)
            {
                ofi[i] = Double.NaN;
            }
            else
            {
                final double[] p = levels[i - 1];
                double e = 0;
                e += bid >= p[2] ? bidSize : 0;
                e -= bid <= p[2] ? p[3] : 0;
                e -= ask <= p[0] ? askSize : 0;
                e += ask >= p[0] ? p[1] : 0;
                ofi[i] = e;
            }
            assertClose(ofi[i], state.output(5), "ofi at " + i);
            ofiSum = 0;
            for (int j = Math.max(1, i - 19); j <= i; j++)
            {
                ofiSum += ofi[j];
            }
            assertClose(i >= 20 ? ofiSum : Double.NaN, state.output(6), "Sum(OFI(), 20) at " + i);
            assertClose(l[10], state.output(7), "BidPrice(3) at " + i);
            assertClose(l[37], state.output(8), "AskSize(10) at " + i);

            double notional = 0;
            double volume = 0;
            int from = i;
            while (from > 0 && times[from - 1] > times[i] - 5_000_000_000L)
            {
                from--;
            }
            for (int j = from; j <= i; j++)
            {
                if (trade[j])
                {
                    notional += tradePrice[j] * tradeSize[j];
                    volume += tradeSize[j];
                }
            }
            final boolean covered = times[i] - times[0] >= 5_000_000_000L;
            assertClose(covered && volume > 0 ? notional / volume : Double.NaN, state.output(9), "VWAP(5s) at " + i);

            notional = 0;
            volume = 0;
            for (int j = Math.max(0, i - 49); j <= i; j++)
            {
                if (trade[j])
                {
                    notional += tradePrice[j] * tradeSize[j];
                    volume += tradeSize[j];
                }
            }
            assertClose(i >= 49 && volume > 0 ? notional / volume : Double.NaN, state.output(10), "VWAP(50) at " + i);
            assertClose(trade[i] ? tradeSize[i] : 0, state.output(11), "trade_size at " + i);
            assertClose(side, state.output(12), "last_side at " + i);
        }
    }
}
