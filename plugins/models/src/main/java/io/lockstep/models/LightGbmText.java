package io.lockstep.models;

import io.lockstep.util.TextLines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Imports a model saved by LightGBM's {@code booster.save_model("model.txt")} as a {@link LightGbmEnsemble}.
 * The file is lines of {@code key=value}: a header ({@code tree}, {@code version}, {@code num_class},
 * {@code num_tree_per_iteration}, {@code max_feature_idx}, {@code objective}, {@code feature_names}, ...), then
 * one {@code Tree=i} section per tree, ended by a blank line, then {@code end of trees} and sections that do not
 * change predictions (importances, parameters). A tree of {@code num_leaves} L holds L - 1 splits as parallel
 * arrays ({@code split_feature}, {@code threshold}, {@code decision_type}, {@code left_child},
 * {@code right_child}: a child {@code >= 0} is a split, {@code < 0} the leaf {@code ~child}) and L
 * {@code leaf_value}s; {@code decision_type} bit 0 marks a categorical split, bit 1 the default direction (left),
 * bits 2-3 the missing type (0 None, 1 Zero, 2 NaN). Thresholds and leaf values are parsed correctly rounded, as
 * LightGBM reads them back ({@code strtod}, {@code fast_double_parser}), so the 17 digits it writes give the exact
 * doubles it trained.
 * <p>
 * Supported: version v3 or v4, one class and one tree per iteration, objective {@code regression} or
 * {@code binary sigmoid:S}, numerical splits, constant leaves. Anything else (categorical splits, linear trees,
 * multiclass, random-forest averaging, other objectives) and anything malformed (a missing key, an array whose
 * length disagrees with {@code num_leaves}, an index out of range, a node reached twice, a NaN threshold) is
 * refused with the file, the line and what was expected.
 */
public final class LightGbmText
{
    private static final List<String> VERSIONS = List.of("v3", "v4");
    private static final Set<String> HEADER_KEYS = Set.of("version", "num_class", "num_tree_per_iteration",
        "label_index", "max_feature_idx", "objective", "feature_names", "feature_infos", "monotone_constraints",
        "tree_sizes");
    /** Every key LightGBM writes in a tree; those the evaluator does not need are read past. */
    private static final Set<String> TREE_KEYS = Set.of("num_leaves", "num_cat", "split_feature", "split_gain",
        "threshold", "decision_type", "left_child", "right_child", "leaf_value", "leaf_weight", "leaf_count",
        "internal_value", "internal_weight", "internal_count", "cat_boundaries", "cat_threshold", "is_linear",
        "leaf_const", "num_features", "leaf_features", "leaf_coeff", "shrinkage");
    private static final String OBJECTIVES = "expected 'regression' or 'binary sigmoid:S'";
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final String END_OF_TREES = "end of trees";

    private final String where;
    private final List<String> lines;
    private int next;

    private LightGbmText(final String where, final List<String> lines)
    {
        this.where = where;
        this.lines = lines;
    }

    public static LightGbmEnsemble load(final Path file)
    {
        final List<String> lines = TextLines.readInputLines(file, "model file");
        return new LightGbmText(file.toString(), lines).parse();
    }

    private LightGbmEnsemble parse()
    {
        final Section header = header();
        final int maxFeatureIndex = integer(header, "max_feature_idx", 0);
        if (maxFeatureIndex >= TreeEnsemble.MAX_FEATURES)
        {
            throw fail(header.line("max_feature_idx"), "max_feature_idx=" + maxFeatureIndex + " (expected below " +
                TreeEnsemble.MAX_FEATURES + ", the most features a model here reads)");
        }
        final int featureCount = maxFeatureIndex + 1;
        final double sigmoid = objective(header);
        final List<String> names = featureNames(header, featureCount);

        final List<Tree> trees = new ArrayList<>();
        final int end = trees(trees, featureCount);
        if (trees.isEmpty())
        {
            throw fail(end, "no trees (expected at least one Tree= section)");
        }
        final String sizes = header.values.get("tree_sizes");
        if (sizes != null && tokens(sizes).length != trees.size())
        {
            throw fail(header.line("tree_sizes"), "tree_sizes lists " + tokens(sizes).length + " trees, the file has " +
                trees.size());
        }
        return flatten(trees, featureCount, names, sigmoid);
    }

