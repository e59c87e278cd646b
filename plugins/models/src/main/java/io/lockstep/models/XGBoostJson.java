package io.lockstep.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Imports a model saved by XGBoost's {@code save_model("model.json")} (gbtree booster; objective
 * {@code reg:squarederror}, {@code reg:absoluteerror}, {@code reg:pseudohubererror}, {@code binary:logistic},
 * {@code reg:logistic} or {@code binary:logitraw}) as a {@link TreeEnsemble}. Per tree the JSON holds parallel
 * arrays indexed by node: {@code left_children} (-1 for a leaf), {@code right_children}, {@code split_indices},
 * {@code split_conditions} (the threshold, or for a leaf its value), {@code default_left}.
 * {@code learner_model_param.base_score} is the starting margin of the regression objectives and of
 * {@code binary:logitraw} (XGBoost's {@code LogisticRaw} overrides {@code ProbToMargin} with the identity; read
 * as a probability, it fails the parity test); {@code binary:logistic} and {@code reg:logistic} store it as a
 * probability and XGBoost 2.x starts from {@code ProbToMargin(base_score) = -logf(1 / base_score - 1)}, in float,
 * as {@link XGBoostMath#probToMargin} does. Anything else (another booster or objective, categorical splits,
 * multi-target models) is refused with the reason and file.
 * <p>
 * The prediction is XGBoost's {@code predict} without {@code output_margin}: the float32 margin itself for the
 * regression objectives and {@code binary:logitraw}, and for {@code binary:logistic} and {@code reg:logistic} the
 * probability, {@link XGBoostMath#sigmoid} of the margin, whose {@code expf} is correctly rounded where glibc's is
 * not always. On 33,000 rows of a model per objective ({@code XGBoostJsonTest}) every margin is XGBoost's bit for
 * bit and 7 ({@code binary:logistic}) and 15 ({@code reg:logistic}) probabilities differ, by at most 2 ulps;
 * {@link XGBoostMath} has the exhaustive bounds.
 */
public final class XGBoostJson
{
    /**
     * The margin is the prediction and base_score the starting margin: binary:logitraw is logistic loss, but
     * XGBoost's LogisticRaw overrides ProbToMargin and PredTransform with the identity.
     */
    private static final List<String> IDENTITY_OBJECTIVES =
        List.of("reg:squarederror", "reg:absoluteerror", "reg:pseudohubererror", "binary:logitraw");
    /** XGBoost's LogisticRegression: base_score is a probability, the prediction the sigmoid of the margin. */
    private static final List<String> LOGISTIC_OBJECTIVES = List.of("binary:logistic", "reg:logistic");
    private static final String TREES = "learner.gradient_booster.model.trees";

    private XGBoostJson()
    {
    }

    public static TreeEnsemble load(final Path file)
    {
        final ModelJson json = ModelJson.read(file);
        final Map<?, ?> learner = json.object(json.root().get("learner"), "learner");
        final Map<?, ?> parameters = json.object(learner.get("learner_model_param"), "learner.learner_model_param");
        final String objective = json.string(json.object(learner.get("objective"), "learner.objective").get("name"),
            "learner.objective.name");
        final boolean logistic = LOGISTIC_OBJECTIVES.contains(objective);
        if (!logistic && !IDENTITY_OBJECTIVES.contains(objective))
        {
            throw new IllegalArgumentException(file + ": objective " + objective + " is not supported (expected " +
                IDENTITY_OBJECTIVES + " or " + LOGISTIC_OBJECTIVES + ")");
        }
        final int targets = integer(json, parameters, "num_target");
        final int classes = integer(json, parameters, "num_class");
        if (targets > 1 || classes > 1)
        {
            throw new IllegalArgumentException(file + ": multi-target or multi-class models are not supported");
        }
        final int features = integer(json, parameters, "num_feature");
        if (features < 0 || features > TreeEnsemble.MAX_FEATURES)
        {
            throw json.error("learner.learner_model_param.num_feature", features + " (expected 0 to " +
                TreeEnsemble.MAX_FEATURES + ", the most features a model here reads)");
        }
        final float baseScore = Float.parseFloat(json.string(parameters.get("base_score"),
            "learner.learner_model_param.base_score"));
        if (!Float.isFinite(baseScore))
        {
            throw json.error("learner.learner_model_param.base_score", baseScore + " is not a finite number");
        }
        if (logistic && !(baseScore > 0.0f && baseScore < 1.0f))
        {
            throw json.error("learner.learner_model_param.base_score", baseScore + " is not a probability in " +
                "(0, 1), as " + objective + " needs");
        }

        final Map<?, ?> booster = json.object(learner.get("gradient_booster"), "learner.gradient_booster");
        final String boosterName = json.string(booster.get("name"), "learner.gradient_booster.name");
        if (!boosterName.equals("gbtree"))
        {
            throw new IllegalArgumentException(file + ": booster " + boosterName + " is not supported (gbtree only)");
        }
        final List<?> trees = json.array(json.object(booster.get("model"), "learner.gradient_booster.model")
            .get("trees"), TREES);

        int nodes = 0;
        for (int t = 0; t < trees.size(); t++)
        {
            final String at = TREES + "[" + t + "]";
            nodes += json.array(json.object(trees.get(t), at).get("left_children"), at + ".left_children").size();
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
            final String at = TREES + "[" + t + "]";
            final Map<?, ?> tree = json.object(trees.get(t), at);
            final List<?> lefts = json.array(tree.get("left_children"), at + ".left_children");
            final List<?> rights = json.array(tree.get("right_children"), at + ".right_children");
            final List<?> indices = json.array(tree.get("split_indices"), at + ".split_indices");
            final List<?> conditions = json.array(tree.get("split_conditions"), at + ".split_conditions");
            final List<?> defaults = json.array(tree.get("default_left"), at + ".default_left");
            final Object splitTypes = tree.get("split_type");
            final int n = lefts.size();
            if (rights.size() != n || indices.size() != n || conditions.size() != n || defaults.size() != n ||
                splitTypes instanceof List<?> types && types.size() != n)
            {
                throw json.error(at, "node arrays of different lengths");
            }
            roots[t] = base;
            for (int i = 0; i < n; i++)
            {
                if (splitTypes instanceof List<?> types && json.whole(types.get(i), at + ".split_type[" + i + "]") != 0)
                {
                    throw json.error(at + ".split_type[" + i + "]", "a categorical split, not supported");
                }
                final int l = json.whole(lefts.get(i), at + ".left_children[" + i + "]");
                final float c = json.finiteFloat(conditions.get(i), at + ".split_conditions[" + i + "]");
                left[base + i] = l == -1 ? TreeEnsemble.LEAF : base + l;
                right[base + i] = l == -1 ? 0 :
                    base + json.whole(rights.get(i), at + ".right_children[" + i + "]");
                feature[base + i] = l == -1 ? 0 :
                    json.whole(indices.get(i), at + ".split_indices[" + i + "]");
                condition[base + i] = c;
                leaf[base + i] = l == -1 ? c : 0;
                final Object d = defaults.get(i);
                defaultLeft[base + i] = d instanceof Boolean b ? b :
                    json.whole(d, at + ".default_left[" + i + "]") != 0;
            }
            base += n;
        }
        try
        {
            return new TreeEnsemble(features, logistic ? XGBoostMath.probToMargin(baseScore) : baseScore,
                logistic ? TreeEnsemble.Link.LOGISTIC : TreeEnsemble.Link.IDENTITY, roots, left, right, feature,
                condition, defaultLeft, leaf, featureNames(json, learner.get("feature_names")));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    /** XGBoost writes its integer parameters as strings. */
    private static int integer(final ModelJson json, final Map<?, ?> parameters, final String name)
    {
        final String path = "learner.learner_model_param." + name;
        final String text = json.string(parameters.get(name), path);
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw json.error(path, "\"" + text + "\" is not an integer");
        }
    }

    private static List<String> featureNames(final ModelJson json, final Object value)
    {
        if (value == null)
        {
            return List.of();
        }
        final List<?> values = json.array(value, "learner.feature_names");
        final java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++)
        {
            names.add(json.string(values.get(i), "learner.feature_names[" + i + "]"));
        }
        return names;
    }
}
