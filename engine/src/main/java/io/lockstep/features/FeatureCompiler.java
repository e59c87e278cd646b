package io.lockstep.features;

import io.lockstep.features.lang.Expr;
import io.lockstep.features.lang.FeatureDefinition;
import io.lockstep.features.lang.FeatureException;
import io.lockstep.features.lang.FeatureParser;
import io.lockstep.features.ops.EventWindow;
import io.lockstep.features.ops.Warmup;
import io.lockstep.util.TextLines;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.lockstep.features.Operators.*;

/**
 * Compiles feature definitions into a {@link FeaturePlan}: names resolved (other features or inputs), arguments
 * checked against each operator's shape, shorthand operators expanded, identical sub-expressions merged into one
 * node, nodes ordered so that inputs come first, and every node content-hashed.
 * <p>
 * Shorthands: {@code Delta(x, n) = x - Ref(x, n)}, {@code Ret(x, n) = x / Ref(x, n) - 1},
 * {@code LogRet(x, n) = Log(x / Ref(x, n))}, {@code ZScore(x, w) = (x - Mean(x, w)) / Std(x, w)},
 * {@code Med(x, w) = Quantile(x, w, 0.5)}, {@code RVar(x, w) = Sum(LogRet(x, 1) * LogRet(x, 1), w)}.
 * Input names: {@code mid spread bid ask bid_size ask_size last_price last_size last_side trade_price
 * trade_size time} (same as {@code Mid()}, {@code Spread()}, {@code BidPrice(1)}, ...).
 */
public final class FeatureCompiler
{
    /** Largest window, lag, span or period: state is preallocated per node and instrument, so it is bounded. */
    static final int MAX_EVENTS = 1 << 24;

    private static final Map<String, String> INPUTS = new LinkedHashMap<>();

    static
    {
        INPUTS.put("mid", "Mid");
        INPUTS.put("spread", "Spread");
        INPUTS.put("bid", "BidPrice");
        INPUTS.put("ask", "AskPrice");
        INPUTS.put("bid_size", "BidSize");
        INPUTS.put("ask_size", "AskSize");
        INPUTS.put("last_price", "LastPrice");
        INPUTS.put("last_size", "LastSize");
        INPUTS.put("last_side", "LastSide");
        INPUTS.put("trade_price", "TradePrice");
        INPUTS.put("trade_size", "TradeSize");
        INPUTS.put("time", "Time");
    }

    private final String source;
    private final Function<Spec, String> fingerprints;
    private String errorSource;
    private final Map<String, FeatureDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, Integer> resolved = new HashMap<>();
    private final Set<String> resolving = new LinkedHashSet<>();
    private final Map<String, Integer> nodeByKey = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    private static final class Node
    {
        int opcode;
        int input0 = -1;
        int input1 = -1;
        int input2 = -1;
        long windowCount;
        long windowNs;
        int windowMaxEvents;
        int minPeriods = Warmup.DEFAULT;
        int intParam;
        double doubleParam;
        String description;
        String hash;
    }

    private FeatureCompiler(final String source, final Function<Spec, String> fingerprints)
    {
        this.source = source;
        this.errorSource = source;
        this.fingerprints = fingerprints;
    }

    /**
     * Parse and compile a live feature file.
     */
    public static FeaturePlan compile(final String source, final String content)
    {
        return compile(source, FeatureParser.parseFile(source, content), List.of());
    }

    /**
     * Read, parse and compile a feature file, with research labels after its features (none for a live graph): the
     * one way every command and the engine read one, so a file is accepted or refused alike everywhere.
     *
     * @throws IllegalArgumentException naming the file when it does not exist.
     * @throws UncheckedIOException     naming the file when it cannot be read (a directory, not UTF-8 text...).
     * @throws FeatureException         naming file, line and column when it does not compile.
     */
    public static FeaturePlan compileFile(final Path file, final List<FeatureDefinition> labels)
    {
        final String content = TextLines.readInput(file, "feature file");
        return compile(file.toString(), FeatureParser.parseFile(file.toString(), content), labels);
    }

