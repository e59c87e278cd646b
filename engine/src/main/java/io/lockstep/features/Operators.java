package io.lockstep.features;

import io.lockstep.features.ops.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every operator a feature file can call: its name, its opcode in the compiled plan, the shape of its arguments
 * and the classes that implement it (their bytes fingerprint the operator in node hashes). The exact definition
 * of each operator is the javadoc of its implementation class; docs/features.md gathers them.
 */
final class Operators
{
    /** What arguments an operator takes. */
    enum Shape
    {
        /** {@code Op()} reading the market snapshot. */
        INPUT,
        /** {@code Op(level)}: a book level, 1..{@link MarketSnapshot#LEVELS}. */
        LEVEL,
        /** {@code Op(x)}. */
        UNARY,
        /** {@code Op(x, y)}. */
        BINARY,
        /** {@code Op(c, a, b)}. */
        TERNARY,
        /** {@code Op(x, n)}: n events back, n >= 1. */
        LAG,
        /** {@code Op(x, window)}, option min_periods. */
        ROLLING,
        /** {@code Op(x, window, q)}, option min_periods. */
        ROLLING_QUANTILE,
        /** {@code Op(x, y, window)}, option min_periods. */
        ROLLING_PAIR,
        /** {@code Op(x, n)}: a count window only, option min_periods. */
        COUNT_WINDOW,
        /** {@code Op(x, span=N)}, option min_periods. */
        SPAN,
        /** {@code Op(x, N)}: a period in events. */
        PERIOD,
        /** {@code Op(window)} over trades, option min_periods. */
        TRADE_WINDOW,
        /** {@code Op()} with state of its own (OFI). */
        STATEFUL_INPUT
    }

    record Spec(String name, int opcode, Shape shape, List<Class<?>> implementation)
    {
    }

    static final int CONST = 0;
    static final int ADD = 1;
    static final int SUB = 2;
    static final int MUL = 3;
    static final int DIV = 4;
    static final int NEG = 5;
    static final int ABS = 6;
    static final int LOG = 7;
    static final int SIGN = 8;
    static final int GREATER = 9;
    static final int LESS = 10;
    static final int IF = 11;
    static final int GT = 12;
    static final int LT = 13;
    static final int GE = 14;
    static final int LE = 15;
    static final int EQ = 16;
    static final int NE = 17;
    static final int MID = 18;
    static final int SPREAD = 19;
    static final int WEIGHTED_MID = 20;
    static final int IMBALANCE = 21;
    static final int OFI = 22;
    static final int BID_PRICE = 23;
    static final int ASK_PRICE = 24;
    static final int BID_SIZE = 25;
    static final int ASK_SIZE = 26;
    static final int LAST_PRICE = 27;
    static final int LAST_SIZE = 28;
    static final int LAST_SIDE = 29;
    static final int TRADE_PRICE = 30;
    static final int TRADE_SIZE = 31;
    static final int TIME = 32;
    static final int REF = 33;
    static final int SUM = 34;
    static final int MEAN = 35;
    static final int VAR = 36;
    static final int STD = 37;
    static final int SKEW = 38;
    static final int KURT = 39;
    static final int COUNT = 40;
    static final int MIN = 41;
    static final int MAX = 42;
    static final int IDX_MIN = 43;
    static final int IDX_MAX = 44;
    static final int QUANTILE = 45;
    static final int SLOPE = 46;
    static final int RSQUARE = 47;
    static final int RESI = 48;
    static final int WMA = 49;
    static final int COV = 50;
    static final int CORR = 51;
    static final int VWAP = 52;
    static final int EMA = 53;
    static final int TAEMA = 54;
    static final int RSI = 55;

    private static final Map<String, Spec> BY_NAME = new LinkedHashMap<>();
    private static final Spec[] BY_OPCODE = new Spec[RSI + 1];

