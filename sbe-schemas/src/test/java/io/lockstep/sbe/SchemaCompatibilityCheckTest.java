package io.lockstep.sbe;

import io.lockstep.sbe.compat.SchemaCompatibilityCheck;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@link SchemaCompatibilityCheck} on the real released and current schemas, and on copies of the current
 * schemas mutated by plain text replacement: breaking changes must be reported naming the message and field,
 * compatible evolutions must pass.
 */
class SchemaCompatibilityCheckTest
{
    private static final Path CURRENT_DIR = Path.of("src/main/resources/schemas");
    private static final Path RELEASED_DIR = Path.of("released");

    @TempDir
    Path tempDir;

    @Test
    void currentSchemasAreCompatibleWithReleasedSchemas() throws Exception
    {
        assertEquals(List.of(), SchemaCompatibilityCheck.checkDirectories(RELEASED_DIR, CURRENT_DIR));
    }

    @Test
    void unmodifiedCopyOfCurrentSchemasIsCompatible() throws Exception
    {
        final Path copy = mutatedCopy("market-data.xml", xml -> xml.replace("Lockstep market data", "Lockstep md"));

        assertEquals(List.of(), SchemaCompatibilityCheck.checkDirectories(RELEASED_DIR, copy));
    }

    @Nested
    class BreakingChanges
    {
        @Test
        void changingAFieldType() throws Exception
        {
            final Path current = mutatedCopy("market-data.xml", xml -> replaceInMessage(
                xml, "AddOrder",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>",
                "<field name=\"quantity\" id=\"6\" type=\"uint32\"/>"));

            final List<String> violations = check(current);
            assertViolation(violations, "market-data.xml", "message AddOrder(2) field quantity(6)", "encoding changed");
            assertViolation(violations, "market-data.xml", "message AddOrder(2)", "block length shrank from 37 to 33");
        }

        @Test
        void removingAField() throws Exception
        {
            final Path current = mutatedCopy("order-entry.xml", xml -> replaceInMessage(
                xml, "ExecutionReport",
                "        <field name=\"venueOrderId\" id=\"2\" type=\"uint64\"/>\n",
                ""));

            final List<String> violations = check(current);
            assertViolation(
                violations, "order-entry.xml", "message ExecutionReport(3) field venueOrderId(2) removed");
            assertViolation(
                violations, "order-entry.xml", "message ExecutionReport(3) field execId(3)", "offset changed");
        }

        @Test
        void removingTheLastFieldOfAMessage() throws Exception
        {
            final Path current = mutatedCopy("market-data.xml", xml -> replaceInMessage(
                xml, "Bar",
                "        <field name=\"volume\" id=\"8\" type=\"Quantity\"/>\n",
                ""));

            final List<String> violations = check(current);
            assertViolation(violations, "market-data.xml", "message Bar(10) field volume(8) removed");
            assertViolation(violations, "market-data.xml", "message Bar(10)", "block length shrank from 60 to 52");
        }

        @Test
        void reorderingTwoFields() throws Exception
        {
            final String price = "<field name=\"price\" id=\"5\" type=\"Price\"/>";
            final String quantity = "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>";
            final Path current = mutatedCopy("market-data.xml", xml -> replaceInMessage(
                xml, "AddOrder",
                price + "\n        " + quantity,
                quantity + "\n        " + price));

            final List<String> violations = check(current);
            assertViolation(
                violations, "market-data.xml", "message AddOrder(2) field price(5)", "offset changed from 21 to 29");
            assertViolation(
                violations, "market-data.xml", "message AddOrder(2) field quantity(6)", "offset changed from 29 to 21");
        }

        @Test
        void addingAFieldAtTheEndWithoutSinceVersionOrSchemaVersionBump() throws Exception
        {
            final Path current = mutatedCopy("market-data.xml", xml -> replaceInMessage(
                xml, "AddOrder",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>\n" +
                "        <field name=\"sourceTimeNs\" id=\"7\" type=\"TimeNs\"/>"));

            final List<String> violations = check(current);
            assertViolation(
                violations, "market-data.xml", "message AddOrder(2) new field sourceTimeNs(7)",
                "sinceVersion 0 must be above released version 1");
        }

        @Test
        void addingAFieldAtTheEndWithSchemaVersionBumpButNoSinceVersion() throws Exception
        {
            final Path current = mutatedCopy("market-data.xml", xml -> replaceInMessage(
                bumpSchemaVersionTo2(xml), "AddOrder",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>\n" +
                "        <field name=\"sourceTimeNs\" id=\"7\" type=\"TimeNs\"/>"));

            final List<String> violations = check(current);
            assertViolation(
                violations, "market-data.xml", "message AddOrder(2) new field sourceTimeNs(7)",
                "sinceVersion 0 must be above released version 1");
        }