    /**
     * Compile features and, for research only, labels: each label is {@code Fwd(expression, n)}, the value of a
     * causal expression n events later. Live graphs pass no labels, and any {@code Fwd} in them is refused.
     */
    public static FeaturePlan compile(
        final String source, final List<FeatureDefinition> features, final List<FeatureDefinition> labels)
    {
        return compile(source, features, labels, ImplementationFingerprint::of);
    }

    /**
     * As {@link #compile(String, List, List)} with the fingerprint of each operator's implementation supplied
     * (SHA-256 hex of its classes' bytes by default): a test can stand in a changed implementation.
     */
    static FeaturePlan compile(
        final String source,
        final List<FeatureDefinition> features,
        final List<FeatureDefinition> labels,
        final Function<Spec, String> fingerprints)
    {
        final FeatureCompiler compiler = new FeatureCompiler(source, fingerprints);
        for (final FeatureDefinition definition : features)
        {
            if (INPUTS.containsKey(definition.name()))
            {
                throw new FeatureException(source, definition.line(), definition.column(),
                    "'" + definition.name() + "' is an input name and cannot be redefined");
            }
            compiler.definitions.put(definition.name(), definition);
        }
        if (features.stream().noneMatch(FeatureDefinition::isOutput))
        {
            throw new FeatureException(source, 1, 1, "expected at least one feature (name = expression)");
        }

        final List<FeaturePlan.Output> outputs = new ArrayList<>();
        for (final FeatureDefinition definition : features)
        {
            final int node;
            try
            {
                node = compiler.resolve(definition.name(), definition.line(), definition.column());
            }
            catch (final StackOverflowError ex)
            {
                // Resolving descends once per feature a feature reads: a generated chain can outgrow the stack.
                throw new FeatureException(source, definition.line(), definition.column(), "features that read " +
                    "each other less deeply: '" + definition.name() + "' depends on a chain deeper than the " +
                    "compiler's stack (thousands of features)");
            }
            if (definition.isOutput())
            {
                outputs.add(new FeaturePlan.Output(definition.name(), node, compiler.nodes.get(node).hash, 0));
            }
        }
        final Set<String> labelNames = new HashSet<>();
        for (final FeatureDefinition label : labels)
        {
            final String clash = compiler.definitions.containsKey(label.name()) ? "has the name of a feature" :
                INPUTS.containsKey(label.name()) ? "has the name of an input" :
                !labelNames.add(label.name()) ? "is given twice" : null;
            if (clash != null)
            {
                // A matrix with two columns of one name is refused by whatever reads it next.
                throw new FeatureException(label.source(), label.line(), label.column(),
                    "label '" + label.name() + "' " + clash);
            }
            outputs.add(compiler.label(label));
        }
        return compiler.plan(outputs);
    }

    private FeaturePlan.Output label(final FeatureDefinition label)
    {
        errorSource = label.source();
        final Expr expression = label.expression();
        if (!(expression instanceof Expr.Call call) || !call.name().equals("Fwd"))
        {
            throw error(expression, "a label of the form Fwd(expression, n): the value of expression n events " +
                "later");
        }
        arity(call, 2, "Fwd(x, n)");
        noOptions(call, "Fwd(x, n)");
        final int lead = positiveInt(call.args().get(1), "n, the number of events to look ahead");
        final int node = compile(call.args().get(0));
        return new FeaturePlan.Output(label.name(), node, nodes.get(node).hash, lead);
    }

    private int resolve(final String name, final int line, final int column)
    {
        final Integer done = resolved.get(name);
        if (done != null)
        {
            return done;
        }
        final FeatureDefinition definition = definitions.get(name);
        if (!resolving.add(name))
        {
            throw new FeatureException(source, line, column,
                "cycle: " + String.join(" -> ", resolving) + " -> " + name);
        }
        final int node = compile(definition.expression());
        resolving.remove(name);
        resolved.put(name, node);
        return node;
    }

    private int compile(final Expr expression)
    {
        if (expression instanceof Expr.Number number)
        {
            return constant(number.value());
        }
        if (expression instanceof Expr.Duration duration)
        {
            throw error(duration, "a series here; a duration such as " + duration.text() +
                " is only valid as a window argument");
        }
        if (expression instanceof Expr.Name name)
        {
            return name(name);
        }
        if (expression instanceof Expr.Unary unary)
        {
            if (unary.operand() instanceof Expr.Number number)
            {
                return constant(-number.value());
            }
            return node(NEG, compile(unary.operand()), -1, -1);
        }
        if (expression instanceof Expr.Binary binary)
        {
            return node(binaryOpcode(binary.operator()), compile(binary.left()), compile(binary.right()), -1);
        }
        return call((Expr.Call)expression);
    }

