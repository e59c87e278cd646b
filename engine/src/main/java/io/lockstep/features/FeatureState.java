package io.lockstep.features;

import io.lockstep.features.ops.Ema;
import io.lockstep.features.ops.EventWindow;
import io.lockstep.features.ops.MonotonicDeque;
import io.lockstep.features.ops.Ofi;
import io.lockstep.features.ops.Ref;
import io.lockstep.features.ops.RollingMoments;
import io.lockstep.features.ops.RollingPair;
import io.lockstep.features.ops.RollingRegression;
import io.lockstep.features.ops.Rsi;
import io.lockstep.features.ops.SortedWindow;
import io.lockstep.features.ops.TaEma;
import io.lockstep.features.ops.TruncationCounter;
import io.lockstep.features.ops.Windowed;

import static io.lockstep.features.Operators.*;

/**
 * The state of one plan for one instrument: every node's current value and every stateful node's windows and
 * accumulators, all allocated here, up front, so that updates allocate nothing.
 */
public final class FeatureState
{
    final FeaturePlan plan;
    final double[] values;
    final Object[] state;
    private final int[] outputNodes;
    private final TruncationCounter truncations = new TruncationCounter();

    public FeatureState(final FeaturePlan plan)
    {
        this.plan = plan;
        final int n = plan.nodeCount();
        values = new double[n];
        state = new Object[n];
        for (int i = 0; i < n; i++)
        {
            state[i] = newState(plan, i, truncations);
        }
        outputNodes = new int[plan.outputs().size()];
        for (int k = 0; k < outputNodes.length; k++)
        {
            outputNodes[k] = plan.outputs().get(k).node();
        }
    }

    private static Object newState(final FeaturePlan plan, final int i, final TruncationCounter truncations)
    {
        final int opcode = plan.opcode[i];
        switch (opcode)
        {
            case SUM:
            case MEAN:
            case COUNT:
                return new RollingMoments(window(plan, i, false, truncations), 1);
            case VAR:
            case STD:
                return new RollingMoments(window(plan, i, false, truncations), 2);
            case SKEW:
                return new RollingMoments(window(plan, i, false, truncations), 3);
            case KURT:
                return new RollingMoments(window(plan, i, false, truncations), 4);
            case MIN:
            case IDX_MIN:
                return new MonotonicDeque(window(plan, i, false, truncations), false);
            case MAX:
            case IDX_MAX:
                return new MonotonicDeque(window(plan, i, false, truncations), true);
            case QUANTILE:
                return new SortedWindow(window(plan, i, false, truncations));
            case SLOPE:
            case RSQUARE:
            case RESI:
            case WMA:
                return new RollingRegression(window(plan, i, false, truncations));
            case COV:
            case CORR:
            case VWAP:
                return new RollingPair(window(plan, i, true, truncations));
            case REF:
                return new Ref.State(plan.intParam[i]);
            case OFI:
                return new Ofi.State();
            case EMA:
                return new Ema.State(plan.intParam[i]);
            case TAEMA:
                return new TaEma.State(plan.intParam[i]);
            case RSI:
                return new Rsi.State();
            default:
                return null;
        }
    }

    private static EventWindow window(
        final FeaturePlan plan, final int i, final boolean pairs, final TruncationCounter truncations)
    {
        return plan.windowCount[i] > 0 ? EventWindow.ofCount(plan.windowCount[i], pairs) :
            EventWindow.ofDuration(plan.windowNs[i], plan.windowMaxEvents[i], pairs, truncations);
    }

    public FeaturePlan plan()
    {
        return plan;
    }

    /** @return the current value of output k (plan order). */
    public double output(final int k)
    {
        return values[outputNodes[k]];
    }

    public int outputCount()
    {
        return outputNodes.length;
    }

    /**
     * @return events this instrument's duration windows dropped before their time, since the state was made:
     * each left its window truncated, and its features NaN, for up to one duration.
     */
    public long windowTruncations()
    {
        return truncations.count();
    }

    /**
     * @return events the duration windows that output {@code k} depends on (its node's and its inputs', all the
     * way up) dropped before their time. Walks the graph: for reports, not per event.
     */
    public long windowTruncations(final int k)
    {
        long dropped = 0;
        final boolean[] seen = new boolean[values.length];
        final int[] pending = new int[values.length];
        int count = 0;
        pending[count++] = outputNodes[k];
        seen[outputNodes[k]] = true;
        while (count > 0)
        {
            final int node = pending[--count];
            if (state[node] instanceof Windowed windowed)
            {
                dropped += windowed.window().droppedEarly();
            }
            for (final int input : new int[] { plan.input0[node], plan.input1[node], plan.input2[node] })
            {
                if (input >= 0 && !seen[input])
                {
                    seen[input] = true;
                    pending[count++] = input;
                }
            }
        }
        return dropped;
    }

    /** @return the current value of any node. */
    public double node(final int node)
    {
        return values[node];
    }
}
