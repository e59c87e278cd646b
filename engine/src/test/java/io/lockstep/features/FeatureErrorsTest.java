package io.lockstep.features;

import io.lockstep.features.lang.FeatureDefinition;
import io.lockstep.features.lang.FeatureException;
import io.lockstep.features.lang.FeatureParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad feature file is refused with the file, line and column of the mistake and what was expected there.
 */
class FeatureErrorsTest
{
    @TempDir
    Path dir;

    private static FeatureException refused(final String content)
    {
        return assertThrows(FeatureException.class, () -> FeatureCompiler.compile("bad.features", content));
    }

    private static void assertError(final String content, final int line, final int column, final String reason)
    {
        final FeatureException ex = refused(content);
        assertEquals("bad.features", ex.source(), ex.getMessage());
        assertEquals(line, ex.line(), ex.getMessage());
        assertEquals(column, ex.column(), ex.getMessage());
        assertTrue(ex.reason().contains(reason), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("bad.features:" + line + ":" + column + ": expected") ||
            ex.getMessage().startsWith("bad.features:" + line + ":" + column + ": "), ex.getMessage());
    }

    @Test
    void aFeatureFileIsReadOneWayAndEveryErrorNamesIt() throws Exception
    {
        final Path good = Files.writeString(dir.resolve("good.features"), "mid_price = mid\n");
        final List<FeatureDefinition> labels = List.of(FeatureParser.parseDefinition("--label", "y = Fwd(mid, 5)"));
        assertEquals(List.of("mid_price", "y"), FeatureCompiler.compileFile(good, labels).outputs().stream()
            .map(FeaturePlan.Output::name).toList());
        assertEquals(FeatureCompiler.compile("other name", "mid_price = mid\n").graphHash(),
            FeatureCompiler.compileFile(good, List.of()).graphHash(), "the graph hash does not depend on the name");

        final Path missing = dir.resolve("missing.features");
        assertEquals("no such feature file: " + missing, assertThrows(IllegalArgumentException.class,
            () -> FeatureCompiler.compileFile(missing, List.of())).getMessage());
        final UncheckedIOException directory = assertThrows(UncheckedIOException.class,
            () -> FeatureCompiler.compileFile(dir, List.of()));
        assertTrue(directory.getMessage().startsWith(dir + ": "), directory.getMessage());
        final Path latin1 = Files.write(dir.resolve("latin1.features"), new byte[] {'x', ' ', '=', ' ', (byte)0xE9});
        final UncheckedIOException notText = assertThrows(UncheckedIOException.class,
            () -> FeatureCompiler.compileFile(latin1, List.of()));
        assertEquals(latin1 + ": not UTF-8 text: line 1, byte offset 4 (0xe9)", notText.getMessage());
        final Path bad = Files.writeString(dir.resolve("bad.features"), "a = Mean(mid, 10)\nb = a + vol\n");
        final FeatureException badFeature = assertThrows(FeatureException.class,
            () -> FeatureCompiler.compileFile(bad, List.of()));
        assertEquals(bad.toString(), badFeature.source(), badFeature.getMessage());
        assertEquals(2, badFeature.line(), badFeature.getMessage());
        assertEquals(9, badFeature.column(), badFeature.getMessage());
    }

    @Test
    void aDecimalDurationThatIsAWholeNumberOfNanosecondsIsAccepted()
    {
        for (final String duration : new String[] { "1.07s", "2.01ms", "0.07m", "1e3ms" })
        {
            FeatureCompiler.compile("test.features", "x = Mean(mid, " + duration + ")");
        }
        assertEquals(FeatureCompiler.compile("a.features", "x = Mean(mid, 1.07s)").graphHash(),
            FeatureCompiler.compile("b.features", "x = Mean(mid, 1070ms)").graphHash());
        assertError("x = Mean(mid, 1.5ns)", 1, 15, "bad window: duration 1.5ns is not a whole, positive number of " +
            "nanoseconds");
        assertError("x = Mean(mid, 1e99999999999s)", 1, 15, "bad window: duration 1e99999999999s is not a whole");
    }

    @Test
    void nestingBeyondTheStackIsAnErrorNamingItsLine()
    {
        assertError("a = mid\nb = " + "(".repeat(100_000) + "mid" + ")".repeat(100_000), 2, 1,
            "nested less deeply");
        final StringBuilder chain = new StringBuilder();
        for (int i = 100_000; i > 0; i--)
        {
            chain.append("f").append(i).append(" = f").append(i - 1).append(" + 1\n");
        }
        chain.append("f0 = mid\n");
        assertError(chain.toString(), 1, 1, "depends on a chain deeper than the compiler's stack");
    }

    @Test
    void aNumberBeyondADoubleIsAnError()
    {
        assertError("a = mid * 1e400", 1, 11, "a number a double holds, found '1e400'");
        assertError("a = mid * 1e-400", 1, 11, "a number a double holds, found '1e-400'");
        FeatureParser.parseDefinition("zero.features", "a = mid * 0.000e-400"); // a zero, however written
    }

    @Test
    void countTakesNoMinPeriods()
    {
        assertError("n = Count(mid, 20, min_periods=5)", 1, 32, "no min_periods for Count(");
    }

    @Test
    void unknownName()
    {
        assertError("a = Mean(mid, 10)\nb = a + vol", 2, 9, "found unknown name 'vol'");
    }

    @Test
    void unknownOperator()
    {
        assertError("# comment\n\nx = Stdev(mid, 10)", 3, 5, "found unknown operator 'Stdev'");
    }