    /** Reads the header, up to the first {@code Tree=} line, and checks the keys every model must have. */
    private Section header()
    {
        while (next < lines.size() && lines.get(next).isBlank())
        {
            next++;
        }
        if (next == lines.size() || !lines.get(next).equals("tree"))
        {
            throw fail(Math.max(0, Math.min(next, lines.size() - 1)),
                "expected 'tree', the first line of a LightGBM text model (a gbdt booster)");
        }
        final Section header = new Section(next);
        for (next++; next < lines.size(); next++)
        {
            final String line = lines.get(next);
            if (line.startsWith("Tree=") || line.equals(END_OF_TREES))
            {
                break;
            }
            if (line.isBlank())
            {
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq < 0)
            {
                throw fail(next, line.equals("average_output") ?
                    "average_output (a random forest) is not supported (expected a gbdt model that sums its trees)" :
                    "unexpected line '" + line + "' (expected key=value)");
            }
            header.put(line.substring(0, eq), line.substring(eq + 1), next, HEADER_KEYS, "header");
        }

        final String version = header.required("version");
        if (!VERSIONS.contains(version))
        {
            throw fail(header.line("version"), "version=" + version + " is not supported (expected v3 or v4)");
        }
        if (integer(header, "num_class", 0) != 1)
        {
            throw fail(header.line("num_class"), "num_class=" + header.values.get("num_class") +
                ": multiclass models are not supported (expected 1)");
        }
        if (integer(header, "num_tree_per_iteration", 0) != 1)
        {
            throw fail(header.line("num_tree_per_iteration"), "num_tree_per_iteration=" +
                header.values.get("num_tree_per_iteration") + " is not supported (expected 1)");
        }
        return header;
    }

    /** @return {@code S} of {@code binary sigmoid:S}, or 0 for {@code regression}, whose raw score is its output. */
    private double objective(final Section header)
    {
        final String objective = header.required("objective");
        final int line = header.line("objective");
        final String[] parts = tokens(objective);
        if (parts.length == 1 && parts[0].equals("regression"))
        {
            return 0.0;
        }
        if (parts.length == 2 && parts[0].equals("binary") && parts[1].startsWith("sigmoid:"))
        {
            final String text = parts[1].substring("sigmoid:".length());
            final double sigmoid = DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
            if (sigmoid > 0.0 && sigmoid < Double.POSITIVE_INFINITY)
            {
                return sigmoid;
            }
            throw fail(line, "objective=" + objective + ": sigmoid must be a positive number");
        }
        throw fail(line, "objective=" + objective + " is not supported (" + OBJECTIVES + ")");
    }

    /** LightGBM names the columns {@code Column_0, Column_1, ...} when it was given no names: that is no name. */
    private List<String> featureNames(final Section header, final int featureCount)
    {
        final String[] names = tokens(header.required("feature_names"));
        if (names.length != featureCount)
        {
            throw fail(header.line("feature_names"), names.length + " feature names (expected " + featureCount +
                ", max_feature_idx + 1)");
        }
        boolean generated = true;
        for (int i = 0; i < names.length; i++)
        {
            generated &= names[i].equals("Column_" + i);
        }
        return generated ? List.of() : List.of(names);
    }

    /** Reads every {@code Tree=} section into {@code trees}. @return the line of {@code end of trees}. */
    private int trees(final List<Tree> trees, final int featureCount)
    {
        for (; next < lines.size(); next++)
        {
            final String line = lines.get(next);
            if (line.isBlank())
            {
                continue;
            }
            if (line.equals(END_OF_TREES))
            {
                return next;
            }
            if (!line.equals("Tree=" + trees.size()))
            {
                throw fail(next, "unexpected line '" + line + "' (expected 'Tree=" + trees.size() + "' or '" +
                    END_OF_TREES + "')");
            }
            final Section section = new Section(next);
            for (next++; next < lines.size() && !lines.get(next).isBlank(); next++)
            {
                final String entry = lines.get(next);
                final int eq = entry.indexOf('=');
                if (eq < 0)
                {
                    throw fail(next, "unexpected line '" + entry + "' in tree " + trees.size() +
                        " (expected key=value, and a blank line after the tree)");
                }
                section.put(entry.substring(0, eq), entry.substring(eq + 1), next, TREE_KEYS, "tree");
            }
            trees.add(tree(section, trees.size(), featureCount));
        }
        throw fail(Math.max(0, lines.size() - 1), "no '" + END_OF_TREES + "' line: the file is cut short");
    }

