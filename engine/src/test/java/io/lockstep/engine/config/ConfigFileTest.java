package io.lockstep.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ConfigFileTest
{
    private static final String FILE = "engine.conf";

    enum Idle
    {
        BUSY_SPIN, BACKOFF, SLEEPING
    }

    @TempDir
    Path dir;

    // ---- format ----

    @Test
    void parsesKeyValueLinesCommentsAndBlankLines()
    {
        final ConfigFile config = parse(
            "# engine settings\n" +
            "\n" +
            "   # indented comment\n" +
            "data.dir = /var/lockstep\n" +
            "ring.size=1024\r\n" +
            "  model-name\t=   linear v2 # not a comment  \n" +
            "empty =\n" +
            "url = http://host:80/?a=b\n");
        assertEquals(5, config.size());
        assertEquals("/var/lockstep", config.string("data.dir", "x"));
        assertEquals(1024, config.intValue("ring.size", 0, 0, 1 << 20));
        assertEquals("linear v2 # not a comment", config.string("model-name", "x"));
        assertEquals("", config.string("empty", "x"));
        assertEquals("http://host:80/?a=b", config.string("url", "x"), "only the first '=' separates");
        assertEquals("fallback", config.string("absent", "fallback"));
        config.checkNoUnknownKeys();
    }

    @Test
    void emptyContentAndByteOrderMark()
    {
        assertEquals(0, parse("").size());
        assertEquals(0, parse("\n\n# only comments\n").size());
        assertEquals("1", parse("\uFEFFa = 1\n").string("a", "x"));
    }

    @Test
    void lineWithoutEqualsIsAnError()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> parse("a = 1\n\njust words\n"));
        assertEquals(FILE, ex.source());
        assertEquals(3, ex.line());
        assertTrue(ex.getMessage().startsWith("engine.conf:3: expected 'key = value'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("just words"), ex.getMessage());
    }

    @Test
    void invalidKeyIsAnError()
    {
        ConfigException ex = assertThrows(ConfigException.class, () -> parse("risk max = 5\n"));
        assertEquals(1, ex.line());
        assertEquals("risk max", ex.key());
        assertTrue(ex.getMessage().contains("invalid key 'risk max'"), ex.getMessage());

        ex = assertThrows(ConfigException.class, () -> parse("a = 1\n= 5\n"));
        assertEquals(2, ex.line());
        assertNull(ex.key());
        assertTrue(ex.getMessage().contains("invalid key ''"), ex.getMessage());
    }

    @Test
    void duplicateKeyNamesBothLines()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> parse("ring.size = 1024\n# again\nother = 1\nring.size = 2048\n"));
        assertEquals(4, ex.line());
        assertEquals("ring.size", ex.key());
        assertEquals("engine.conf:4: duplicate key 'ring.size': set on line 1 and again on line 4", ex.getMessage());
    }

    @Test
    void loadReadsAFileAndNamesItInErrors() throws IOException
    {
        final Path path = dir.resolve("engine.conf");
        Files.writeString(path, "a = 1\nb = two\n", StandardCharsets.UTF_8);
        final ConfigFile config = ConfigFile.load(path);
        assertEquals(path.toString(), config.source());
        assertEquals(1, config.longValue("a", 0, 0, 10));
        final ConfigException ex = assertThrows(ConfigException.class, () -> config.longValue("b", 0, 0, 10));
        assertTrue(ex.getMessage().startsWith(path + ":2: "), ex.getMessage());
    }

    @Test
    void loadOfAMissingFileIsAConfigException()
    {
        final Path path = dir.resolve("missing.conf");
        final ConfigException ex = assertThrows(ConfigException.class, () -> ConfigFile.load(path));
        assertEquals(path.toString(), ex.source());
        assertEquals(0, ex.line());
        assertTrue(ex.getMessage().contains("cannot read"), ex.getMessage());
        assertInstanceOf(IOException.class, ex.getCause());
    }

    // ---- integers ----

    @Test
    void longValues()
    {
        final ConfigFile config = parse("a = 42\nb = -7\nc = 1_000_000\nd = +5\ne = 9223372036854775807\n");
        assertEquals(42, config.longValue("a", 0, 0, 100));
        assertEquals(-7, config.longValue("b", 0, -10, 10));
        assertEquals(1_000_000, config.longValue("c", 0, 0, Long.MAX_VALUE));
        assertEquals(5, config.longValue("d", 0, 0, 10));
        assertEquals(Long.MAX_VALUE, config.longValue("e", 0, 0, Long.MAX_VALUE));
        assertEquals(99, config.longValue("absent", 99, 0, 10), "the default is not range-checked");
    }

    @Test
    void longValueBoundsAreInclusive()
    {
        final ConfigFile config = parse("lo = 10\nhi = 20\nbelow = 9\nabove = 21\n");
        assertEquals(10, config.longValue("lo", 0, 10, 20));
        assertEquals(20, config.longValue("hi", 0, 10, 20));
        assertBadValue(() -> config.longValue("below", 0, 10, 20), 3, "below", "9", "an integer in [10, 20]");
        assertBadValue(() -> config.longValue("above", 0, 10, 20), 4, "above", "21", "an integer in [10, 20]");
    }

    @Test
    void badIntegers()
    {
        final ConfigFile config = parse(
            "a = 12x\nb = 1.5\nc = 9223372036854775808\nd = 1__0\ne = _1\nf =\ng = 0x10\nh = 1 000\n");
        final String expected = "an integer in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]";
        int line = 1;
        for (final String key : new String[] {"a", "b", "c", "d", "e", "f", "g", "h"})
        {
            final int at = line++;
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> config.longValue(key, 0, Long.MIN_VALUE, Long.MAX_VALUE), key);
            assertEquals(at, ex.line(), key);
            assertEquals(key, ex.key());
            assertTrue(ex.getMessage().endsWith("expected " + expected), ex.getMessage());
        }
    }

    @Test
    void intValues()
    {
        final ConfigFile config = parse("a = 2147483647\nb = 2147483648\nc = -3\n");
        assertEquals(Integer.MAX_VALUE, config.intValue("a", 0, 0, Integer.MAX_VALUE));
        assertBadValue(() -> config.intValue("b", 0, 0, Integer.MAX_VALUE), 2, "b", "2147483648",
            "an integer in [0, 2147483647]");
        assertEquals(-3, config.intValue("c", 0, -3, 3));
        assertEquals(7, config.intValue("absent", 7, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> config.intValue("a", 0, 5, 4));
    }

    // ---- decimals ----

    @Test
    void doubleValues()
    {
        final ConfigFile config = parse("a = 0.25\nb = -1.5e3\nc = .5\nd = 7\ne = 3.\nf = 1E-2\n");
        assertEquals(0.25, config.doubleValue("a", 0, -1e9, 1e9), 0.0);
        assertEquals(-1500.0, config.doubleValue("b", 0, -1e9, 1e9), 0.0);
        assertEquals(0.5, config.doubleValue("c", 0, -1e9, 1e9), 0.0);
        assertEquals(7.0, config.doubleValue("d", 0, -1e9, 1e9), 0.0);
        assertEquals(3.0, config.doubleValue("e", 0, -1e9, 1e9), 0.0);
        assertEquals(0.01, config.doubleValue("f", 0, -1e9, 1e9), 0.0);
        assertEquals(2.5, config.doubleValue("absent", 2.5, 0, 1), 0.0);
    }

    @Test
    void badDoubles()
    {
        final ConfigFile config = parse(
            "a = NaN\nb = Infinity\nc = 1e400\nd = 0x1p3\ne = 1d\nf = abc\ng = 1.5\nh = -0.1\n");
        int line = 1;
        for (final String key : new String[] {"a", "b", "c", "d", "e", "f"})
        {
            final int at = line++;
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> config.doubleValue(key, 0, -Double.MAX_VALUE, Double.MAX_VALUE), key);
            assertEquals(at, ex.line(), key);
            assertTrue(ex.getMessage().contains("expected a decimal number in"), ex.getMessage());
        }
        assertBadValue(() -> config.doubleValue("g", 0, 0, 1), 7, "g", "1.5", "a decimal number in [0.0, 1.0]");
        assertBadValue(() -> config.doubleValue("h", 0, 0, 1), 8, "h", "-0.1", "a decimal number in [0.0, 1.0]");
    }

    @Test
    void doubleLists()
    {
        final ConfigFile config = parse("w = 0.25, -1.5 ,3e-2\none = 4\nnone =\n");
        assertArrayEquals(new double[] {0.25, -1.5, 0.03}, config.doubles("w"), 0.0);
        assertArrayEquals(new double[] {4.0}, config.doubles("one"), 0.0);
        assertArrayEquals(new double[0], config.doubles("none"), 0.0);
        assertNull(config.doubles("absent"), "absent: the caller keeps its default");
    }

    @Test
    void badDoubleLists()
    {
        final ConfigFile config = parse("a = 1,,2\nb = 1, x\nc = 1,\n");
        ConfigException ex = assertThrows(ConfigException.class, () -> config.doubles("a"));
        assertEquals(1, ex.line());
        assertTrue(ex.getMessage().contains("element 2 ('') is not one"), ex.getMessage());
        ex = assertThrows(ConfigException.class, () -> config.doubles("b"));
        assertTrue(ex.getMessage().contains("'1, x'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("element 2 ('x')"), ex.getMessage());
        ex = assertThrows(ConfigException.class, () -> config.doubles("c"));
        assertEquals(3, ex.line());
    }

    // ---- booleans ----

    @Test
    void booleans()
    {
        final ConfigFile config = parse("a = true\nb = false\nc = TRUE\nd = yes\ne = 1\n");
        assertTrue(config.bool("a", false));
        assertFalse(config.bool("b", true));
        assertTrue(config.bool("absent", true));
        assertBadValue(() -> config.bool("c", false), 3, "c", "TRUE", "true or false");
        assertBadValue(() -> config.bool("d", false), 4, "d", "yes", "true or false");
        assertBadValue(() -> config.bool("e", false), 5, "e", "1", "true or false");
    }

    // ---- durations ----

    @Test
    void durations()
    {
        final ConfigFile config = parse(
            "a = 100ns\nb = 500us\nc = 2ms\nd = 5s\ne = 1m\nf = 0s\ng = 1_500 us\nh = 0.25s\ni = 2h\nj = 1.5ms\n");
        assertEquals(100, config.durationNs("a", 0));
        assertEquals(500_000, config.durationNs("b", 0));
        assertEquals(2_000_000, config.durationNs("c", 0));
        assertEquals(TimeUnit.SECONDS.toNanos(5), config.durationNs("d", 0));
        assertEquals(TimeUnit.MINUTES.toNanos(1), config.durationNs("e", 0));
        assertEquals(0, config.durationNs("f", 0));
        assertEquals(1_500_000, config.durationNs("g", 0));
        assertEquals(250_000_000, config.durationNs("h", 0));
        assertEquals(TimeUnit.HOURS.toNanos(2), config.durationNs("i", 0));
        assertEquals(1_500_000, config.durationNs("j", 0));
        assertEquals(123, config.durationNs("absent", 123));
    }

    @Test
    void badDurations()
    {
        final ConfigFile config = parse("a = 500\nb = 5d\nc = -5s\nd = 0.5ns\ne = ms\nf = 5 S\n");
        int line = 1;
        for (final String key : new String[] {"a", "b", "c", "d", "e", "f"})
        {
            final int at = line++;
            final ConfigException ex = assertThrows(ConfigException.class, () -> config.durationNs(key, 0), key);
            assertEquals(at, ex.line(), key);
            assertEquals(key, ex.key());
            assertTrue(ex.getMessage().contains("expected a duration: a number and a unit"), ex.getMessage());
        }
        // 200 000 minutes is 1.2e16 ns: fits; 200 000 000 minutes does not
        final ConfigFile large = parse("ok = 200000m\nbig = 200000000m\n");
        assertEquals(12_000_000_000_000_000L, large.durationNs("ok", 0));
        final ConfigException ex = assertThrows(ConfigException.class, () -> large.durationNs("big", 0));
        assertTrue(ex.getMessage().contains("a whole number of nanoseconds up to " + Long.MAX_VALUE), ex.getMessage());
    }

    // ---- enums ----

    @Test
    void enumsAnyCase()
    {
        final ConfigFile config = parse("a = backoff\nb = BUSY_SPIN\nc = Sleeping\nd = spin\n");
        assertEquals(Idle.BACKOFF, config.enumValue("a", Idle.class, Idle.SLEEPING));
        assertEquals(Idle.BUSY_SPIN, config.enumValue("b", Idle.class, Idle.SLEEPING));
        assertEquals(Idle.SLEEPING, config.enumValue("c", Idle.class, Idle.BACKOFF));
        assertEquals(Idle.BACKOFF, config.enumValue("absent", Idle.class, Idle.BACKOFF));
        assertBadValue(() -> config.enumValue("d", Idle.class, Idle.BACKOFF), 4, "d", "spin",
            "one of BUSY_SPIN, BACKOFF, SLEEPING (any case)");
    }

    // ---- caller checks ----

    @Test
    void invalidNamesTheKeysLineAndValue()
    {
        final ConfigFile config = parse("x = 1\nring.size = 1000\n");
        final int size = config.intValue("ring.size", 1024, 64, 1 << 20);
        assertEquals(1000, size);
        final ConfigException ex = config.invalid("ring.size", "a power of two");
        assertEquals(2, ex.line());
        assertEquals("engine.conf:2: bad value for 'ring.size': '1000', expected a power of two", ex.getMessage());

        final ConfigException absent = config.invalid("other", "a power of two");
        assertEquals(0, absent.line());
        assertEquals("other", absent.key());
    }

    // ---- unknown keys ----

    @Test
    void unknownKeyWithSuggestion()
    {
        final ConfigFile config = parse("ring.size = 1024\nrisk.max.positon = 5\n");
        config.intValue("ring.size", 0, 0, 1 << 20);
        config.longValue("risk.max.position", 0, 0, 100);
        config.longValue("risk.max.order.quantity", 0, 0, 100);
        final ConfigException ex = assertThrows(ConfigException.class, config::checkNoUnknownKeys);
        assertEquals(FILE, ex.source());
        assertEquals(2, ex.line());
        assertEquals("risk.max.positon", ex.key());
        assertEquals("engine.conf:2: unknown key 'risk.max.positon' (did you mean 'risk.max.position'?)",
            ex.getMessage());
    }

    @Test
    void unknownKeysWithoutSuggestionAllListed()
    {
        final ConfigFile config = parse("a.b.c = 1\nzzz = 2\nring.size = 3\nqqqq = 4\n");
        config.intValue("ring.size", 0, 0, 10);
        final ConfigException ex = assertThrows(ConfigException.class, config::checkNoUnknownKeys);
        assertEquals(1, ex.line());
        assertEquals("a.b.c", ex.key());
        assertEquals("engine.conf:1: unknown key 'a.b.c'; engine.conf:2: unknown key 'zzz'; " +
            "engine.conf:4: unknown key 'qqqq'", ex.getMessage());
    }

    @Test
    void everyGetterMarksItsKeyKnownEvenWhenItFails()
    {
        final ConfigFile config = parse(
            "s = x\nl = 1\ni = 2\nd = 0.5\nb = true\nt = 5s\ne = backoff\nw = 1,2\nbad = oops\n");
        config.string("s", "");
        config.longValue("l", 0, 0, 10);
        config.intValue("i", 0, 0, 10);
        config.doubleValue("d", 0, 0, 1);
        config.bool("b", false);
        config.durationNs("t", 0);
        config.enumValue("e", Idle.class, Idle.BACKOFF);
        config.doubles("w");
        assertThrows(ConfigException.class, () -> config.bool("bad", false));
        config.checkNoUnknownKeys();
    }

    @Test
    void editDistance()
    {
        assertEquals(0, ConfigFile.editDistance("abc", "abc"));
        assertEquals(1, ConfigFile.editDistance("risk.max.positon", "risk.max.position"));
        assertEquals(2, ConfigFile.editDistance("ab", "ba"));
        assertEquals(3, ConfigFile.editDistance("", "abc"));
        assertEquals(3, ConfigFile.editDistance("kitten", "sitting"));
    }

    // ---- canonical text ----

    @Test
    void canonicalTextIsSortedAndIndependentOfLayout()
    {
        final ConfigFile a = parse("# comment\nzeta = 1\n\nalpha   =  two words \nmid = 3\n");
        final ConfigFile b = parse("mid=3\nalpha = two words\n   zeta=1\n");
        assertEquals("alpha=two words\nmid=3\nzeta=1\n", a.canonicalText());
        assertEquals(a.canonicalText(), b.canonicalText());
        assertEquals("", parse("# nothing\n").canonicalText());
        assertNotEquals(a.canonicalText(), parse("zeta = 1\nalpha = two words\nmid = 4\n").canonicalText());
    }

    private static ConfigFile parse(final String content)
    {
        return ConfigFile.parse(FILE, content);
    }

    private static void assertBadValue(
        final Runnable read, final int line, final String key, final String value, final String expected)
    {
        final ConfigException ex = assertThrows(ConfigException.class, read::run);
        assertEquals(FILE, ex.source());
        assertEquals(line, ex.line());
        assertEquals(key, ex.key());
        assertEquals(FILE + ":" + line + ": bad value for '" + key + "': '" + value + "', expected " + expected,
            ex.getMessage());
    }
}