    @Test
    void wrongArity()
    {
        assertError("x = Std(mid)", 1, 5, "Std(x, window): 2 arguments, found 1");
        assertError("x = Corr(mid, spread)", 1, 5, "Corr(x, y, window): 3 arguments, found 2");
        assertError("x = Abs(mid, 2)", 1, 5, "Abs(x): 1 argument, found 2");
        assertError("x = Spread(1)", 1, 5, "Spread(): 0 arguments, found 1");
    }

    @Test
    void cycle()
    {
        assertError("a = b + 1\nb = Mean(c, 5)\nc = a * 2", 3, 5, "cycle: a -> b -> c -> a");
        assertError("a = a + 1", 1, 5, "cycle: a -> a");
    }

    @Test
    void badWindows()
    {
        assertError("x = Mean(mid, 0)", 1, 15, "bad window");
        assertError("x = Mean(mid, 2.5)", 1, 15, "bad window");
        assertError("x = Mean(mid, -3)", 1, 15, "bad window");
        assertError("x = Mean(mid, spread)", 1, 15, "bad window");
        assertError("x = Mean(mid, 5parsecs)", 1, 16, "a duration unit (ns, us, ms, s, m, h) after 5");
        assertError("x = Mean(mid, 0.5ns)", 1, 15, "bad window: duration 0.5ns");
        assertError("x = Ref(mid, 5s)", 1, 14, "n, a number of events >= 1, found 5s");
        assertError("x = WMA(mid, 5s)", 1, 14, "WMA takes no duration");
        assertError("x = Quantile(mid, 10, 1.5)", 1, 23, "q, a quantile between 0 and 1, found 1.5");
        assertError("x = BidPrice(11)", 1, 14, "a book level 1..10, found 11");
        assertError("x = 5s", 1, 5, "a duration such as 5s is only valid as a window argument");
    }

    @Test
    void badOptions()
    {
        assertError("x = EMA(mid)", 1, 5, "option span=N in EMA(x, span=N)");
        assertError("x = EMA(mid, span=10, alpha=0.1)", 1, 29, "found unknown option 'alpha'");
        assertError("x = Mean(mid, 10, min_period=3)", 1, 30, "found unknown option 'min_period'");
        assertError("x = Mean(mid, 10, min_periods=0)", 1, 31, "min_periods, a number of values >= 1, found 0");
        assertError("x = Mean(mid, 3, min_periods=5)", 1, 30, "min_periods 5 of Mean(x, window) is more than its " +
            "window of 3 events");
        assertError("x = Mean(mid, 10, max_events=5)", 1, 30, "option min_periods of Mean(x, window), found " +
            "max_events, which bounds a duration window only");
        assertError("x = Mean(mid, 5s, max_events=0)", 1, 30, "max_events, the events a duration window holds at " +
            "most, from 1 to 16777216, found 0");
        assertError("x = EMA(mid, span=5, max_events=5)", 1, 33, "found unknown option 'max_events'");
        assertError("x = Mean(mid, 5s, min_periods=10, max_events=4)", 1, 31, "min_periods 10 of Mean(x, window) " +
            "is more than its max_events of 4");
        assertError("x = Mean(mid, 5s, max_events=-5)", 1, 30, "from 1 to 16777216, found -5");
        assertError("\uFEFFx = mid", 1, 1, "found U+FEFF");
        assertError("x = mid +\u0000", 1, 10, "found U+0000");
        assertError("x = Mean(mid, 5s, max_event=5)", 1, 29, "option min_periods or max_events of Mean(x, window), " +
            "found unknown option 'max_event'");
        assertError("x = Abs(mid, k=1)", 1, 16, "Abs(x) without options, found option 'k'");
        assertError("x = Mean(mid, min_periods=3, 10)", 1, 30, "positional arguments of Mean(...) come before");
    }

    @Test
    void syntax()
    {
        assertError("x Mean(mid, 10)", 1, 3, "'=' after the feature name");
        assertError("x = Mean(mid, 10", 1, 17, "',' or ')' to continue Mean(...), found the end of the line");
        assertError("x = (mid + 1", 1, 13, "')'");
        assertError("x = mid +", 1, 10, "a number, a name, a call or '('");
        assertError("x = mid 3", 1, 9, "end of line after the expression");
        assertError("x = mid $ 3", 1, 9, "end of line after the expression");
        assertError("3x = mid", 1, 1, "a feature name");
    }

    @Test
    void definitionsAndNames()
    {
        assertError("a = mid\nb = spread\na = Mean(mid, 3)", 3, 1, "feature 'a' is defined twice");
        assertError("mid = Mean(bid, 3)", 1, 1, "'mid' is an input name and cannot be redefined");
        assertError("# nothing but comments\n\n", 1, 1, "at least one feature");
        assertError("_only_private = mid", 1, 1, "at least one feature");
    }

    @Test
    void futureIsRefusedInLiveGraphsAndLabelsMustLookAhead()
    {
        assertError("y = Fwd(mid, 10)", 1, 5, "Fwd(...) looks into the future and is allowed only in research labels");
        assertError("y = Mean(Fwd(mid, 10), 5)", 1, 10, "looks into the future");

        final List<FeatureDefinition> features = FeatureParser.parseFile("f.features", "m = mid");
        final FeatureException notFwd = assertThrows(FeatureException.class, () -> FeatureCompiler.compile(
            "f.features", features, List.of(FeatureParser.parseDefinition("--label", "y = Ret(mid, 10)"))));
        assertTrue(notFwd.getMessage().startsWith("--label:1:5: expected a label of the form Fwd(expression, n)"),
            notFwd.getMessage());

        final FeaturePlan plan = FeatureCompiler.compile("f.features", features,
            List.of(FeatureParser.parseDefinition("--label", "y = Fwd(Ret(mid, 100), 100)")));
        assertEquals(100, plan.maxLead());
        assertTrue(plan.outputs().get(1).isLabel());
    }
}
