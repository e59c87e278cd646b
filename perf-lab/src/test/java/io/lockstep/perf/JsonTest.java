package io.lockstep.perf;

import io.lockstep.util.JsonParser;
import io.lockstep.util.JsonWriter;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest
{
    @Test
    void parsesEveryKindOfValue()
    {
        final Object value = JsonParser.parse(
            " {\"a\": [1, -0, 2.5e3, -1E-2, 9223372036854775807, 9223372036854775808], \"b\": {\"c\": true, " +
            "\"d\": false, \"e\": null}, \"s\": \"q\\\"b\\\\s\\/n\\nt\\tu\\u00e9\\ud83d\\ude00\", \"x\": []}\r\n",
            "test.json");

        final Map<?, ?> object = (Map<?, ?>)value;
        assertEquals(List.of("a", "b", "s", "x"), List.copyOf(object.keySet()), "member order kept");
        assertEquals(List.of(1L, 0L, 2500.0, -0.01, Long.MAX_VALUE, 9.223372036854775808E18), object.get("a"));
        final Map<?, ?> b = (Map<?, ?>)object.get("b");
        assertEquals(Boolean.TRUE, b.get("c"));
        assertEquals(Boolean.FALSE, b.get("d"));
        assertTrue(b.containsKey("e"));
        assertNull(b.get("e"));
        assertEquals("q\"b\\s/n\nt\tu\u00e9\ud83d\ude00", object.get("s"));
        assertEquals(List.of(), object.get("x"));
    }

    @Test
    void rejectsWhatTheGrammarDoesNotAllowAtTheRightOffset()
    {
        assertError("", 0, "end of input");
        assertError("   ", 3, "end of input");
        assertError("[1,]", 3, "expected a value");
        assertError("[1 2]", 3, "expected ',' or ']'");
        assertError("{\"a\":1,}", 7, "member name");
        assertError("{\"a\" 1}", 5, "expected ':'");
        assertError("{\"a\":1,\"a\":2}", 7, "duplicate member name \"a\"");
        assertError("{'a':1}", 1, "member name");
        assertError("01", 0, "leading zero");
        assertError("-", 1, "expected a digit");
        assertError("1.", 2, "after the decimal point");
        assertError("1e+", 3, "exponent");
        assertError("+1", 0, "expected a value");
        assertError(".5", 0, "expected a value");
        assertError("NaN", 0, "expected a value");
        assertError("tru", 0, "expected a value");
        assertError("nul", 0, "expected a value");
        assertError("[1] x", 4, "after the value");
        assertError("/* c */ 1", 0, "expected a value");
        assertError("\"abc", 0, "unterminated string");
        assertError("\"a\tb\"", 2, "must be escaped");
        assertError("\"a\\x\"", 2, "invalid escape");
        assertError("\"\\u12g4\"", 5, "four hex digits");
        assertError("\"\\u12", 1, "four hex digits");
        assertError("[".repeat(65) + "]".repeat(65), 64, "nested deeper");
        assertError("{\n  \"a\": ?\n}", 9, "line 2, column 8");
    }

    @Test
    void writerOutputParsesBackExactly()
    {
        final String awkward = "quote\" backslash\\ slash/ \b\f\n\r\t \u0000\u001f \u00e9 \ud83d\ude00 " +
            "lone \ud800 \udc00 separators \u2028\u2029 </script>";
        final double[] numbers =
        {
            0.0, -0.0, 1.0, 0.1, 1e-5, 123456.789, -42.5, Double.MAX_VALUE, Double.MIN_VALUE, 1e21, 1.5e-300
        };
        final JsonWriter json = new JsonWriter().beginObject();
        json.name(awkward).value(awkward);
        json.name("long").value(Long.MIN_VALUE);
        json.name("numbers").beginArray();
        for (final double number : numbers)
        {
            json.value(number);
        }
        json.endArray();
        json.name("nan").value(Double.NaN);
        json.name("empty").beginObject().endObject();
        json.name("none").beginArray().endArray();
        json.endObject();

        final Map<?, ?> object = (Map<?, ?>)JsonParser.parse(json.toString(), "written");
        assertEquals(awkward, object.get(awkward));
        assertEquals(Long.MIN_VALUE, object.get("long"));
        final List<?> parsed = (List<?>)object.get("numbers");
        for (int i = 0; i < numbers.length; i++)
        {
            assertEquals(numbers[i], ((Number)parsed.get(i)).doubleValue(), 0.0, "exactly " + numbers[i]);
            assertEquals(Double.doubleToRawLongBits(numbers[i]), Double.doubleToRawLongBits(
                ((Number)parsed.get(i)).doubleValue()), "bits of " + numbers[i]);
        }
        assertTrue(object.containsKey("nan"));
        assertNull(object.get("nan"), "non-finite numbers are written as null");
        assertEquals(Map.of(), object.get("empty"));
        assertEquals(List.of(), object.get("none"));
        for (final char c : json.toString().toCharArray())
        {
            assertTrue(c >= 0x20 || c == '\n', "no raw control character in the output: " + (int)c);
        }
    }

    private static void assertError(final String text, final int offset, final String detail)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> JsonParser.parse(text, "test.json"), text);
        final String message = ex.getMessage();
        assertTrue(message.startsWith("test.json: invalid JSON at offset " + offset + " "), message);
        assertTrue(message.contains(detail), message);
    }
}
