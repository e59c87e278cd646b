package io.lockstep.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal strict JSON parser (RFC 8259): objects become {@link LinkedHashMap}s (duplicate names rejected),
 * arrays {@link ArrayList}s, strings {@link String}s, integers that fit a long {@link Long}s, other numbers
 * {@link Double}s, true/false {@link Boolean}s and null null. Nothing beyond the grammar is accepted: no
 * comments, trailing commas, single quotes, leading zeros, NaN, or text after the value. Every error is an
 * {@link IllegalArgumentException} naming the source and the character offset (with line and column).
 */
public final class JsonParser
{
    /** Far deeper than any summary, shallow enough that recursion cannot overflow the stack. */
    private static final int MAX_DEPTH = 64;

    private final String text;
    private final String source;
    private int position;
    private int depth;

    private JsonParser(final String text, final String source)
    {
        this.text = text;
        this.source = source;
    }

    /**
     * Parse one JSON value filling the whole text (surrounding whitespace aside).
     *
     * @param source named in error messages, e.g. the file.
     */
    public static Object parse(final String text, final String source)
    {
        final JsonParser parser = new JsonParser(text, source);
        parser.skipWhitespace();
        final Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position < text.length())
        {
            throw parser.error(parser.position, "unexpected " + parser.describe(parser.position) + " after the value");
        }
        return value;
    }

    private Object value()
    {
        if (position >= text.length())
        {
            throw error(position, "unexpected end of input, expected a value");
        }
        final char c = text.charAt(position);
        switch (c)
        {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return number();
                }
                throw error(position, "expected a value but found " + describe(position));
        }
    }

    private Map<String, Object> object()
    {
        enter();
        position++;
        final Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}')
        {
            position++;
            depth--;
            return object;
        }
        while (true)
        {
            skipWhitespace();
            final int nameStart = position;
            if (peek() != '"')
            {
                throw error(position, "expected a member name (string) but found " + describe(position));
            }
            final String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            final Object value = value();
            if (object.containsKey(name))
            {
                throw error(nameStart, "duplicate member name \"" + name + "\"");
            }
            object.put(name, value);
            skipWhitespace();
            final char c = peek();
            if (c == ',')
            {
                position++;
            }
            else if (c == '}')
            {
                position++;
                depth--;
                return object;
            }
            else
            {
                throw error(position, "expected ',' or '}' but found " + describe(position));
            }
        }
    }

    private List<Object> array()
    {
        enter();
        position++;
        final List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']')
        {
            position++;
            depth--;
            return array;
        }
        while (true)
        {
            skipWhitespace();
            array.add(value());
            skipWhitespace();
            final char c = peek();
            if (c == ',')
            {
                position++;
            }
            else if (c == ']')
            {
                position++;
                depth--;
                return array;
            }
            else
            {
                throw error(position, "expected ',' or ']' but found " + describe(position));
            }
        }
    }

    private String string()
    {
        final int start = position;
        position++;
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            if (position >= text.length())
            {
                throw error(start, "unterminated string");
            }
            final char c = text.charAt(position);
            if (c == '"')
            {
                position++;
                return out.toString();
            }
            if (c < 0x20)
            {
                throw error(position, "control character " + describe(position) + " in a string must be escaped");
            }
            if (c != '\\')
            {
                out.append(c);
                position++;
                continue;
            }
            if (position + 1 >= text.length())
            {
                throw error(start, "unterminated string");
            }
            final char escaped = text.charAt(position + 1);
            switch (escaped)
            {
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case '/': out.append('/'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    out.append(hex4(position + 2));
                    position += 4;
                    break;
                default:
                    throw error(position, "invalid escape '\\" + escaped + "'");
            }
            position += 2;
        }
    }

    private char hex4(final int at)
    {
        if (at + 4 > text.length())
        {
            throw error(at - 2, "\\u escape needs four hex digits");
        }
        int value = 0;
        for (int i = at; i < at + 4; i++)
        {
            final char c = text.charAt(i);
            final int digit;
            if (c >= '0' && c <= '9')
            {
                digit = c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c >= 'A' && c <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                throw error(i, "\\u escape needs four hex digits, found " + describe(i));
            }
            value = (value << 4) | digit;
        }
        return (char)value;
    }

    private Object number()
    {
        final int start = position;
        boolean integer = true;
        if (peek() == '-')
        {
            position++;
        }
        if (peek() == '0')
        {
            position++;
            if (isDigit(peek()))
            {
                throw error(position - 1, "leading zero in a number");
            }
        }
        else
        {
            digits("a digit");
        }
        if (peek() == '.')
        {
            integer = false;
            position++;
            digits("a digit after the decimal point");
        }
        if (peek() == 'e' || peek() == 'E')
        {
            integer = false;
            position++;
            if (peek() == '+' || peek() == '-')
            {
                position++;
            }
            digits("a digit in the exponent");
        }
        final String literal = text.substring(start, position);
        if (integer)
        {
            try
            {
                return Long.parseLong(literal);
            }
            catch (final NumberFormatException ex)
            {
                // Out of the long range: still a valid number, kept as a double.
            }
        }
        return Double.parseDouble(literal);
    }

    private void digits(final String what)
    {
        if (!isDigit(peek()))
        {
            throw error(position, "expected " + what + " but found " + describe(position));
        }
        while (isDigit(peek()))
        {
            position++;
        }
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, position))
        {
            throw error(position, "expected a value but found " + describe(position));
        }
        position += word.length();
        return value;
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error(position, "expected '" + c + "' but found " + describe(position));
        }
        position++;
    }

    private void enter()
    {
        if (++depth > MAX_DEPTH)
        {
            throw error(position, "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void skipWhitespace()
    {
        while (position < text.length())
        {
            final char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }
            position++;
        }
    }

    /** The next character, or 0 at the end (never valid where peek is used, so it falls through to errors). */
    private char peek()
    {
        return position < text.length() ? text.charAt(position) : 0;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private String describe(final int at)
    {
        if (at >= text.length())
        {
            return "end of input";
        }
        final char c = text.charAt(at);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int)c);
    }

    private IllegalArgumentException error(final int at, final String message)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at && i < text.length(); i++)
        {
            if (text.charAt(i) == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new IllegalArgumentException(
            source + ": invalid JSON at offset " + at + " (line " + line + ", column " + (at - lineStart + 1) + "): " +
            message);
    }
}
