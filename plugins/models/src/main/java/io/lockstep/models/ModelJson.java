package io.lockstep.models;

import io.lockstep.util.JsonParser;
import io.lockstep.util.TextLines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model file parsed by the engine's strict {@link JsonParser}, with accessors that refuse a missing or mistyped
 * value by an {@link IllegalArgumentException} naming the file and the JSON path of the value, e.g.
 * {@code model.json: layers[1].bias[3]: overflows a double}. Load time only: it allocates freely.
 */
final class ModelJson
{
    private final String file;
    private final Map<?, ?> root;

    private ModelJson(final String file, final Map<?, ?> root)
    {
        this.file = file;
        this.root = root;
    }

    /**
     * @throws IllegalArgumentException when the file does not exist, is not JSON or its value is not an object.
     * @throws java.io.UncheckedIOException naming the file when it cannot be read or is not UTF-8 text.
     */
    static ModelJson read(final Path file)
    {
        final String text = TextLines.readInput(file, "model file");
        final String where = file.toString();
        final Object value = JsonParser.parse(text, where);
        if (value instanceof Map<?, ?> root)
        {
            return new ModelJson(where, root);
        }
        throw new IllegalArgumentException(where + ": (root): " + describe(value) + ", expected an object");
    }

    Map<?, ?> root()
    {
        return root;
    }

    /**
     * The header of the dense kinds: refuses a file written for another kind (a logistic file read as linear
     * would silently predict margins), then returns {@code features}.
     */
    List<String> denseHeader(final String kind)
    {
        final String stated = string(root.get("kind"), "kind");
        if (!stated.equals(kind))
        {
            throw error("kind", "\"" + stated + "\" but this loader reads \"" + kind + "\"");
        }
        final List<?> values = array(root.get("features"), "features");
        if (values.isEmpty())
        {
            throw error("features", "empty, a model reads at least one feature");
        }
        final List<String> names = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++)
        {
            final String name = string(values.get(i), "features[" + i + "]");
            if (names.contains(name))
            {
                throw error("features[" + i + "]", "\"" + name + "\" is listed twice");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** Refuses a member of {@code object} not in {@code names}: a misspelt or foreign key must not pass unseen. */
    void onlyMembers(final Map<?, ?> object, final String path, final String... names)
    {
        final List<String> known = List.of(names);
        for (final Object name : object.keySet())
        {
            if (!known.contains(name))
            {
                throw error(path, "unknown member \"" + name + "\" (expected " + String.join(", ", names) + ")");
            }
        }
    }

    Map<?, ?> object(final Object value, final String path)
    {
        if (value instanceof Map<?, ?> map)
        {
            return map;
        }
        throw error(path, describe(value) + ", expected an object");
    }

    List<?> array(final Object value, final String path)
    {
        if (value instanceof List<?> list)
        {
            return list;
        }
        throw error(path, describe(value) + ", expected an array");
    }

    String string(final Object value, final String path)
    {
        if (value instanceof String text)
        {
            return text;
        }
        throw error(path, describe(value) + ", expected a string");
    }

    Number number(final Object value, final String path)
    {
        if (value instanceof Number number)
        {
            return number;
        }
        throw error(path, describe(value) + ", expected a number");
    }

    /** A whole number that fits an int: a node index, a feature index or a flag, never wrapped or truncated. */
    int whole(final Object value, final String path)
    {
        final Number number = number(value, path);
        final double asDouble = number.doubleValue();
        if (asDouble != Math.rint(asDouble) || asDouble < Integer.MIN_VALUE || asDouble > Integer.MAX_VALUE)
        {
            throw error(path, number + " is not a whole number of 32 bits");
        }
        return (int)asDouble;
    }

    /** A number that is finite as a float (XGBoost's own type): 1e39 would be read as an infinity. */
    float finiteFloat(final Object value, final String path)
    {
        final float number = number(value, path).floatValue();
        if (!Float.isFinite(number))
        {
            throw error(path, "overflows a float");
        }
        return number;
    }

    /** A number that is finite as a double: JSON has no NaN or infinity, but 1e999 overflows to one. */
    double finite(final Object value, final String path)
    {
        final double number = number(value, path).doubleValue();
        if (!Double.isFinite(number))
        {
            throw error(path, "overflows a double");
        }
        return number;
    }

    /** An array of finite numbers. */
    double[] numbers(final Object value, final String path)
    {
        final List<?> values = array(value, path);
        final double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++)
        {
            numbers[i] = finite(values.get(i), path + "[" + i + "]");
        }
        return numbers;
    }

    IllegalArgumentException error(final String path, final String problem)
    {
        return new IllegalArgumentException(file + ": " + path + ": " + problem);
    }

    private static String describe(final Object value)
    {
        if (value == null)
        {
            return "missing or null";
        }
        if (value instanceof Map)
        {
            return "an object";
        }
        if (value instanceof List)
        {
            return "an array";
        }
        if (value instanceof String text)
        {
            return "the string \"" + text + "\"";
        }
        return value.toString();
    }
}
