package io.lockstep.models;

import io.lockstep.util.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Imports a model saved by XGBoost's {@code save_model("model.json")} (gbtree booster, a regression objective with
 * identity link: {@code reg:squarederror}, {@code reg:absoluteerror}, {@code reg:pseudohubererror}) as a
 * {@link TreeEnsemble}. Per tree the JSON holds parallel arrays indexed by node: {@code left_children} (-1 for a
 * leaf), {@code right_children}, {@code split_indices}, {@code split_conditions} (the threshold, or for a leaf its
 * value), {@code default_left}; {@code learner_model_param.base_score} is the starting margin. Anything else
 * (another booster or objective, categorical splits, multi-target models) is refused with the reason and file.
 */
public final class XGBoostJson
{
    private static final List<String> IDENTITY_OBJECTIVES =
        List.of("reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror");

    private XGBoostJson()
    {
    }

    public static TreeEnsemble load(final Path file)
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("no such model file: " + file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read model file " + file, ex);
        }
        final String where = file.toString();
        final Map<?, ?> learner = object(object(JsonParser.parse(text, where), "(root)", where).get("learner"),
            "learner", where);
        final Map<?, ?> parameters = object(learner.get("learner_model_param"), "learner.learner_model_param", where);
        final String objective = string(object(learner.get("objective"), "learner.objective", where).get("name"),
            "learner.objective.name", where);
        if (!IDENTITY_OBJECTIVES.contains(objective))
        {
            throw new IllegalArgumentException(where + ": objective " + objective + " is not supported (expected " +
                IDENTITY_OBJECTIVES + ")");
        }
        final int targets = Integer.parseInt(string(parameters.get("num_target"), "num_target", where));
        final int classes = Integer.parseInt(string(parameters.get("num_class"), "num_class", where));
        if (targets > 1 || classes > 1)
        {
            throw new IllegalArgumentException(where + ": multi-target or multi-class models are not supported");
        }
        final int features = Integer.parseInt(string(parameters.get("num_feature"), "num_feature", where));
        final float baseScore = Float.parseFloat(string(parameters.get("base_score"), "base_score", where));

        final Map<?, ?> booster = object(learner.get("gradient_booster"), "learner.gradient_booster", where);
        final String boosterName = string(booster.get("name"), "learner.gradient_booster.name", where);
        if (!boosterName.equals("gbtree"))
        {
            throw new IllegalArgumentException(where + ": booster " + boosterName + " is not supported (gbtree only)");
        }
        final List<?> trees = list(object(booster.get("model"), "gradient_booster.model", where).get("trees"),
            "gradient_booster.model.trees", where);

        int nodes = 0;
        for (int t = 0; t < trees.size(); t++)
        {
            nodes += list(object(trees.get(t), "trees[" + t + "]", where).get("left_children"),
                "trees[" + t + "].left_children", where).size();
        }
        final int[] roots = new int[trees.size()];
        final int[] left = new int[nodes];
        final int[] right = new int[nodes];
        final int[] feature = new int[nodes];
        final float[] condition = new float[nodes];
        final boolean[] defaultLeft = new boolean[nodes];
        final float[] leaf = new float[nodes];
        int base = 0;
        for (int t = 0; t < trees.size(); t++)
        {
            final String at = "trees[" + t + "]";
            final Map<?, ?> tree = object(trees.get(t), at, where);
            final List<?> lefts = list(tree.get("left_children"), at + ".left_children", where);
            final List<?> rights = list(tree.get("right_children"), at + ".right_children", where);
            final List<?> indices = list(tree.get("split_indices"), at + ".split_indices", where);
            final List<?> conditions = list(tree.get("split_conditions"), at + ".split_conditions", where);
            final List<?> defaults = list(tree.get("default_left"), at + ".default_left", where);
            final Object splitTypes = tree.get("split_type");
            final int n = lefts.size();
            if (rights.size() != n || indices.size() != n || conditions.size() != n || defaults.size() != n)
            {
                throw new IllegalArgumentException(where + ": " + at + " has node arrays of different lengths");
            }
            roots[t] = base;
            for (int i = 0; i < n; i++)
            {
                if (splitTypes instanceof List<?> types && number(types.get(i), at, where).intValue() != 0)
                {
                    throw new IllegalArgumentException(where + ": " + at + " node " + i +
                        " is a categorical split, not supported");
                }
                final int l = number(lefts.get(i), at + ".left_children", where).intValue();
                final float c = number(conditions.get(i), at + ".split_conditions", where).floatValue();
                left[base + i] = l == -1 ? TreeEnsemble.LEAF : base + l;
                right[base + i] = l == -1 ? 0 : base + number(rights.get(i), at + ".right_children", where).intValue();
                feature[base + i] = l == -1 ? 0 : number(indices.get(i), at + ".split_indices", where).intValue();
                condition[base + i] = c;
                leaf[base + i] = l == -1 ? c : 0;
                final Object d = defaults.get(i);
                defaultLeft[base + i] = d instanceof Boolean b ? b : number(d, at + ".default_left", where).intValue() != 0;
            }
            base += n;
        }
        try
        {
            return new TreeEnsemble(features, baseScore, roots, left, right, feature, condition, defaultLeft, leaf,
                featureNames(learner.get("feature_names"), where));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }

    private static List<String> featureNames(final Object value, final String where)
    {
        if (value == null)
        {
            return List.of();
        }
        final java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (final Object name : list(value, "learner.feature_names", where))
        {
            names.add(string(name, "learner.feature_names[]", where));
        }
        return names;
    }

    private static Map<?, ?> object(final Object value, final String name, final String where)
    {
        if (value instanceof Map<?, ?> map)
        {
            return map;
        }
        throw new IllegalArgumentException(where + ": " + name + " is missing or not an object");
    }

    private static List<?> list(final Object value, final String name, final String where)
    {
        if (value instanceof List<?> list)
        {
            return list;
        }
        throw new IllegalArgumentException(where + ": " + name + " is missing or not an array");
    }

    private static String string(final Object value, final String name, final String where)
    {
        if (value instanceof String text)
        {
            return text;
        }
        throw new IllegalArgumentException(where + ": " + name + " is missing or not a string");
    }

    private static Number number(final Object value, final String name, final String where)
    {
        if (value instanceof Number number)
        {
            return number;
        }
        throw new IllegalArgumentException(where + ": " + name + " holds a value that is not a number");
    }
}
