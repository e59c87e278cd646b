package io.lockstep.features;

import io.lockstep.features.lang.FeatureParser;
import io.lockstep.testing.AllocationWindows;
import io.lockstep.util.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.lockstep.features.FeatureHarness.assertClose;
import static org.junit.jupiter.api.Assertions.*;

class FeaturePlanTest
{
    @Test
    void twoRunsOfOnePlanAreBitIdentical()
    {
        final FeaturePlan plan = FeatureCompiler.compile("example-30.features", SyntheticSnapshots.exampleGraph());
        assertEquals(30, plan.outputs().size());
        final long[][] first = runBits(plan, 200_000);
        final long[][] second = runBits(
            FeatureCompiler.compile("example-30.features", SyntheticSnapshots.exampleGraph()), 200_000);
        for (int i = 0; i < first.length; i++)
        {
            assertArrayEquals(first[i], second[i], "raw bits of every output at event " + i);
        }
        int numbers = 0;
        for (final long bits : first[first.length - 1])
        {
            numbers += Double.isNaN(Double.longBitsToDouble(bits)) ? 0 : 1;
        }
        assertEquals(30, numbers, "every feature warmed up by the end");
    }

    private static long[][] runBits(final FeaturePlan plan, final int events)
    {
        final FeatureState state = new FeatureState(plan);
        final SyntheticSnapshots market = new SyntheticSnapshots(7);
        final long[][] bits = new long[events / 1000][plan.outputs().size()];
        for (int i = 0; i < events; i++)
        {
            FeatureEvaluator.update(state, market.next());
            if (i % 1000 == 999)
            {
                for (int k = 0; k < state.outputCount(); k++)
                {
                    bits[i / 1000][k] = Double.doubleToRawLongBits(state.output(k));
                }
            }
        }
        return bits;
    }

    @Test
    void commonSubExpressionsAreOneNode()
    {
        final FeaturePlan plan = FeatureCompiler.compile("cse.features", String.join("\n",
            "a = Std(Ret(mid, 1), 20)",
            "b = Std(Ret(Mid(), 1), 20)",
            "c = Mean(Ret(mid, 1), 20) + Std(Ret(mid, 1), 20)",
            "d = ZScore(mid, 50)",
            "e = Mean(mid, 50)"));
        assertEquals(plan.outputs().get(0).node(), plan.outputs().get(1).node());
        assertEquals(plan.outputs().get(0).nodeHash(), plan.outputs().get(1).nodeHash());
        // mid, Ref, Div, 1, Sub, Std, Mean(ret), Add, Mean(mid), Std(mid), Sub(mid - mean), Div(zscore) = 12
        assertEquals(12, plan.nodeCount(), "nodes: mid, Ref, Div, 1, Sub, Std20, Mean20, Add, Mean50, Std50, " +
            "Sub, Div");
    }

    @Test
    void zeroBytesAllocatedPerUpdateAfterWarmUp()
    {
        final FeaturePlan plan = FeatureCompiler.compile("example-30.features", SyntheticSnapshots.exampleGraph());
        final FeatureState state = new FeatureState(plan);
        final SyntheticSnapshots market = new SyntheticSnapshots(11);
        for (int i = 0; i < 200_000; i++)
        {
            FeatureEvaluator.update(state, market.next());
        }
        final List<Long> windows = AllocationWindows.measure(() ->
        {
            for (int i = 0; i < 300_000; i++)
            {
                FeatureEvaluator.update(state, market.next());
            }
        }, 3, 10);
        assertTrue(AllocationWindows.endsWithZeros(windows, 3), "bytes allocated per window of 300,000 updates: " +
            windows);
    }