    private Tree tree(final Section section, final int index, final int featureCount)
    {
        final String name = "tree " + index;
        final int leaves = integer(section, "num_leaves", 1);
        if (integer(section, "num_cat", 0) != 0)
        {
            throw fail(section.line("num_cat"), name + ": num_cat=" + section.values.get("num_cat") +
                ": categorical splits are not supported (expected 0)");
        }
        final String linear = section.values.get("is_linear");
        if (linear != null && !linear.equals("0"))
        {
            throw fail(section.line("is_linear"), name + ": is_linear=" + linear +
                ": linear trees are not supported (expected 0)");
        }
        // Before allocating: a num_leaves the file does not back with values must not size seven arrays.
        final String[] values = array(section, "leaf_value", leaves, name);
        final Tree tree = new Tree(leaves);
        for (int leaf = 0; leaf < leaves; leaf++)
        {
            tree.leafValue[leaf] = number(values[leaf], section.line("leaf_value"), name + " leaf_value " + leaf);
            if (!Double.isFinite(tree.leafValue[leaf]))
            {
                throw fail(section.line("leaf_value"), name + ": leaf_value " + leaf + " is " +
                    tree.leafValue[leaf] + " (expected a finite number)");
            }
        }
        final int splits = leaves - 1;
        if (splits == 0)
        {
            return tree;
        }
        final String[] features = array(section, "split_feature", splits, name);
        final String[] thresholds = array(section, "threshold", splits, name);
        final String[] decisions = array(section, "decision_type", splits, name);
        final String[] lefts = array(section, "left_child", splits, name);
        final String[] rights = array(section, "right_child", splits, name);
        for (int split = 0; split < splits; split++)
        {
            final String at = name + " split " + split;
            final int feature = integer(features[split], section.line("split_feature"), at + " split_feature");
            if (feature < 0 || feature >= featureCount)
            {
                throw fail(section.line("split_feature"), at + ": split_feature " + feature +
                    " is out of range (expected 0.." + (featureCount - 1) + ", max_feature_idx)");
            }
            tree.splitFeature[split] = feature;
            final double threshold = number(thresholds[split], section.line("threshold"), at + " threshold");
            if (Double.isNaN(threshold))
            {
                throw fail(section.line("threshold"), at + ": threshold is NaN (expected a number)");
            }
            tree.threshold[split] = threshold;
            final int decision = integer(decisions[split], section.line("decision_type"), at + " decision_type");
            if (decision < 0 || decision > 15)
            {
                throw fail(section.line("decision_type"), at + ": decision_type " + decision +
                    " is out of range (expected 0..15)");
            }
            if ((decision & 1) != 0)
            {
                throw fail(section.line("decision_type"), at + ": decision_type " + decision +
                    " is a categorical split, not supported (expected bit 0 clear)");
            }
            final int missing = (decision >> 2) & 3;
            if (missing == 3)
            {
                throw fail(section.line("decision_type"), at + ": decision_type " + decision +
                    " has missing type 3 (expected 0 None, 1 Zero or 2 NaN)");
            }
            tree.missingType[split] = (byte)missing;
            tree.defaultLeft[split] = (decision & 2) != 0;
            tree.left[split] = child(lefts[split], section.line("left_child"), at + " left_child", leaves);
            tree.right[split] = child(rights[split], section.line("right_child"), at + " right_child", leaves);
        }
        checkShape(tree, section.line("left_child"), name);
        return tree;
    }

    private int child(final String token, final int line, final String what, final int leaves)
    {
        final int child = integer(token, line, what);
        if (child >= leaves - 1 || ~child >= leaves)
        {
            throw fail(line, what + " " + child + " is out of range (expected a split 0.." + (leaves - 2) +
                " or a leaf -1..-" + leaves + ")");
        }
        return child;
    }

    /** Every node hangs from split 0 on exactly one path: no cycle, no shared child, no unreachable leaf. */
    private void checkShape(final Tree tree, final int line, final String name)
    {
        final int splits = tree.left.length;
        final boolean[] splitReached = new boolean[splits];
        final boolean[] leafReached = new boolean[splits + 1];
        final int[] stack = new int[splits];
        int top = 0;
        stack[top++] = 0;
        splitReached[0] = true;
        while (top > 0)
        {
            final int split = stack[--top];
            for (int side = 0; side < 2; side++)
            {
                final int child = side == 0 ? tree.left[split] : tree.right[split];
                final boolean[] reached = child >= 0 ? splitReached : leafReached;
                final int node = child >= 0 ? child : ~child;
                if (reached[node])
                {
                    throw fail(line, name + ": " + (child >= 0 ? "split " : "leaf ") + node + " is reached twice " +
                        "(a cycle or a shared child; expected a tree rooted at split 0)");
                }
                reached[node] = true;
                if (child >= 0)
                {
                    stack[top++] = child;
                }
            }
        }
        for (int leaf = 0; leaf <= splits; leaf++)
        {
            if (!leafReached[leaf])
            {
                throw fail(line, name + ": leaf " + leaf + " is never reached (expected a tree rooted at split 0)");
            }
        }
    }

