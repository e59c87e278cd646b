package io.lockstep.features;

import io.lockstep.features.ops.*;

import static io.lockstep.features.Operators.*;

/**
 * Runs a compiled plan for one event: one pass over the nodes in topological order, each a case of one switch
 * calling its operator's static method, so there is no virtual call per node, and no allocation.
 */
public final class FeatureEvaluator
{
    /**
     * Test only: {@code -Dlockstep.test.perturbFeatureOperator=NAME} moves every result of that operator up by one
     * ulp, so tests can prove that replay verification catches a one-ulp change and names the feature. A static
     * final the JIT folds away when unset.
     */
    private static final int PERTURBED_OPCODE = perturbedOpcode();

    private static int perturbedOpcode()
    {
        final String name = System.getProperty("lockstep.test.perturbFeatureOperator");
        if (name == null)
        {
            return -1;
        }
        final Operators.Spec spec = Operators.byName(name);
        if (spec == null)
        {
            throw new IllegalArgumentException("lockstep.test.perturbFeatureOperator: unknown operator " + name);
        }
        return spec.opcode();
    }

    private FeatureEvaluator()
    {
    }

    /**
     * Update every node with the market as it is after this event.
     */
    public static void update(final FeatureState featureState, final MarketSnapshot s)
    {
        final FeaturePlan p = featureState.plan;
        final double[] v = featureState.values;
        final Object[] state = featureState.state;
        final int[] opcode = p.opcode;
        final int[] in0 = p.input0;
        final int[] in1 = p.input1;
        final int[] in2 = p.input2;
        final long t = s.eventTimeNs;
        for (int i = 0, n = opcode.length; i < n; i++)
        {
            final double result;
            switch (opcode[i])
            {
                case CONST: result = p.doubleParam[i]; break;
                case ADD: result = Add.apply(v[in0[i]], v[in1[i]]); break;
                case SUB: result = Sub.apply(v[in0[i]], v[in1[i]]); break;
                case MUL: result = Mul.apply(v[in0[i]], v[in1[i]]); break;
                case DIV: result = Div.apply(v[in0[i]], v[in1[i]]); break;
                case NEG: result = Neg.apply(v[in0[i]]); break;
                case ABS: result = Abs.apply(v[in0[i]]); break;
                case LOG: result = Log.apply(v[in0[i]]); break;
                case SIGN: result = Sign.apply(v[in0[i]]); break;
                case GREATER: result = Greater.apply(v[in0[i]], v[in1[i]]); break;
                case LESS: result = Less.apply(v[in0[i]], v[in1[i]]); break;
                case IF: result = If.apply(v[in0[i]], v[in1[i]], v[in2[i]]); break;
                case GT: result = Gt.apply(v[in0[i]], v[in1[i]]); break;
                case LT: result = Lt.apply(v[in0[i]], v[in1[i]]); break;
                case GE: result = Ge.apply(v[in0[i]], v[in1[i]]); break;
                case LE: result = Le.apply(v[in0[i]], v[in1[i]]); break;
                case EQ: result = Eq.apply(v[in0[i]], v[in1[i]]); break;
                case NE: result = Ne.apply(v[in0[i]], v[in1[i]]); break;
                case MID: result = Mid.apply(s); break;
                case SPREAD: result = Spread.apply(s); break;
                case WEIGHTED_MID: result = WeightedMid.apply(s); break;
                case IMBALANCE: result = Imbalance.apply(s, p.intParam[i]); break;
                case OFI: result = Ofi.apply((Ofi.State)state[i], s); break;
                case BID_PRICE: result = Level.bidPrice(s, p.intParam[i]); break;
                case ASK_PRICE: result = Level.askPrice(s, p.intParam[i]); break;
                case BID_SIZE: result = Level.bidSize(s, p.intParam[i]); break;
                case ASK_SIZE: result = Level.askSize(s, p.intParam[i]); break;
                case LAST_PRICE: result = LastTrade.price(s); break;
                case LAST_SIZE: result = LastTrade.size(s); break;
                case LAST_SIDE: result = LastTrade.side(s); break;
                case TRADE_PRICE: result = LastTrade.tradePrice(s); break;
                case TRADE_SIZE: result = LastTrade.tradeSize(s); break;
                case TIME: result = EventTime.apply(s); break;
                case REF: result = Ref.apply((Ref.State)state[i], v[in0[i]]); break;
                case SUM: result = Sum.apply((RollingMoments)state[i], t, v[in0[i]], p.minPeriods[i]); break;
                case MEAN: result = Mean.apply((RollingMoments)state[i], t, v[in0[i]], p.minPeriods[i]); break;
                case VAR: result = Var.apply((RollingMoments)state[i], t, v[in0[i]], p.minPeriods[i]); break;
                case STD: result = Std.apply((RollingMoments)state[i], t, v[in0[i]], p.minPeriods[i]); break;
                case SKEW: result = Skew.apply((RollingMoments)state[i], t, v[in0[i]], p.minPeriods[i]); break;
                case KURT: result = Kurt.apply((RollingMoments)state[i], t, v[in0[i]], p.minPeriods[i]); break;
                case COUNT: result = Count.apply((RollingMoments)state[i], t, v[in0[i]]); break;
                case MIN:
                case MAX:
                    result = Extreme.value((MonotonicDeque)state[i], t, v[in0[i]], p.minPeriods[i]);
                    break;
                case IDX_MIN:
                case IDX_MAX:
                    result = Extreme.position((MonotonicDeque)state[i], t, v[in0[i]], p.minPeriods[i]);
                    break;
                case QUANTILE:
                    result = Quantile.apply((SortedWindow)state[i], t, v[in0[i]], p.doubleParam[i], p.minPeriods[i]);
                    break;
                case SLOPE:
                    result = Regression.slope((RollingRegression)state[i], t, v[in0[i]], p.minPeriods[i]);
                    break;
                case RSQUARE:
                    result = Regression.rsquare((RollingRegression)state[i], t, v[in0[i]], p.minPeriods[i]);
                    break;
                case RESI:
                    result = Regression.residual((RollingRegression)state[i], t, v[in0[i]], p.minPeriods[i]);
                    break;
                case WMA: result = Wma.apply((RollingRegression)state[i], t, v[in0[i]], p.minPeriods[i]); break;
                case COV:
                    result = CoMoment.cov((RollingPair)state[i], t, v[in0[i]], v[in1[i]], p.minPeriods[i]);
                    break;
                case CORR:
                    result = CoMoment.corr((RollingPair)state[i], t, v[in0[i]], v[in1[i]], p.minPeriods[i]);
                    break;
                case VWAP: result = Vwap.apply((RollingPair)state[i], s, p.minPeriods[i]); break;
                case EMA: result = Ema.apply((Ema.State)state[i], v[in0[i]], p.intParam[i], p.minPeriods[i]); break;
                case TAEMA: result = TaEma.apply((TaEma.State)state[i], v[in0[i]], p.intParam[i]); break;
                case RSI: result = Rsi.apply((Rsi.State)state[i], v[in0[i]], p.intParam[i]); break;
                default: throw new IllegalStateException("unknown opcode " + opcode[i]);
            }
            v[i] = opcode[i] == PERTURBED_OPCODE ? Math.nextUp(result) : result;
        }
    }
}
