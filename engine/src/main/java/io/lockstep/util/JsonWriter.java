package io.lockstep.util;

/**
 * Writes JSON into a string: indented, two spaces a level, or on one line ({@link #singleLine()}) for JSON
 * Lines files. The caller drives the structure (names only inside objects, matching begin and end); this class
 * only places commas and escapes strings. Non-finite doubles have no JSON form and are written as null.
 */
public final class JsonWriter
{
    private static final int MAX_DEPTH = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(4096);
    private final boolean[] hasElement = new boolean[MAX_DEPTH];
    private final boolean indented;
    private int depth;
    private boolean afterName;

    public JsonWriter()
    {
        this(true);
    }

    private JsonWriter(final boolean indented)
    {
        this.indented = indented;
    }

    /** @return a writer that puts everything on one line (a JSON Lines record). */
    public static JsonWriter singleLine()
    {
        return new JsonWriter(false);
    }

    public JsonWriter beginObject()
    {
        return begin('{');
    }

    public JsonWriter endObject()
    {
        return end('}');
    }

    public JsonWriter beginArray()
    {
        return begin('[');
    }

    public JsonWriter endArray()
    {
        return end(']');
    }

    public JsonWriter name(final String name)
    {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    /** A null string is written as null. */
    public JsonWriter value(final String value)
    {
        beforeValue();
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    public JsonWriter value(final boolean value)
    {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(final long value)
    {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A number, or null when there is none: a report says so rather than writing a sentinel such as -1. */
    public JsonWriter valueOrNull(final long value, final boolean present)
    {
        return present ? value(value) : value((String)null);
    }

    public JsonWriter value(final double value)
    {
        beforeValue();
        if (Double.isFinite(value))
        {
            // Double.toString is shortest round-trip and its forms (1.0E-4, -0.0) are valid JSON numbers.
            out.append(value);
        }
        else
        {
            out.append("null");
        }
        return this;
    }

    @Override
    public String toString()
    {
        return out.toString();
    }

    private JsonWriter begin(final char bracket)
    {
        beforeValue();
        out.append(bracket);
        depth++;
        hasElement[depth] = false;
        return this;
    }

    private JsonWriter end(final char bracket)
    {
        final boolean any = hasElement[depth];
        depth--;
        if (any)
        {
            newline();
        }
        out.append(bracket);
        return this;
    }

    private void beforeValue()
    {
        if (afterName)
        {
            afterName = false;
        }
        else if (depth > 0)
        {
            separate();
        }
    }

    private void separate()
    {
        if (hasElement[depth])
        {
            out.append(',');
        }
        hasElement[depth] = true;
        newline();
    }

    private void newline()
    {
        if (!indented)
        {
            return;
        }
        out.append('\n');
        for (int i = 0; i < depth; i++)
        {
            out.append("  ");
        }
    }

    private void string(final String value)
    {
        out.append('"');
        final int length = value.length();
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(value, i))
                    {
                        // Lone surrogates have no UTF-8 form: escaped, they survive the round trip.
                        unicodeEscape(c);
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(final String value, final int i)
    {
        final char c = value.charAt(i);
        if (Character.isHighSurrogate(c))
        {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c))
        {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }

    private void unicodeEscape(final char c)
    {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xF])
            .append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF])
            .append(HEX[c & 0xF]);
    }
}