        @Test
        void sinceVersionAboveTheSchemaVersionDoesNotParse() throws Exception
        {
            final Path current = mutatedCopy("market-data.xml", xml -> replaceInMessage(
                xml, "AddOrder",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>\n" +
                "        <field name=\"sourceTimeNs\" id=\"7\" type=\"TimeNs\" sinceVersion=\"2\"/>"));

            // SBE's own validation refuses it, so the check fails with an exception rather than a violation.
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> check(current));
            assertTrue(
                ex.getMessage().contains("AddOrder.sourceTimeNs.sinceVersion=2 > messageSchema.version=1"),
                ex.getMessage());
        }

        @Test
        void removingAnEnumValue() throws Exception
        {
            final Path current = mutatedCopy("order-entry.xml", xml -> replaceOnce(
                xml, "            <validValue name=\"EXPIRED\">5</validValue>\n", ""));

            final List<String> violations = check(current);
            assertViolation(
                violations, "order-entry.xml", "message ExecutionReport(3) field execType(5)",
                "value EXPIRED=5 removed");
        }

        @Test
        void removingAnEnumValueUsedInsideAGroup() throws Exception
        {
            final Path current = mutatedCopy("decision.xml", xml -> replaceOnce(
                xml, "            <validValue name=\"SELL\">2</validValue>\n", ""));

            final List<String> violations = check(current);
            assertViolation(
                violations, "decision.xml", "message DecisionRecord(1) group orders(9) field side(2)",
                "value SELL=2 removed");
        }

        @Test
        void changingAnEnumValue() throws Exception
        {
            final Path current = mutatedCopy("control.xml", xml -> replaceOnce(
                xml,
                "<validValue name=\"MAX_NOTIONAL\">2</validValue>",
                "<validValue name=\"MAX_NOTIONAL\">9</validValue>"));

            final List<String> violations = check(current);
            assertViolation(
                violations, "control.xml", "message RiskLimitChange(6) field riskLimit(3)",
                "value MAX_NOTIONAL=2 changed to 9");
        }

        @Test
        void changingByteOrder() throws Exception
        {
            final Path current = mutatedCopy("control.xml", xml -> replaceOnce(
                xml, "byteOrder=\"littleEndian\"", "byteOrder=\"bigEndian\""));

            // A schema-wide change: reported once for the schema, not per message or field.
            final List<String> violations = check(current);
            assertViolation(
                violations, "control-v1.xml -> control.xml", "byte order changed from LITTLE_ENDIAN to BIG_ENDIAN");
        }

        @Test
        void insertingVarDataBeforeAnExistingOne() throws Exception
        {
            // Versioned correctly (sinceVersion 4, schema version 4), so only the position can be at fault.
            final Path current = mutatedCopy("control.xml", xml -> replaceInMessage(
                replaceOnce(xml, "                   version=\"3\"\n", "                   version=\"4\"\n"),
                "ModelSwap",
                "<data name=\"issuedBy\" id=\"3\" type=\"varStringEncoding\"/>",
                "<data name=\"comment\" id=\"4\" type=\"varStringEncoding\" sinceVersion=\"4\"/>\n" +
                "        <data name=\"issuedBy\" id=\"3\" type=\"varStringEncoding\"/>"));

            final List<String> violations = check(current);
            assertViolation(
                violations, "control.xml", "message ModelSwap(1) var data issuedBy(3)",
                "position changed from 0 to 1");
            assertViolation(
                violations, "control.xml", "message ModelSwap(1) new var data comment(4)", "inserted at position 0");
        }

        @Test
        void removingAMessage() throws Exception
        {
            final Path current = mutatedCopy("control.xml", xml -> replaceOnce(
                xml,
                "    <sbe:message name=\"Heartbeat\" id=\"8\" description=\"Liveness of a source; also the engine's " +
                "timer input\">\n" +
                "        <field name=\"sourceId\" id=\"1\" type=\"uint32\"/>\n" +
                "        <field name=\"timeNs\" id=\"2\" type=\"TimeNs\"/>\n" +
                "    </sbe:message>\n",
                ""));

            final List<String> violations = check(current);
            assertViolation(violations, "control.xml", "message Heartbeat(8) removed");
        }

