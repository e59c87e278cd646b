package io.lockstep.engine.config;

import io.lockstep.util.TextLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The engine's configuration file. Start-up only: nothing here is for the hot path.
 * <p>
 * Format, UTF-8, one setting per line:
 * <pre>
 * # a comment: the whole line, when its first non-blank character is '#'
 * risk.max.order.quantity = 1_000
 * risk.stale.data         = 500us
 * idle.strategy           = backoff
 * model.weights           = 0.25, -1.5, 3e-2
 * </pre>
 * <ul>
 * <li>{@code key = value}: the key is everything before the first {@code '='}, the value everything after it,
 * both trimmed. Keys are letters, digits, {@code '.'}, {@code '_'} and {@code '-'}, case-sensitive. Values are not
 * quoted and may be empty; a {@code '#'} after the value is part of the value (there are no trailing comments).</li>
 * <li>Blank lines and comment lines are ignored. A line without {@code '='} is an error.</li>
 * <li>Each key at most once: a duplicate is an error naming both lines.</li>
 * </ul>
 * The engine reads settings through the typed getters, which take the default when the key is absent and throw
 * {@link ConfigException} (file, line, key, the bad value and what was expected) when the value does not parse
 * or is out of range:
 * <ul>
 * <li>integers: decimal digits with an optional sign and {@code '_'} between digits ({@code 1_000_000});</li>
 * <li>decimals: {@code [+-]digits[.digits][e[+-]digits]}, finite; no hex, no NaN, no Infinity;</li>
 * <li>booleans: {@code true} or {@code false}, lower case;</li>
 * <li>durations: as {@link DurationText} reads them ({@code 100ns}, {@code 500us}, {@code 2ms}, {@code 0.5s},
 * {@code 1m}), returned in nanoseconds;</li>
 * <li>enums: a constant's name in any case;</li>
 * <li>lists of decimals: comma-separated; an empty value is an empty list, an absent key null.</li>
 * </ul>
 * Every getter records its key as known. Once the engine has read all its settings,
 * {@link #checkNoUnknownKeys()} fails on any key in the file that nothing asked for, so a misspelt setting is
 * an error instead of a silently ignored line. {@link #canonicalText()} gives the settings in a form fit for
 * hashing into a run manifest.
 */
public final class ConfigFile
{
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(_\\d+)*");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static final class Entry
    {
        final String key;
        final String value;
        final int line;

        Entry(final String key, final String value, final int line)
        {
            this.key = key;
            this.value = value;
            this.line = line;
        }
    }

    private final String source;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> knownKeys = new TreeSet<>();

    private ConfigFile(final String source)
    {
        this.source = source;
    }

    /**
     * @param source  name of the text for messages, usually the file's path.
     * @param content the text.
     * @throws ConfigException for a line that is not {@code key = value}, an invalid key or a duplicate key.
     */
    public static ConfigFile parse(final String source, final String content)
    {
        final ConfigFile config = new ConfigFile(source);
        final String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        int lineNumber = 0;
        final Iterator<String> lines = text.lines().iterator();
        while (lines.hasNext())
        {
            lineNumber++;
            config.parseLine(lines.next(), lineNumber);
        }
        return config;
    }

    /**
     * Read and parse a UTF-8 file; messages name it by {@code path.toString()}.
     *
     * @throws ConfigException if it cannot be read or parsed.
     */
    public static ConfigFile load(final Path path)
    {
        final String content;
        try
        {
            content = TextLines.read(path, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(path.toString(), 0, null, "cannot read config file: " + ex, ex);
        }
        return parse(path.toString(), content);
    }

    public String source()
    {
        return source;
    }

    /**
     * @return the number of settings in the file.
     */
    public int size()
    {
        return entries.size();
    }

    // ---- typed getters: each records its key as known ----

    /**
     * @return every setting whose key starts with {@code prefix}, by the rest of the key, sorted: open-ended
     * groups such as a model's hyper-parameters. Their keys count as known.
     */
    public Map<String, String> withPrefix(final String prefix)
    {
        final Map<String, String> group = new TreeMap<>();
        for (final Entry entry : entries.values())
        {
            if (entry.key.startsWith(prefix) && entry.key.length() > prefix.length())
            {
                knownKeys.add(entry.key);
                group.put(entry.key.substring(prefix.length()), entry.value);
            }
        }
        return group;
    }

    /**
     * @return the value as written (trimmed, possibly empty), or the default if the key is absent.
     */
    public String string(final String key, final String defaultValue)
    {
        final Entry entry = lookup(key);
        return entry == null ? defaultValue : entry.value;
    }

    /**
     * @return the integer in [min, max], or the default if the key is absent.
     */
    public long longValue(final String key, final long defaultValue, final long min, final long max)
    {
        checkRange(key, min, max);
        final Entry entry = lookup(key);
        if (entry == null)
        {
            return defaultValue;
        }
        final String expected = "an integer in [" + min + ", " + max + "]";
        if (!INTEGER.matcher(entry.value).matches())
        {
            throw badValue(entry, expected);
        }
        final long value;
        try
        {
            value = Long.parseLong(entry.value.replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw badValue(entry, expected);
        }
        if (value < min || value > max)
        {
            throw badValue(entry, expected);
        }
        return value;
    }

    /**
     * @return the integer in [min, max], or the default if the key is absent.
     */
    public int intValue(final String key, final int defaultValue, final int min, final int max)
    {
        return (int)longValue(key, defaultValue, min, max);
    }

    /**
     * @return the finite decimal in [min, max], or the default if the key is absent.
     */
    public double doubleValue(final String key, final double defaultValue, final double min, final double max)
    {
        if (!(min <= max))
        {
            throw new IllegalArgumentException(key + ": min " + min + " > max " + max);
        }
        final Entry entry = lookup(key);
        if (entry == null)
        {
            return defaultValue;
        }
        final double value = parseDecimal(entry.value);
        if (!(value >= min && value <= max))
        {
            throw badValue(entry, "a decimal number in [" + min + ", " + max + "]");
        }
        return value;
    }

    /**
     * @return {@code true} or {@code false} as written (lower case only), or the default if the key is absent.
     */
    public boolean bool(final String key, final boolean defaultValue)
    {
        final Entry entry = lookup(key);
        if (entry == null)
        {
            return defaultValue;
        }
        switch (entry.value)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw badValue(entry, "true or false");
        }
    }

    /**
     * @return the duration in nanoseconds (for example {@code 500us} is 500_000), or the default if the key is
     * absent.
     */
    public long durationNs(final String key, final long defaultNs)
    {
        final Entry entry = lookup(key);
        if (entry == null)
        {
            return defaultNs;
        }
        final long nanos = DurationText.parseNs(entry.value);
        if (nanos < 0)
        {
            throw badValue(entry, DurationText.EXPECTED + ", a whole number of nanoseconds up to " + Long.MAX_VALUE);
        }
        return nanos;
    }

    /**
     * @return the constant whose name equals the value ignoring case, or the default if the key is absent.
     */
    public <E extends Enum<E>> E enumValue(final String key, final Class<E> type, final E defaultValue)
    {
        final Entry entry = lookup(key);
        if (entry == null)
        {
            return defaultValue;
        }
        final E[] constants = type.getEnumConstants();
        for (final E constant : constants)
        {
            if (constant.name().equalsIgnoreCase(entry.value))
            {
                return constant;
            }
        }
        final StringBuilder names = new StringBuilder();
        for (final E constant : constants)
        {
            names.append(names.length() == 0 ? "" : ", ").append(constant.name());
        }
        throw badValue(entry, "one of " + names + " (any case)");
    }

    /**
     * @return the comma-separated decimals in order; an empty array for an empty value, null if the key is absent
     * (so the caller keeps its default).
     */
    public double[] doubles(final String key)
    {
        final Entry entry = lookup(key);
        if (entry == null)
        {
            return null;
        }
        if (entry.value.isEmpty())
        {
            return new double[0];
        }
        final String[] parts = entry.value.split(",", -1);
        final double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            values[i] = parseDecimal(parts[i].strip());
            if (Double.isNaN(values[i]))
            {
                throw badValue(entry, "comma-separated finite decimal numbers; element " + (i + 1) + " ('" +
                    parts[i].strip() + "') is not one");
            }
        }
        return values;
    }

    /**
     * For a value that parsed but fails a check of the caller's (for example "a power of two"): an exception
     * naming the file, the key's line, the key and its value. Records the key as known.
     *
     * @param expected what the value should have been.
     * @return the exception, for the caller to throw.
     */
    public ConfigException invalid(final String key, final String expected)
    {
        final Entry entry = lookup(key);
        if (entry == null)
        {
            return new ConfigException(source, 0, key, "bad default for '" + key + "': expected " + expected);
        }
        return badValue(entry, expected);
    }

    // ---- after reading ----

    /**
     * @throws ConfigException naming the first key in the file (and listing any others) that no getter asked for,
     *                         with the nearest known key when one is close.
     */
    public void checkNoUnknownKeys()
    {
        final List<Entry> unknown = new ArrayList<>();
        for (final Entry entry : entries.values())
        {
            if (!knownKeys.contains(entry.key))
            {
                unknown.add(entry);
            }
        }
        if (unknown.isEmpty())
        {
            return;
        }

        final StringBuilder message = new StringBuilder();
        for (final Entry entry : unknown)
        {
            if (message.length() > 0)
            {
                message.append("; ").append(source).append(':').append(entry.line).append(": ");
            }
            message.append("unknown key '").append(entry.key).append('\'');
            final String suggestion = suggest(entry.key);
            if (suggestion != null)
            {
                message.append(" (did you mean '").append(suggestion).append("'?)");
            }
        }
        final Entry first = unknown.get(0);
        throw new ConfigException(source, first.line, first.key, message.toString());
    }

    /**
     * @return every setting as {@code key=value\n}, sorted by key (UTF-16 order), independent of layout,
     * comments and order in the file: equal text means equal settings. Defaults are not included.
     */
    public String canonicalText()
    {
        final Map<String, String> sorted = new TreeMap<>();
        for (final Entry entry : entries.values())
        {
            sorted.put(entry.key, entry.value);
        }
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, String> setting : sorted.entrySet())
        {
            text.append(setting.getKey()).append('=').append(setting.getValue()).append('\n');
        }
        return text.toString();
    }

    // ---- internals ----

    private void parseLine(final String line, final int lineNumber)
    {
        final String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.charAt(0) == '#')
        {
            return;
        }
        final int equals = trimmed.indexOf('=');
        if (equals < 0)
        {
            throw new ConfigException(source, lineNumber, null,
                "expected 'key = value' or a '#' comment, found '" + trimmed + "'");
        }
        final String key = trimmed.substring(0, equals).strip();
        final String value = trimmed.substring(equals + 1).strip();
        if (!isKey(key))
        {
            throw new ConfigException(source, lineNumber, key.isEmpty() ? null : key,
                "invalid key '" + key + "': expected letters, digits, '.', '_' or '-'");
        }
        final Entry previous = entries.get(key);
        if (previous != null)
        {
            throw new ConfigException(source, lineNumber, key,
                "duplicate key '" + key + "': set on line " + previous.line + " and again on line " + lineNumber);
        }
        entries.put(key, new Entry(key, value, lineNumber));
    }

    /** @return whether the file sets this key (which counts as reading it). */
    public boolean has(final String key)
    {
        return lookup(key) != null;
    }

    private Entry lookup(final String key)
    {
        knownKeys.add(key);
        return entries.get(key);
    }

    private ConfigException badValue(final Entry entry, final String expected)
    {
        return new ConfigException(source, entry.line, entry.key,
            "bad value for '" + entry.key + "': '" + entry.value + "', expected " + expected);
    }

    private static void checkRange(final String key, final long min, final long max)
    {
        if (min > max)
        {
            throw new IllegalArgumentException(key + ": min " + min + " > max " + max);
        }
    }

    /**
     * @return the finite value, NaN if the text is not a plain decimal or overflows to infinity.
     */
    private static double parseDecimal(final String text)
    {
        if (!DECIMAL.matcher(text).matches())
        {
            return Double.NaN;
        }
        final double value = Double.parseDouble(text);
        return Double.isInfinite(value) ? Double.NaN : value;
    }

    /**
     * @return the known key nearest by edit distance, when within a third of the key's length (at least 2);
     * ties go to the first in sorted order.
     */
    private String suggest(final String key)
    {
        final int threshold = Math.max(2, key.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String known : knownKeys)
        {
            final int distance = editDistance(key, known);
            if (distance <= threshold && distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    /**
     * Levenshtein distance: insertions, deletions and substitutions, each 1.
     */
    static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * @return whether a manifest or config file can hold this key: letters, digits, '.', '_' or '-'.
     */
    public static boolean isKey(final String key)
    {
        return KEY.matcher(key).matches();
    }
}