    private int name(final Expr.Name name)
    {
        final String input = INPUTS.get(name.name());
        if (input != null)
        {
            final Spec spec = byName(input);
            final Node node = new Node();
            node.opcode = spec.opcode();
            node.intParam = spec.shape() == Shape.LEVEL ? 1 : 0;
            return intern(node);
        }
        if (definitions.containsKey(name.name()))
        {
            return resolve(name.name(), name.line(), name.column());
        }
        throw error(name, "a feature defined in this file or an input (" + String.join(", ", INPUTS.keySet()) +
            "), found unknown name '" + name.name() + "'");
    }

    private static int binaryOpcode(final String operator)
    {
        switch (operator)
        {
            case "+": return ADD;
            case "-": return SUB;
            case "*": return MUL;
            case "/": return DIV;
            case "<": return LT;
            case ">": return GT;
            case "<=": return LE;
            case ">=": return GE;
            case "==": return EQ;
            case "!=": return NE;
            default: throw new IllegalArgumentException(operator);
        }
    }

    private int call(final Expr.Call call)
    {
        final List<Expr> args = call.args();
        switch (call.name())
        {
            case "Delta":
                arity(call, 2, "Delta(x, n)");
                noOptions(call, "Delta(x, n)");
                return node(SUB, compile(args.get(0)), lag(call), -1);
            case "Ret":
                arity(call, 2, "Ret(x, n)");
                noOptions(call, "Ret(x, n)");
                return node(SUB, node(DIV, compile(args.get(0)), lag(call), -1), constant(1), -1);
            case "LogRet":
                arity(call, 2, "LogRet(x, n)");
                noOptions(call, "LogRet(x, n)");
                return node(LOG, node(DIV, compile(args.get(0)), lag(call), -1), -1, -1);
            case "ZScore":
            {
                arity(call, 2, "ZScore(x, window)");
                final int x = compile(args.get(0));
                final int mean = rolling(call, byName("Mean"), "ZScore(x, window)");
                final int std = rolling(call, byName("Std"), "ZScore(x, window)");
                return node(DIV, node(SUB, x, mean, -1), std, -1);
            }
            case "Med":
            {
                final Node node = rollingNode(call, byName("Quantile"), "Med(x, window)", 2);
                node.doubleParam = 0.5;
                return intern(node);
            }
            case "RVar":
            {
                arity(call, 2, "RVar(x, window)");
                final int x = compile(args.get(0));
                final int logReturn = node(LOG, node(DIV, x, node(REF, x, -1, -1, 1), -1), -1, -1);
                final Node sum = new Node();
                sum.opcode = SUM;
                sum.input0 = node(MUL, logReturn, logReturn, -1);
                window(sum, args.get(1));
                options(sum, call, "RVar(x, window)");
                return intern(sum);
            }
            case "Fwd":
                throw error(call, "a causal expression: Fwd(...) looks into the future and is allowed only in " +
                    "research labels (research features --label NAME=Fwd(expression, n))");
            case "Const":
                throw error(call, "a known operator, found 'Const' (write the number itself)");
            default:
                break;
        }

        final Spec spec = byName(call.name());
        if (spec == null)
        {
            throw error(call, "a known operator, found unknown operator '" + call.name() + "' (operators: " +
                String.join(" ", Operators.names()).replace("Const ", "") +
                " Delta Ret LogRet ZScore Med RVar)");
        }
        final String signature = signature(spec);
        final Node node = new Node();
        node.opcode = spec.opcode();
        switch (spec.shape())
        {
            case INPUT:
            case STATEFUL_INPUT:
                arity(call, 0, signature);
                noOptions(call, signature);
                break;
            case LEVEL:
                arity(call, 1, signature);
                noOptions(call, signature);
                node.intParam = positiveInt(args.get(0), "a book level 1.." + MarketSnapshot.LEVELS);
                if (node.intParam > MarketSnapshot.LEVELS)
                {
                    throw error(args.get(0), "a book level 1.." + MarketSnapshot.LEVELS + ", found " + node.intParam);
                }
                break;
            case UNARY:
                arity(call, 1, signature);
                noOptions(call, signature);
                node.input0 = compile(args.get(0));
                break;
            case BINARY:
                arity(call, 2, signature);
                noOptions(call, signature);
                node.input0 = compile(args.get(0));
                node.input1 = compile(args.get(1));
                break;
            case TERNARY:
                arity(call, 3, signature);
                noOptions(call, signature);
                node.input0 = compile(args.get(0));
                node.input1 = compile(args.get(1));
                node.input2 = compile(args.get(2));
                break;
            case LAG:
                arity(call, 2, signature);
                noOptions(call, signature);
                node.input0 = compile(args.get(0));
                node.intParam = positiveInt(args.get(1), "n, a number of events >= 1");
                break;
            case ROLLING:
                return intern(rollingNode(call, spec, signature, 2));
            case ROLLING_QUANTILE:
            {
                final Node quantile = rollingNode(call, spec, signature, 3);
                quantile.doubleParam = fraction(args.get(2));
                return intern(quantile);
            }
            case ROLLING_PAIR:
                arity(call, 3, signature);
                node.input0 = compile(args.get(0));
                node.input1 = compile(args.get(1));
                window(node, args.get(2));
                options(node, call, signature);
                break;
            case COUNT_WINDOW:
                arity(call, 2, signature);
                node.input0 = compile(args.get(0));
                node.windowCount = positiveInt(args.get(1), "n, a window of events >= 1 (WMA takes no duration)");
                options(node, call, signature);
                break;
            case SPAN:
            {
                arity(call, 1, signature);
                node.input0 = compile(args.get(0));
                final Expr span = call.options().get("span");
                if (span == null)
                {
                    throw error(call, "option span=N in " + signature);
                }
                node.intParam = positiveInt(span, "span, a number of events >= 1");
                for (final String option : call.options().keySet())
                {
                    if (!option.equals("span") && !option.equals("min_periods"))
                    {
                        throw error(call.options().get(option), "options span and min_periods of " + signature +
                            ", found unknown option '" + option + "'");
                    }
                }
                options(node, call, signature);
                break;
            }
            case PERIOD:
                arity(call, 2, signature);
                noOptions(call, signature);
                node.input0 = compile(args.get(0));
                node.intParam = positiveInt(args.get(1), "N, a period of events >= 1");
                break;
            case TRADE_WINDOW:
                arity(call, 1, signature);
                window(node, args.get(0));
                options(node, call, signature);
                break;
            default:
                throw new IllegalStateException(spec.shape().name());
        }
        return intern(node);
    }