    static
    {
        // Where and when the sums are rebased (Centre, RebaseSchedule) computes their values too.
        final List<Class<?>> moments = List.of(RollingMoments.class, Centre.class, RebaseSchedule.class,
            EventWindow.class, CompensatedSum.class, Warmup.class);
        final List<Class<?>> deque = List.of(Extreme.class, MonotonicDeque.class, EventWindow.class, Warmup.class);
        final List<Class<?>> regression = List.of(RollingRegression.class, Centre.class, RebaseSchedule.class,
            EventWindow.class, CompensatedSum.class, Warmup.class);
        final List<Class<?>> pair = List.of(RollingPair.class, Centre.class, RebaseSchedule.class,
            EventWindow.class, CompensatedSum.class, Warmup.class);

        add("Const", CONST, Shape.INPUT);
        add("Add", ADD, Shape.BINARY, Add.class);
        add("Sub", SUB, Shape.BINARY, Sub.class);
        add("Mul", MUL, Shape.BINARY, Mul.class);
        add("Div", DIV, Shape.BINARY, Div.class);
        add("Neg", NEG, Shape.UNARY, Neg.class);
        add("Abs", ABS, Shape.UNARY, Abs.class);
        add("Log", LOG, Shape.UNARY, Log.class);
        add("Sign", SIGN, Shape.UNARY, Sign.class);
        add("Greater", GREATER, Shape.BINARY, Greater.class);
        add("Less", LESS, Shape.BINARY, Less.class);
        add("If", IF, Shape.TERNARY, If.class);
        add("Gt", GT, Shape.BINARY, Gt.class);
        add("Lt", LT, Shape.BINARY, Lt.class);
        add("Ge", GE, Shape.BINARY, Ge.class);
        add("Le", LE, Shape.BINARY, Le.class);
        add("Eq", EQ, Shape.BINARY, Eq.class);
        add("Ne", NE, Shape.BINARY, Ne.class);
        add("Mid", MID, Shape.INPUT, Mid.class);
        add("Spread", SPREAD, Shape.INPUT, Spread.class);
        add("WeightedMid", WEIGHTED_MID, Shape.INPUT, WeightedMid.class);
        add("Imbalance", IMBALANCE, Shape.LEVEL, Imbalance.class);
        add("OFI", OFI, Shape.STATEFUL_INPUT, Ofi.class, Ofi.State.class);
        add("BidPrice", BID_PRICE, Shape.LEVEL, Level.class);
        add("AskPrice", ASK_PRICE, Shape.LEVEL, Level.class);
        add("BidSize", BID_SIZE, Shape.LEVEL, Level.class);
        add("AskSize", ASK_SIZE, Shape.LEVEL, Level.class);
        add("LastPrice", LAST_PRICE, Shape.INPUT, LastTrade.class);
        add("LastSize", LAST_SIZE, Shape.INPUT, LastTrade.class);
        add("LastSide", LAST_SIDE, Shape.INPUT, LastTrade.class);
        add("TradePrice", TRADE_PRICE, Shape.INPUT, LastTrade.class);
        add("TradeSize", TRADE_SIZE, Shape.INPUT, LastTrade.class);
        add("Time", TIME, Shape.INPUT, EventTime.class);
        add("Ref", REF, Shape.LAG, Ref.class, Ref.State.class);
        add("Sum", SUM, Shape.ROLLING, with(Sum.class, moments));
        add("Mean", MEAN, Shape.ROLLING, with(Mean.class, moments));
        add("Var", VAR, Shape.ROLLING, with(Var.class, moments));
        add("Std", STD, Shape.ROLLING, with(Std.class, moments));
        add("Skew", SKEW, Shape.ROLLING, with(Skew.class, moments));
        add("Kurt", KURT, Shape.ROLLING, with(Kurt.class, moments));
        add("Count", COUNT, Shape.ROLLING, with(Count.class, moments));
        add("Min", MIN, Shape.ROLLING, deque);
        add("Max", MAX, Shape.ROLLING, deque);
        add("IdxMin", IDX_MIN, Shape.ROLLING, deque);
        add("IdxMax", IDX_MAX, Shape.ROLLING, deque);
        add("Quantile", QUANTILE, Shape.ROLLING_QUANTILE, Quantile.class, SortedWindow.class, EventWindow.class,
            Warmup.class);
        add("Slope", SLOPE, Shape.ROLLING, with(Regression.class, regression));
        add("Rsquare", RSQUARE, Shape.ROLLING, with(Regression.class, regression));
        add("Resi", RESI, Shape.ROLLING, with(Regression.class, regression));
        add("WMA", WMA, Shape.COUNT_WINDOW, with(Wma.class, regression));
        add("Cov", COV, Shape.ROLLING_PAIR, with(CoMoment.class, pair));
        add("Corr", CORR, Shape.ROLLING_PAIR, with(CoMoment.class, pair));
        add("VWAP", VWAP, Shape.TRADE_WINDOW, with(Vwap.class, pair));
        add("EMA", EMA, Shape.SPAN, Ema.class, Ema.State.class);
        add("TAEMA", TAEMA, Shape.PERIOD, TaEma.class, TaEma.State.class);
        add("RSI", RSI, Shape.PERIOD, Rsi.class, Rsi.State.class);
    }

    private Operators()
    {
    }

    private static Class<?>[] with(final Class<?> first, final List<Class<?>> rest)
    {
        final Class<?>[] classes = new Class<?>[rest.size() + 1];
        classes[0] = first;
        for (int i = 0; i < rest.size(); i++)
        {
            classes[i + 1] = rest.get(i);
        }
        return classes;
    }

    private static void add(final String name, final int opcode, final Shape shape, final List<Class<?>> classes)
    {
        add(name, opcode, shape, classes.toArray(new Class<?>[0]));
    }

    private static void add(final String name, final int opcode, final Shape shape, final Class<?>... classes)
    {
        final Spec spec = new Spec(name, opcode, shape, List.of(classes));
        BY_NAME.put(name, spec);
        BY_OPCODE[opcode] = spec;
    }

    /** @return the operator, or null. */
    static Spec byName(final String name)
    {
        return BY_NAME.get(name);
    }

    static Spec byOpcode(final int opcode)
    {
        return BY_OPCODE[opcode];
    }

    static Iterable<String> names()
    {
        return BY_NAME.keySet();
    }
}