    private static LightGbmEnsemble flatten(
        final List<Tree> trees,
        final int featureCount,
        final List<String> names,
        final double sigmoid)
    {
        int splits = 0;
        int leaves = 0;
        for (final Tree tree : trees)
        {
            splits += tree.left.length;
            leaves += tree.leafValue.length;
        }
        final int[] roots = new int[trees.size()];
        final int[] splitFeature = new int[splits];
        final double[] threshold = new double[splits];
        final byte[] missingType = new byte[splits];
        final boolean[] defaultLeft = new boolean[splits];
        final int[] left = new int[splits];
        final int[] right = new int[splits];
        final double[] leafValue = new double[leaves];
        int splitBase = 0;
        int leafBase = 0;
        for (int t = 0; t < trees.size(); t++)
        {
            final Tree tree = trees.get(t);
            final int n = tree.left.length;
            roots[t] = n == 0 ? ~leafBase : splitBase;
            for (int i = 0; i < n; i++)
            {
                splitFeature[splitBase + i] = tree.splitFeature[i];
                threshold[splitBase + i] = tree.threshold[i];
                missingType[splitBase + i] = tree.missingType[i];
                defaultLeft[splitBase + i] = tree.defaultLeft[i];
                left[splitBase + i] = tree.left[i] >= 0 ? splitBase + tree.left[i] : ~(leafBase + ~tree.left[i]);
                right[splitBase + i] = tree.right[i] >= 0 ? splitBase + tree.right[i] : ~(leafBase + ~tree.right[i]);
            }
            System.arraycopy(tree.leafValue, 0, leafValue, leafBase, tree.leafValue.length);
            splitBase += n;
            leafBase += tree.leafValue.length;
        }
        return new LightGbmEnsemble(featureCount, names, sigmoid, roots, splitFeature, threshold, missingType,
            defaultLeft, left, right, leafValue);
    }

    private String[] array(final Section section, final String key, final int count, final String name)
    {
        final String[] values = tokens(section.required(key));
        if (values.length != count)
        {
            throw fail(section.line(key), name + ": " + key + " has " + values.length + " values (expected " + count +
                " for num_leaves=" + section.values.get("num_leaves") + ")");
        }
        return values;
    }

    private int integer(final Section section, final String key, final int min)
    {
        final int value = integer(section.required(key), section.line(key), key);
        if (value < min)
        {
            throw fail(section.line(key), key + "=" + value + " (expected at least " + min + ")");
        }
        return value;
    }

    private int integer(final String token, final int line, final String what)
    {
        try
        {
            return Integer.parseInt(token);
        }
        catch (final NumberFormatException ex)
        {
            throw fail(line, what + " '" + token + "' is not an integer");
        }
    }

    private double number(final String token, final int line, final String what)
    {
        if (token.equalsIgnoreCase("nan") || token.equalsIgnoreCase("-nan"))
        {
            return Double.NaN;
        }
        // LightGBM writes 'inf' for the threshold of a split that parts missing from present values.
        final String magnitude = token.startsWith("-") || token.startsWith("+") ? token.substring(1) : token;
        if (magnitude.equalsIgnoreCase("inf") || magnitude.equalsIgnoreCase("infinity"))
        {
            return token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!DECIMAL.matcher(token).matches())
        {
            throw fail(line, what + " '" + token + "' is not a decimal number");
        }
        return Double.parseDouble(token);
    }

    private static String[] tokens(final String value)
    {
        final String trimmed = value.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split(" +");
    }

    private IllegalArgumentException fail(final int line, final String message)
    {
        return new IllegalArgumentException(where + ":" + (line + 1) + ": " + message);
    }

    /** The {@code key=value} lines of the header or of one tree, with where each was. */
    private final class Section
    {
        private final int start;
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, Integer> lineOf = new HashMap<>();
        private final String kind;

        private Section(final int start)
        {
            this.start = start;
            this.kind = start < lines.size() && lines.get(start).startsWith("Tree=") ? lines.get(start) : "header";
        }

        private void put(final String key, final String value, final int line, final Set<String> known, final String in)
        {
            if (!known.contains(key))
            {
                throw fail(line, "unknown " + in + " key '" + key + "' (expected one of " + new TreeSet<>(known) + ")");
            }
            if (values.put(key, value) != null)
            {
                throw fail(line, "duplicate key '" + key + "' in " + kind);
            }
            lineOf.put(key, line);
        }

        private String required(final String key)
        {
            final String value = values.get(key);
            if (value == null)
            {
                throw fail(start, kind + " has no " + key + "= line");
            }
            return value;
        }

        private int line(final String key)
        {
            return lineOf.getOrDefault(key, start);
        }
    }

    /** One tree as the file holds it: children are split indices or {@code ~leaf}. */
    private static final class Tree
    {
        private final int[] splitFeature;
        private final double[] threshold;
        private final byte[] missingType;
        private final boolean[] defaultLeft;
        private final int[] left;
        private final int[] right;
        private final double[] leafValue;

        private Tree(final int leaves)
        {
            splitFeature = new int[leaves - 1];
            threshold = new double[leaves - 1];
            missingType = new byte[leaves - 1];
            defaultLeft = new boolean[leaves - 1];
            left = new int[leaves - 1];
            right = new int[leaves - 1];
            leafValue = new double[leaves];
        }
    }
}