        @Test
        void removingASchema() throws Exception
        {
            final Path current = mutatedCopy("journal.xml", xml -> xml);
            Files.delete(current.resolve("journal.xml"));

            final List<String> violations = check(current);
            assertViolation(violations, "journal-v1.xml", "schema id 4 no longer exists");
        }
    }

    @Nested
    class CompatibleEvolutions
    {
        @Test
        void addingAFieldAtTheEndWithSinceVersionAndSchemaVersionBump() throws Exception
        {
            final Path current = mutatedCopy("market-data.xml", xml -> replaceInMessage(
                bumpSchemaVersionTo2(xml), "AddOrder",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>",
                "<field name=\"quantity\" id=\"6\" type=\"Quantity\"/>\n" +
                "        <field name=\"sourceTimeNs\" id=\"7\" type=\"TimeNs\" sinceVersion=\"2\"/>"));

            assertEquals(List.of(), check(current));
        }

        @Test
        void addingAFieldAtTheEndOfARepeatingGroup() throws Exception
        {
            final Path current = mutatedCopy("decision.xml", xml -> replaceInMessage(
                replaceOnce(xml, "                   version=\"2\"\n", "                   version=\"3\"\n"),
                "DecisionRecord",
                "<field name=\"quantity\" id=\"4\" type=\"int64\"/>",
                "<field name=\"quantity\" id=\"4\" type=\"int64\"/>\n" +
                "            <field name=\"venueId\" id=\"5\" type=\"uint32\" sinceVersion=\"3\"/>"));

            assertEquals(List.of(), check(current));
        }

        @Test
        void addingAMessage() throws Exception
        {
            final Path current = mutatedCopy("control.xml", xml -> replaceOnce(
                xml,
                "</sbe:messageSchema>",
                "    <sbe:message name=\"Pause\" id=\"99\" description=\"Stop trading one instrument\">\n" +
                "        <field name=\"commandId\" id=\"1\" type=\"CommandId\"/>\n" +
                "        <field name=\"instrumentId\" id=\"2\" type=\"InstrumentId\"/>\n" +
                "    </sbe:message>\n" +
                "</sbe:messageSchema>"));

            assertEquals(List.of(), check(current));
        }

        @Test
        void addingAnEnumValue() throws Exception
        {
            final Path current = mutatedCopy("order-entry.xml", xml -> replaceOnce(
                xml,
                "<validValue name=\"EXPIRED\">5</validValue>",
                "<validValue name=\"EXPIRED\">5</validValue>\n" +
                "            <validValue name=\"REPLACED\">6</validValue>"));

            assertEquals(List.of(), check(current));
        }
    }

    private static List<String> check(final Path currentDir) throws Exception
    {
        return SchemaCompatibilityCheck.checkDirectories(RELEASED_DIR, currentDir);
    }

    /**
     * Copy every current schema into a new directory under the temp dir, applying {@code mutation} to one of them.
     */
    private Path mutatedCopy(final String schemaFile, final UnaryOperator<String> mutation) throws IOException
    {
        final Path dir = Files.createTempDirectory(tempDir, "schemas");
        boolean found = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(CURRENT_DIR, "*.xml"))
        {
            for (final Path file : files)
            {
                final String xml = Files.readString(file, StandardCharsets.UTF_8);
                final boolean isTarget = file.getFileName().toString().equals(schemaFile);
                found |= isTarget;
                Files.writeString(
                    dir.resolve(file.getFileName()), isTarget ? mutation.apply(xml) : xml, StandardCharsets.UTF_8);
            }
        }
        assertTrue(found, () -> "no " + schemaFile + " in " + CURRENT_DIR.toAbsolutePath());
        return dir;
    }

    /** Replace text that must occur exactly once, so that a schema edit cannot make a mutation silently miss. */
    private static String replaceOnce(final String text, final String target, final String replacement)
    {
        final int first = text.indexOf(target);
        if (first < 0)
        {
            fail("mutation target not found: " + target);
        }
        if (text.indexOf(target, first + 1) >= 0)
        {
            fail("mutation target is ambiguous, found more than once: " + target);
        }
        final String result = text.substring(0, first) + replacement + text.substring(first + target.length());
        assertNotEquals(text, result, "mutation changed nothing");
        return result;
    }

    /** {@link #replaceOnce} within the element of one message. */
    private static String replaceInMessage(
        final String xml, final String messageName, final String target, final String replacement)
    {
        final int start = xml.indexOf("<sbe:message name=\"" + messageName + "\"");
        assertTrue(start >= 0, () -> "no message " + messageName);
        final int end = xml.indexOf("</sbe:message>", start);
        assertTrue(end >= 0, () -> "unterminated message " + messageName);
        return xml.substring(0, start) + replaceOnce(xml.substring(start, end), target, replacement) +
            xml.substring(end);
    }

    private static String bumpSchemaVersionTo2(final String xml)
    {
        return replaceOnce(xml, "                   version=\"1\"\n", "                   version=\"2\"\n");
    }

    private static void assertViolation(final List<String> violations, final String... fragments)
    {
        for (final String violation : violations)
        {
            if (Arrays.stream(fragments).allMatch(violation::contains))
            {
                return;
            }
        }
        fail("no violation contains all of " + Arrays.toString(fragments) + "; violations: " + violations);
    }
}
