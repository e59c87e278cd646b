package io.lockstep.features.lang;

/**
 * One line of a feature file: {@code name = expression}. Names starting with {@code _} are intermediates,
 * usable by other features but not part of the graph's outputs. {@code source} names where it was written.
 */
public record FeatureDefinition(String source, String name, Expr expression, int line, int column)
{
    public boolean isOutput()
    {
        return !name.startsWith("_");
    }
}