    private int rolling(final Expr.Call call, final Spec spec, final String signature)
    {
        return intern(rollingNode(call, spec, signature, 2));
    }

    private Node rollingNode(final Expr.Call call, final Spec spec, final String signature, final int arity)
    {
        arity(call, arity, signature);
        final Node node = new Node();
        node.opcode = spec.opcode();
        node.input0 = compile(call.args().get(0));
        window(node, call.args().get(1));
        options(node, call, signature);
        return node;
    }

    private int lag(final Expr.Call call)
    {
        final int n = positiveInt(call.args().get(1), "n, a number of events >= 1");
        return node(REF, compile(call.args().get(0)), -1, -1, n);
    }

    private void window(final Node node, final Expr window)
    {
        if (window instanceof Expr.Duration duration)
        {
            node.windowNs = duration.nanos();
            node.windowMaxEvents = EventWindow.DEFAULT_MAX_EVENTS;
            return;
        }
        if (window instanceof Expr.Number number && number.isInteger() && number.value() >= 1 &&
            number.value() <= MAX_EVENTS)
        {
            node.windowCount = (long)number.value();
            return;
        }
        throw error(window, "bad window: expected an event count from 1 to " + MAX_EVENTS + " (e.g. 100) or a " +
            "duration (e.g. 5s, 250ms)");
    }

