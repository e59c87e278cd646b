package io.lockstep.features;

import java.util.List;

/**
 * A compiled feature graph: nodes in topological order (every node after its inputs), identical sub-expressions
 * merged, each node with its parameters and content hash, and the ordered outputs. Immutable; one plan serves any
 * number of instruments, each with its own {@link FeatureState}.
 */
public final class FeaturePlan
{
    /** One output: a named feature (or research label) and the node that computes it. */
    public record Output(String name, int node, String nodeHash, int lead)
    {
        /** A research label: the value of {@code node} {@code lead} events later. */
        public boolean isLabel()
        {
            return lead > 0;
        }
    }

    final int[] opcode;
    final int[] input0;
    final int[] input1;
    final int[] input2;
    final long[] windowCount;
    final long[] windowNs;
    final int[] windowMaxEvents;
    final int[] minPeriods;
    final int[] intParam;
    final double[] doubleParam;
    private final String[] nodeHash;
    private final String[] nodeDescription;
    private final List<Output> outputs;
    private final String graphHash;
    private final String source;

    FeaturePlan(
        final String source,
        final int[] opcode,
        final int[] input0,
        final int[] input1,
        final int[] input2,
        final long[] windowCount,
        final long[] windowNs,
        final int[] windowMaxEvents,
        final int[] minPeriods,
        final int[] intParam,
        final double[] doubleParam,
        final String[] nodeHash,
        final String[] nodeDescription,
        final List<Output> outputs,
        final String graphHash)
    {
        this.source = source;
        this.opcode = opcode;
        this.input0 = input0;
        this.input1 = input1;
        this.input2 = input2;
        this.windowCount = windowCount;
        this.windowNs = windowNs;
        this.windowMaxEvents = windowMaxEvents;
        this.minPeriods = minPeriods;
        this.intParam = intParam;
        this.doubleParam = doubleParam;
        this.nodeHash = nodeHash;
        this.nodeDescription = nodeDescription;
        this.outputs = List.copyOf(outputs);
        this.graphHash = graphHash;
    }

    /** @return where the graph was read from. */
    public String source()
    {
        return source;
    }

    public int nodeCount()
    {
        return opcode.length;
    }

    /** Features in file order, then research labels. */
    public List<Output> outputs()
    {
        return outputs;
    }

    /** SHA-256 (hex) over the ordered output names and their node hashes. */
    public String graphHash()
    {
        return graphHash;
    }

    /** SHA-256 (hex) of a node: operator, implementation fingerprint, parameters, inputs' hashes. */
    public String nodeHash(final int node)
    {
        return nodeHash[node];
    }

    /** The node in canonical form, e.g. {@code Std(#3, window=100)}. */
    public String describe(final int node)
    {
        return nodeDescription[node];
    }

    /** @return the largest label lead: how many events a research run must look ahead. */
    public int maxLead()
    {
        int max = 0;
        for (final Output output : outputs)
        {
            max = Math.max(max, output.lead());
        }
        return max;
    }
}