    @Test
    void longRunsStayWithinToleranceOfAnExactRecomputation()
    {
        final FeaturePlan plan = FeatureCompiler.compile("drift.features", String.join("\n",
            "sum = Sum(last_price, 100)",
            "mean = Mean(last_price, 100)",
            "var = Var(last_price, 100)",
            "std = Std(last_price, 100)",
            "skew = Skew(last_price, 100)",
            "kurt = Kurt(last_price, 100)",
            "slope = Slope(last_price, 100)",
            "rsq = Rsquare(last_price, 100)",
            "resi = Resi(last_price, 100)",
            "wma = WMA(last_price, 100)",
            "cov = Cov(last_price, last_size, 100)",
            "corr = Corr(last_price, last_size, 100)",
            "zscore = ZScore(last_price, 100)",
            "mean_100ms = Mean(last_price, 100ms)",
            "med = Med(last_price, 100)",
            "max = Max(last_price, 100)"));
        final FeatureState state = new FeatureState(plan);
        final MarketSnapshot snapshot = new MarketSnapshot();
        final SplitMix64 random = new SplitMix64(3);
        final int window = 100;
        final double[] xs = new double[window];
        final double[] ys = new double[window];
        double x = 585.33;
        final long events = 10_000_000L;
        for (long i = 0; i < events; i++)
        {
            x += (random.nextInt(201) - 100) * 1e-4;
            final double y = 0.5 * x + random.nextInt(1000) * 1e-3;
            xs[(int)(i % window)] = x;
            ys[(int)(i % window)] = y;
            snapshot.eventTimeNs = (i + 1) * 1_000_000L;
            snapshot.lastTradePrice = x;
            snapshot.lastTradeSize = y;
            FeatureEvaluator.update(state, snapshot);
            if ((i + 1) % 2_500_000 == 0)
            {
                final double[] w = new double[window];
                final double[] v = new double[window];
                for (int k = 0; k < window; k++)
                {
                    w[k] = xs[(int)((i + 1 + k) % window)];
                    v[k] = ys[(int)((i + 1 + k) % window)];
                }
                final String at = " after " + (i + 1) + " updates";
                final double scale = Oracle.max(w);
                assertClose(Oracle.sum(w), state.output(0), scale * window, "Sum" + at);
                assertClose(Oracle.mean(w), state.output(1), scale, "Mean" + at);
                assertClose(Oracle.var(w), state.output(2), scale * scale, "Var" + at);
                assertClose(Oracle.std(w), state.output(3), scale, "Std" + at);
                assertClose(Oracle.skew(w), state.output(4), "Skew" + at);
                assertClose(Oracle.kurt(w), state.output(5), "Kurt" + at);
                assertClose(Oracle.slope(w), state.output(6), scale, "Slope" + at);
                assertClose(Oracle.rsquare(w), state.output(7), "Rsquare" + at);
                assertClose(Oracle.resi(w), state.output(8), scale, "Resi" + at);
                assertClose(Oracle.wma(w), state.output(9), scale, "WMA" + at);
                assertClose(Oracle.cov(w, v), state.output(10), scale * Oracle.max(v), "Cov" + at);
                assertClose(Oracle.corr(w, v), state.output(11), "Corr" + at);
                assertClose((w[window - 1] - Oracle.mean(w)) / Oracle.std(w), state.output(12), "ZScore" + at);
                assertClose(Oracle.mean(w), state.output(13), scale, "Mean(100ms)" + at);
                assertClose(Oracle.quantile(w, 0.5), state.output(14), scale, "Med" + at);
                assertClose(Oracle.max(w), state.output(15), scale, "Max" + at);
            }
        }
    }

    @Test
    void changingOneOperatorsImplementationChangesItsNodeAndDescendantsOnly(@TempDir final Path temp)
        throws Exception
    {
        final List<io.lockstep.features.lang.FeatureDefinition> features = FeatureParser.parseFile("h.features",
            String.join("\n",
            "a = Abs(Delta(mid, 1))",
            "b = Mean(a, 10)",
            "c = Max(spread, 5)",
            "d = b + c",
            "e = Mean(spread, 10)"));

        // A real change: Abs recompiled with a different body.
        final Path sources = Files.createDirectories(temp.resolve("src/io/lockstep/features/ops"));
        Files.writeString(sources.resolve("Abs.java"), String.join("\n",
            "package io.lockstep.features.ops;",
            "public final class Abs",
            "{",
            "    private Abs() {}",
            "    public static double apply(final double a) { return a < 0 ? -a : a; }",
            "}"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", "17", "-d", temp.resolve("classes").toString(),
            sources.resolve("Abs.java").toString()));
        final byte[] changedAbs = Files.readAllBytes(temp.resolve("classes/io/lockstep/features/ops/Abs.class"));
        final String changedFingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
            changedAbs));
        assertNotEquals(changedFingerprint, ImplementationFingerprint.of(Operators.byName("Abs")));

        final FeaturePlan before = FeatureCompiler.compile("h.features", features, List.of());
        final FeaturePlan after = FeatureCompiler.compile("h.features", features, List.of(),
            (spec) -> spec.name().equals("Abs") ? changedFingerprint : ImplementationFingerprint.of(spec));

        final Map<String, Boolean> changed = Map.of("a", true, "b", true, "c", false, "d", true, "e", false);
        for (int k = 0; k < before.outputs().size(); k++)
        {
            final String name = before.outputs().get(k).name();
            assertEquals(changed.get(name),
                !before.outputs().get(k).nodeHash().equals(after.outputs().get(k).nodeHash()),
                "hash of " + name + " changed?");
        }
        int changedNodes = 0;
        for (int node = 0; node < before.nodeCount(); node++)
        {
            changedNodes += before.nodeHash(node).equals(after.nodeHash(node)) ? 0 : 1;
        }
        assertEquals(3, changedNodes,
            "Abs (a), Mean(a) (b) and b + c (d); not mid, Ref, Sub, spread, Max, Mean(spread)");
        assertNotEquals(before.graphHash(), after.graphHash());
    }

    @Test
    void fingerprintIsTheHashOfTheOperatorsClassFilesThenTheEvaluatorsAndTheStates() throws Exception
    {
        final Operators.Spec mean = Operators.byName("Mean");
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final java.util.List<Class<?>> classes = new java.util.ArrayList<>(mean.implementation());
        classes.add(FeatureEvaluator.class);
        classes.add(FeatureState.class);
        for (final Class<?> type : classes)
        {
            final String resource = "/" + type.getName().replace('.', '/') + ".class";
            digest.update(FeaturePlanTest.class.getResourceAsStream(resource).readAllBytes());
        }
        assertEquals(HexFormat.of().formatHex(digest.digest()), ImplementationFingerprint.of(mean));
        assertNotEquals(ImplementationFingerprint.of(mean), ImplementationFingerprint.of(Operators.byName("Std")));
    }
}
