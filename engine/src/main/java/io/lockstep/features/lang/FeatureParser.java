package io.lockstep.features.lang;

import io.lockstep.engine.config.DurationText;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a feature file: one {@code name = expression} per line, {@code #} starts a comment.
 * <pre>
 *   expression := comparison
 *   comparison := sum (('<' | '>' | '<=' | '>=' | '==' | '!=') sum)?
 *   sum        := product (('+' | '-') product)*
 *   product    := unary (('*' | '/') unary)*
 *   unary      := '-' unary | primary
 *   primary    := number | duration | name | name '(' [argument (',' argument)*] ')' | '(' expression ')'
 *   argument   := expression | name '=' expression
 *   duration   := number immediately followed by ns | us | ms | s | m | h
 * </pre>
 */
public final class FeatureParser
{
    private final String source;
    private String text;
    private int lineNumber;
    private int position;

    private FeatureParser(final String source)
    {
        this.source = source;
    }

    /**
     * @param source name of the file (or other origin) used in error messages.
     * @param content the whole file.
     */
    public static List<FeatureDefinition> parseFile(final String source, final String content)
    {
        final FeatureParser parser = new FeatureParser(source);
        final List<FeatureDefinition> definitions = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final FeatureDefinition definition;
            try
            {
                definition = parser.parseLine(lines[i], i + 1);
            }
            catch (final StackOverflowError ex)
            {
                // The parser descends once per level of nesting: a machine-written line can go deeper than a stack.
                throw new FeatureException(source, i + 1, 1, "an expression nested less deeply: this one goes " +
                    "deeper than the parser's stack (thousands of levels)");
            }
            if (definition != null)
            {
                if (!names.add(definition.name()))
                {
                    throw new FeatureException(source, definition.line(), definition.column(),
                        "feature '" + definition.name() + "' is defined twice");
                }
                definitions.add(definition);
            }
        }
        return definitions;
    }

    /**
     * Parse one {@code name = expression} definition (a label on the command line, say).
     */
    public static FeatureDefinition parseDefinition(final String source, final String line)
    {
        final FeatureDefinition definition = new FeatureParser(source).parseLine(line, 1);
        if (definition == null)
        {
            throw new FeatureException(source, 1, 1, "expected 'name = expression'");
        }
        return definition;
    }

    private FeatureDefinition parseLine(final String line, final int number)
    {
        final int comment = line.indexOf('#');
        text = comment >= 0 ? line.substring(0, comment) : line;
        lineNumber = number;
        position = 0;
        skipSpaces();
        if (atEnd())
        {
            return null;
        }
        final int nameColumn = column();
        final String name = identifier("a feature name");
        skipSpaces();
        expect('=', "'=' after the feature name");
        final Expr expression = expression();
        skipSpaces();
        if (!atEnd())
        {
            throw error("end of line after the expression, found '" + text.substring(position).trim() + "'");
        }
        return new FeatureDefinition(source, name, expression, number, nameColumn);
    }

    private Expr expression()
    {
        final Expr left = sum();
        skipSpaces();
        for (final String operator : new String[] { "<=", ">=", "==", "!=", "<", ">" })
        {
            if (text.startsWith(operator, position))
            {
                final int column = column();
                position += operator.length();
                return new Expr.Binary(operator, left, sum(), lineNumber, column);
            }
        }
        return left;
    }

    private Expr sum()
    {
        Expr left = product();
        while (true)
        {
            skipSpaces();
            if (atEnd() || (peek() != '+' && peek() != '-'))
            {
                return left;
            }
            final int column = column();
            final char operator = text.charAt(position++);
            left = new Expr.Binary(String.valueOf(operator), left, product(), lineNumber, column);
        }
    }

    private Expr product()
    {
        Expr left = unary();
        while (true)
        {
            skipSpaces();
            if (atEnd() || (peek() != '*' && peek() != '/'))
            {
                return left;
            }
            final int column = column();
            final char operator = text.charAt(position++);
            left = new Expr.Binary(String.valueOf(operator), left, unary(), lineNumber, column);
        }
    }

    private Expr unary()
    {
        skipSpaces();
        if (!atEnd() && peek() == '-')
        {
            final int column = column();
            position++;
            return new Expr.Unary('-', unary(), lineNumber, column);
        }
        return primary();
    }

    private Expr primary()
    {
        skipSpaces();
        if (atEnd())
        {
            throw error("a number, a name, a call or '(', found the end of the line");
        }
        final char c = peek();
        final int column = column();
        if (c == '(')
        {
            position++;
            final Expr inner = expression();
            skipSpaces();
            expect(')', "')'");
            return inner;
        }
        if (Character.isDigit(c) || c == '.')
        {
            return numberOrDuration();
        }
        if (Character.isLetter(c) || c == '_')
        {
            final String name = identifier("a name");
            skipSpaces();
            if (!atEnd() && peek() == '(')
            {
                position++;
                return call(name, column);
            }
            return new Expr.Name(name, lineNumber, column);
        }
        throw error("a number, a name, a call or '(', found " + shown(c));
    }

    private Expr call(final String name, final int column)
    {
        final List<Expr> args = new ArrayList<>();
        final Map<String, Expr> options = new LinkedHashMap<>();
        skipSpaces();
        if (!atEnd() && peek() == ')')
        {
            position++;
            return new Expr.Call(name, args, options, lineNumber, column);
        }
        while (true)
        {
            skipSpaces();
            final int argumentStart = position;
            final int argumentColumn = column();
            if (!atEnd() && (Character.isLetter(peek()) || peek() == '_'))
            {
                final String key = identifier("an argument");
                skipSpaces();
                if (!atEnd() && peek() == '=' && !text.startsWith("==", position))
                {
                    position++;
                    if (options.put(key, expression()) != null)
                    {
                        position = argumentStart;
                        throw new FeatureException(source, lineNumber, argumentColumn,
                            "option '" + key + "' given twice in " + name + "(...)");
                    }
                    skipSpaces();
                    if (closeOrComma(name))
                    {
                        return new Expr.Call(name, args, options, lineNumber, column);
                    }
                    continue;
                }
                position = argumentStart;
            }
            if (!options.isEmpty())
            {
                throw error("a named option (key=value): positional arguments of " + name +
                    "(...) come before its options");
            }
            args.add(expression());
            skipSpaces();
            if (closeOrComma(name))
            {
                return new Expr.Call(name, args, options, lineNumber, column);
            }
        }
    }

    private boolean closeOrComma(final String name)
    {
        if (atEnd())
        {
            throw error("',' or ')' to continue " + name + "(...), found the end of the line");
        }
        final char c = text.charAt(position++);
        if (c == ')')
        {
            return true;
        }
        if (c != ',')
        {
            position--;
            throw error("',' or ')' in " + name + "(...), found " + shown(c));
        }
        return false;
    }

    private Expr numberOrDuration()
    {
        final int start = position;
        final int column = column();
        while (!atEnd() && (Character.isDigit(peek()) || peek() == '.'))
        {
            position++;
        }
        if (!atEnd() && (peek() == 'e' || peek() == 'E') && position + 1 < text.length() &&
            (Character.isDigit(text.charAt(position + 1)) || text.charAt(position + 1) == '-' ||
            text.charAt(position + 1) == '+'))
        {
            position += 2;
            while (!atEnd() && Character.isDigit(peek()))
            {
                position++;
            }
        }
        final String number = text.substring(start, position);
        final double value;
        try
        {
            value = Double.parseDouble(number);
        }
        catch (final NumberFormatException ex)
        {
            position = start;
            throw error("a number, found '" + number + "'");
        }
        final int unitStart = position;
        while (!atEnd() && Character.isLetter(peek()))
        {
            position++;
        }
        final String unit = text.substring(unitStart, position);
        if (unit.isEmpty())
        {
            // Beyond a double, a literal would silently become an infinity or 0 (a duration is checked exactly).
            if (Double.isInfinite(value) || (value == 0.0 && number.matches("[^eE]*[1-9].*")))
            {
                position = start;
                throw error("a number a double holds, found '" + number + "'");
            }
            return new Expr.Number(value, number, lineNumber, column);
        }
        final long unitNanos = DurationText.unitNanos(unit);
        if (unitNanos == 0)
        {
            position = unitStart;
            throw error("a duration unit (ns, us, ms, s, m, h) after " + number + ", found '" + unit + "'");
        }
        // Exactly, in decimal: in binary 1.07s times 1e9 is not a whole number of nanoseconds.
        long nanos;
        try
        {
            nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)).longValueExact();
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            nanos = 0; // a fraction of a nanosecond, beyond a long, or an exponent beyond BigDecimal's
        }
        if (nanos < 1)
        {
            throw new FeatureException(source, lineNumber, column,
                "bad window: duration " + number + unit + " is not a whole, positive number of nanoseconds");
        }
        return new Expr.Duration(nanos, number + unit, lineNumber, column);
    }

    private String identifier(final String what)
    {
        if (atEnd() || !(Character.isLetter(peek()) || peek() == '_'))
        {
            throw error(what + (atEnd() ? ", found the end of the line" : ", found " + shown(peek())));
        }
        final int start = position;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_'))
        {
            position++;
        }
        return text.substring(start, position);
    }

    private void expect(final char c, final String what)
    {
        if (atEnd() || peek() != c)
        {
            throw error(what + (atEnd() ? ", found the end of the line" : ", found " + shown(peek())));
        }
        position++;
    }

    /** A character as an error shows it: quoted, or its code point when it would not show (a BOM, a NUL). */
    private static String shown(final char c)
    {
        final int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.SPACE_SEPARATOR && c != ' ' ?
            String.format("U+%04X", (int)c) : "'" + c + "'";
    }

    private FeatureException error(final String expected)
    {
        return new FeatureException(source, lineNumber, column(), "expected " + expected);
    }

    private void skipSpaces()
    {
        while (!atEnd() && Character.isWhitespace(peek()))
        {
            position++;
        }
    }

    private boolean atEnd()
    {
        return position >= text.length();
    }

    private char peek()
    {
        return text.charAt(position);
    }

    private int column()
    {
        return position + 1;
    }
}
