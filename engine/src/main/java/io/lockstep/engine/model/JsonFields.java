package io.lockstep.engine.model;

import java.util.List;
import java.util.Map;

/** Typed reads from {@link io.lockstep.util.JsonParser}'s maps, each failure naming where and what. */
final class JsonFields
{
    private JsonFields()
    {
    }

    static Object required(final Map<?, ?> json, final String name, final Class<?> type, final String where)
    {
        final Object value = json.get(name);
        if (!type.isInstance(value))
        {
            throw new IllegalArgumentException(where + ": \"" + name + "\" must be " +
                (type == Number.class ? "a number" : type == List.class ? "an array" :
                type == Map.class ? "an object" : "a string") + (value == null ? ", missing" : ", found " + value));
        }
        return value;
    }

    static double[] doubles(final Map<?, ?> json, final String name, final String where)
    {
        final List<?> list = (List<?>)required(json, name, List.class, where);
        final double[] values = new double[list.size()];
        for (int i = 0; i < values.length; i++)
        {
            if (!(list.get(i) instanceof Number number))
            {
                throw new IllegalArgumentException(where + ": \"" + name + "\" element " + (i + 1) +
                    " is not a number: " + list.get(i));
            }
            values[i] = number.doubleValue();
        }
        return values;
    }
}
