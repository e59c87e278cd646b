package io.lockstep.models;

import java.nio.file.Path;
import java.util.List;

/**
 * The weights file of {@code linear-json} and {@code logistic-json}, which differ only in their link:
 * <pre>
 * {"kind": "linear-json", "features": ["spread_bps", "imbalance"], "intercept": 0.1, "weights": [0.5, -1.2]}
 * </pre>
 * one weight per feature, in the order of {@code features}; every number finite; no other member.
 */
record LinearJson(List<String> features, double intercept, double[] weights)
{
    /**
     * @throws IllegalArgumentException naming the file and the JSON path of the problem.
     */
    static LinearJson read(final Path file, final String kind)
    {
        final ModelJson json = ModelJson.read(file);
        final List<String> features = json.denseHeader(kind);
        json.onlyMembers(json.root(), "(root)", "kind", "features", "intercept", "weights");
        final double intercept = json.finite(json.root().get("intercept"), "intercept");
        final double[] weights = json.numbers(json.root().get("weights"), "weights");
        if (weights.length != features.size())
        {
            throw json.error("weights", weights.length + " values, expected " + features.size() + " (one per feature)");
        }
        return new LinearJson(features, intercept, weights);
    }
}