    /** The options of a rolling operator: min_periods, max_events for a duration window, span for EMA. */
    private void options(final Node node, final Expr.Call call, final String signature)
    {
        for (final Map.Entry<String, Expr> option : call.options().entrySet())
        {
            if (option.getKey().equals("min_periods") && node.opcode == COUNT)
            {
                // Count is defined from the first event (0 values is an answer): the option would change the hash
                // and nothing else.
                throw error(option.getValue(), "no min_periods for " + signature + ": a count is defined from " +
                    "the first event");
            }
            if (option.getKey().equals("min_periods"))
            {
                node.minPeriods = positiveInt(option.getValue(), "min_periods, a number of values >= 1");
                if (node.windowCount > 0 && node.minPeriods > node.windowCount)
                {
                    // A window of events never holds more values than its length: the feature would never be set.
                    throw error(option.getValue(), "min_periods " + node.minPeriods + " of " + signature +
                        " is more than its window of " + node.windowCount + " events");
                }
            }
            else if (option.getKey().equals("max_events") && node.windowNs > 0)
            {
                node.windowMaxEvents = positiveInt(option.getValue(), "max_events, the events a duration window " +
                    "holds at most, from 1 to " + MAX_EVENTS);
            }
            else if (!(option.getKey().equals("span") && node.opcode == EMA))
            {
                throw error(option.getValue(), "option min_periods" + (node.windowNs > 0 ? " or max_events" : "") +
                    " of " + signature + ", found " + (option.getKey().equals("max_events") ?
                    "max_events, which bounds a duration window only" : "unknown option '" + option.getKey() + "'"));
            }
        }
        if (node.windowNs > 0 && node.minPeriods > node.windowMaxEvents)
        {
            // Nor does a duration window hold more than max_events values.
            throw error(call.options().get("min_periods"), "min_periods " + node.minPeriods + " of " + signature +
                " is more than its max_events of " + node.windowMaxEvents);
        }
    }

    private void arity(final Expr.Call call, final int arity, final String signature)
    {
        if (call.args().size() != arity)
        {
            throw error(call, signature + ": " + arity + " argument" + (arity == 1 ? "" : "s") + ", found " +
                call.args().size());
        }
    }

    private void noOptions(final Expr.Call call, final String signature)
    {
        if (!call.options().isEmpty())
        {
            final String option = call.options().keySet().iterator().next();
            throw error(call.options().get(option), signature + " without options, found option '" + option + "'");
        }
    }

    private int positiveInt(final Expr expression, final String what)
    {
        if (expression instanceof Expr.Number number && number.isInteger() && number.value() >= 1 &&
            number.value() <= MAX_EVENTS)
        {
            return (int)number.value();
        }
        throw error(expression, what + ", found " + text(expression));
    }

    private double fraction(final Expr expression)
    {
        if (expression instanceof Expr.Number number && number.value() >= 0 && number.value() <= 1)
        {
            return number.value();
        }
        throw error(expression, "q, a quantile between 0 and 1, found " + text(expression));
    }

    private static String text(final Expr expression)
    {
        if (expression instanceof Expr.Number number)
        {
            return number.text();
        }
        if (expression instanceof Expr.Duration duration)
        {
            return duration.text();
        }
        if (expression instanceof Expr.Name name)
        {
            return "'" + name.name() + "'";
        }
        if (expression instanceof Expr.Unary unary && unary.operand() instanceof Expr.Number number)
        {
            return unary.operator() + number.text();
        }
        return "an expression";
    }

    private static String signature(final Spec spec)
    {
        final String name = spec.name();
        switch (spec.shape())
        {
            case INPUT:
            case STATEFUL_INPUT: return name + "()";
            case LEVEL: return name + (name.equals("Imbalance") ? "(levels)" : "(level)");
            case UNARY: return name + "(x)";
            case BINARY: return name + "(x, y)";
            case TERNARY: return name + "(condition, then, else)";
            case LAG: return name + "(x, n)";
            case ROLLING: return name + "(x, window)";
            case ROLLING_QUANTILE: return name + "(x, window, q)";
            case ROLLING_PAIR: return name + "(x, y, window)";
            case COUNT_WINDOW: return name + "(x, n)";
            case SPAN: return name + "(x, span=N)";
            case PERIOD: return name + "(x, N)";
            case TRADE_WINDOW: return name + "(window)";
            default: return name;
        }
    }

    private int constant(final double value)
    {
        final Node node = new Node();
        node.opcode = CONST;
        node.doubleParam = value;
        return intern(node);
    }

    private int node(final int opcode, final int input0, final int input1, final int input2)
    {
        return node(opcode, input0, input1, input2, 0);
    }

    private int node(final int opcode, final int input0, final int input1, final int input2, final int intParam)
    {
        final Node node = new Node();
        node.opcode = opcode;
        node.input0 = input0;
        node.input1 = input1;
        node.input2 = input2;
        node.intParam = intParam;
        return intern(node);
    }

    /**
     * Add a node unless an identical one (same operator, parameters and inputs) exists: common sub-expressions
     * are computed once. Inputs always exist before the node, so the node list is in topological order.
     */
    private int intern(final Node node)
    {
        final Spec spec = byOpcode(node.opcode);
        final StringBuilder parameters = new StringBuilder();
        if (node.windowCount > 0)
        {
            parameters.append(" window=").append(node.windowCount);
        }
        if (node.windowNs > 0)
        {
            parameters.append(" window=").append(node.windowNs).append("ns max_events=").append(node.windowMaxEvents);
        }
        if (node.minPeriods != Warmup.DEFAULT)
        {
            parameters.append(" min_periods=").append(node.minPeriods);
        }
        if (node.intParam != 0)
        {
            parameters.append(" n=").append(node.intParam);
        }
        if (node.opcode == CONST || node.opcode == QUANTILE)
        {
            parameters.append(" value=").append(node.doubleParam).append("/0x")
                .append(Long.toHexString(Double.doubleToRawLongBits(node.doubleParam)));
        }
        final StringBuilder key = new StringBuilder(spec.name()).append('(');
        final int[] inputs = { node.input0, node.input1, node.input2 };
        for (final int input : inputs)
        {
            if (input >= 0)
            {
                key.append('#').append(input).append(' ');
            }
        }
        key.append(';').append(parameters).append(')');
        final String canonical = key.toString();
        final Integer existing = nodeByKey.get(canonical);
        if (existing != null)
        {
            return existing;
        }

        final NodeHasher hasher = new NodeHasher()
            .field("op", spec.name())
            .field("implementation", fingerprints.apply(spec))
            .field("parameters", parameters.toString());
        for (final int input : inputs)
        {
            if (input >= 0)
            {
                hasher.field("input", nodes.get(input).hash);
            }
        }
        node.hash = hasher.hex();
        node.description = canonical;
        nodes.add(node);
        nodeByKey.put(canonical, nodes.size() - 1);
        return nodes.size() - 1;
    }

    private FeaturePlan plan(final List<FeaturePlan.Output> outputs)
    {
        final int n = nodes.size();
        final int[] opcode = new int[n];
        final int[] input0 = new int[n];
        final int[] input1 = new int[n];
        final int[] input2 = new int[n];
        final long[] windowCount = new long[n];
        final long[] windowNs = new long[n];
        final int[] windowMaxEvents = new int[n];
        final int[] minPeriods = new int[n];
        final int[] intParam = new int[n];
        final double[] doubleParam = new double[n];
        final String[] hash = new String[n];
        final String[] description = new String[n];
        for (int i = 0; i < n; i++)
        {
            final Node node = nodes.get(i);
            opcode[i] = node.opcode;
            input0[i] = node.input0;
            input1[i] = node.input1;
            input2[i] = node.input2;
            windowCount[i] = node.windowCount;
            windowNs[i] = node.windowNs;
            windowMaxEvents[i] = node.windowMaxEvents;
            minPeriods[i] = node.minPeriods;
            intParam[i] = node.intParam;
            doubleParam[i] = node.doubleParam;
            hash[i] = node.hash;
            description[i] = node.description;
        }
        final NodeHasher graph = new NodeHasher().field("graph", "lockstep-feature-graph-v1");
        for (final FeaturePlan.Output output : outputs)
        {
            graph.field("output", output.name()).field("lead", Integer.toString(output.lead()))
                .field("node", output.nodeHash());
        }
        return new FeaturePlan(source, opcode, input0, input1, input2, windowCount, windowNs, windowMaxEvents,
            minPeriods, intParam, doubleParam, hash, description, outputs, graph.hex());
    }

    private FeatureException error(final Expr at, final String expected)
    {
        return new FeatureException(errorSource, at.line(), at.column(), "expected " + expected);
    }
}
