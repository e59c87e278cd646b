package io.lockstep.sbe.compat;

import io.lockstep.sbe.ir.SchemaCatalog;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that the current schemas can still decode everything written with a released schema.
 * <p>
 * Each released schema (a frozen copy under {@code sbe-schemas/released/NAME-vN.xml}) is compared
 * with the current schema of the same id. A change is compatible when an old message still
 * decodes field for field with the new codec: same byte order and header, no message, field,
 * group, var-data or enum value removed, no offset, type or since-version changed, no block
 * shrunk, and anything new is appended (after the old block, after the old groups) with a
 * since-version above the released version, so that new decoders return null for it on old data.
 * <p>
 * Run by the build after compilation; exits 1 listing every violation.
 */
public final class SchemaCompatibilityCheck
{
    private SchemaCompatibilityCheck()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 2)
        {
            System.err.println("usage: SchemaCompatibilityCheck RELEASED_DIR CURRENT_DIR");
            System.exit(2);
        }

        final List<String> violations = checkDirectories(Path.of(args[0]), Path.of(args[1]));
        if (!violations.isEmpty())
        {
            System.err.println("SBE schema compatibility check FAILED: older journals would not decode");
            for (final String violation : violations)
            {
                System.err.println("  " + violation);
            }
            System.exit(1);
        }
        System.out.println("SBE schema compatibility check passed against " + args[0]);
    }

    /**
     * Compare every released schema in one directory with the current schema of the same id in another.
     *
     * @return violations, empty when compatible.
     */
    public static List<String> checkDirectories(final Path releasedDir, final Path currentDir) throws Exception
    {
        final Map<Integer, Ir> currentById = new TreeMap<>();
        final Map<Integer, String> currentNameById = new TreeMap<>();
        for (final Path file : xmlFiles(currentDir))
        {
            final Ir ir = SchemaCatalog.parse(file);
            final String previous = currentNameById.put(ir.id(), file.getFileName().toString());
            if (previous != null)
            {
                throw new IllegalArgumentException(
                    "schema id " + ir.id() + " is used by both " + previous + " and " + file.getFileName());
            }
            currentById.put(ir.id(), ir);
        }

        final List<String> violations = new ArrayList<>();
        for (final Path file : xmlFiles(releasedDir))
        {
            final Ir released = SchemaCatalog.parse(file);
            final Ir current = currentById.get(released.id());
            final String context = file.getFileName() + " -> ";
            if (current == null)
            {
                violations.add(context + "schema id " + released.id() + " no longer exists");
                continue;
            }
            for (final String violation : check(released, current))
            {
                violations.add(context + currentNameById.get(released.id()) + ": " + violation);
            }
        }
        return violations;
    }

    /**
     * Compare a released schema with its successor.
     *
     * @return violations, empty when every message of {@code released} decodes with {@code current}.
     */
    public static List<String> check(final Ir released, final Ir current)
    {
        final List<String> violations = new ArrayList<>();
        if (current.byteOrder() != released.byteOrder())
        {
            violations.add("byte order changed from " + released.byteOrder() + " to " + current.byteOrder());
        }
        if (current.version() < released.version())
        {
            violations.add("version went down from " + released.version() + " to " + current.version());
        }
        final String releasedHeader = typeSignature(released.headerStructure().tokens());
        final String currentHeader = typeSignature(current.headerStructure().tokens());
        if (!releasedHeader.equals(currentHeader))
        {
            violations.add("message header changed from " + releasedHeader + " to " + currentHeader);
        }

        for (final List<Token> releasedMessage : released.messages())
        {
            final Token begin = releasedMessage.get(0);
            final String where = "message " + begin.name() + "(" + begin.id() + ")";
            final List<Token> currentMessage = current.getMessage(begin.id());
            if (currentMessage == null)
            {
                violations.add(where + " removed");
                continue;
            }
            final Level oldLevel = Level.of(releasedMessage, 1, releasedMessage.size() - 1, begin.encodedLength());
            final Level newLevel = Level.of(currentMessage, 1, currentMessage.size() - 1,
                currentMessage.get(0).encodedLength());
            compare(where, oldLevel, newLevel, released.version(), violations);
        }
        return violations;
    }

    private static void compare(
        final String where, final Level old, final Level now, final int releasedVersion, final List<String> violations)
    {
        if (now.blockLength < old.blockLength)
        {
            violations.add(where + ": block length shrank from " + old.blockLength + " to " + now.blockLength);
        }

        for (final Element was : old.elements.values())
        {
            final String at = where + " " + was.kind.label + " " + was.name + "(" + was.id + ")";
            final Element is = now.elements.get(was.key());
            if (is == null)
            {
                violations.add(at + " removed");
                continue;
            }
            if (is.sinceVersion != was.sinceVersion)
            {
                violations.add(at + ": sinceVersion changed from " + was.sinceVersion + " to " + is.sinceVersion);
            }
            if (is.position != was.position)
            {
                violations.add(at + ": " + (was.kind == Kind.FIELD ? "offset" : "position") + " changed from " +
                    was.position + " to " + is.position);
            }
            if (!is.typeSignature.equals(was.typeSignature))
            {
                violations.add(at + ": encoding changed from " + was.typeSignature + " to " + is.typeSignature);
            }
            for (final Map.Entry<String, String> value : was.values.entrySet())
            {
                final String nowValue = is.values.get(value.getKey());
                if (!value.getValue().equals(nowValue))
                {
                    violations.add(at + ": value " + value.getKey() + "=" + value.getValue() +
                        (nowValue == null ? " removed" : " changed to " + nowValue));
                }
            }
            if (was.kind == Kind.GROUP)
            {
                compare(at, was.group, is.group, releasedVersion, violations);
            }
        }

        for (final Element added : now.elements.values())
        {
            if (old.elements.containsKey(added.key()))
            {
                continue;
            }
            final String at = where + " new " + added.kind.label + " " + added.name + "(" + added.id + ")";
            if (added.sinceVersion <= releasedVersion)
            {
                violations.add(at + ": sinceVersion " + added.sinceVersion + " must be above released version " +
                    releasedVersion + ", or decoders read it from old data that never had it");
            }
            if (added.kind == Kind.FIELD && added.position < old.blockLength)
            {
                violations.add(at + ": offset " + added.position + " is inside the released block of " +
                    old.blockLength + " bytes");
            }
            if (added.kind != Kind.FIELD && added.position < old.variablePartCount)
            {
                violations.add(at + ": inserted at position " + added.position + " before the released groups " +
                    "and var data (append it after position " + (old.variablePartCount - 1) + ")");
            }
        }
    }

    private enum Kind
    {
        FIELD("field"), GROUP("group"), DATA("var data");

        final String label;

        Kind(final String label)
        {
            this.label = label;
        }
    }

    /** A field, group or var-data element of one level (message root or group) of a message. */
    private static final class Element
    {
        Kind kind;
        String name;
        int id;
        int sinceVersion;
        int position; // byte offset for fields, order among groups and var data otherwise
        String typeSignature = "";
        final Map<String, String> values = new TreeMap<>();
        Level group;

        String key()
        {
            return kind.label + ":" + id;
        }
    }

    /** The elements of one block level, keyed by kind and id. */
    private static final class Level
    {
        final Map<String, Element> elements = new LinkedHashMap<>();
        int blockLength;
        int variablePartCount;

        static Level of(final List<Token> tokens, final int from, final int to, final int blockLength)
        {
            final Level level = new Level();
            level.blockLength = blockLength;
            int i = from;
            while (i < to)
            {
                final Token token = tokens.get(i);
                final Element element = new Element();
                element.name = token.name();
                element.id = token.id();
                element.sinceVersion = token.version();
                final int end = i + token.componentTokenCount();
                final Signal signal = token.signal();
                if (signal == Signal.BEGIN_FIELD)
                {
                    element.kind = Kind.FIELD;
                    final Token type = tokens.get(i + 1);
                    element.position = type.offset();
                    element.typeSignature = typeSignature(tokens.subList(i + 1, end - 1));
                    collectValues(tokens.subList(i + 1, end - 1), element.values);
                }
                else if (signal == Signal.BEGIN_GROUP)
                {
                    element.kind = Kind.GROUP;
                    element.position = level.variablePartCount++;
                    final Token dimensions = tokens.get(i + 1);
                    final int dimensionsEnd = i + 1 + dimensions.componentTokenCount();
                    element.typeSignature = typeSignature(tokens.subList(i + 1, dimensionsEnd));
                    element.group = Level.of(tokens, dimensionsEnd, end - 1, token.encodedLength());
                }
                else if (signal == Signal.BEGIN_VAR_DATA)
                {
                    element.kind = Kind.DATA;
                    element.position = level.variablePartCount++;
                    element.typeSignature = typeSignature(tokens.subList(i + 1, end - 1));
                }
                else
                {
                    throw new IllegalStateException("unexpected token " + token);
                }
                level.elements.put(element.key(), element);
                i = end;
            }
            return level;
        }
    }

    /**
     * Primitive encodings, lengths and offsets within the type: what decoders depend on. The first token's
     * offset is the field's and is compared separately; members of composites carry offsets within them.
     */
    private static String typeSignature(final List<Token> typeTokens)
    {
        final StringBuilder signature = new StringBuilder();
        for (final Token token : typeTokens)
        {
            final Signal signal = token.signal();
            if (signal == Signal.ENCODING || signal == Signal.BEGIN_ENUM || signal == Signal.BEGIN_SET)
            {
                final Encoding encoding = token.encoding();
                if (signature.length() > 0)
                {
                    signature.append(' ');
                }
                signature.append(signal == Signal.BEGIN_ENUM ? "enum:" : signal == Signal.BEGIN_SET ? "set:" : "")
                    .append(encoding.primitiveType())
                    .append('[').append(token.arrayLength()).append(']')
                    .append('@').append(token == typeTokens.get(0) ? 0 : token.offset());
                if (token.isConstantEncoding())
                {
                    signature.append("=const:").append(encoding.constValue());
                }
            }
        }
        return signature.toString();
    }

    private static void collectValues(final List<Token> typeTokens, final Map<String, String> values)
    {
        for (final Token token : typeTokens)
        {
            if (token.signal() == Signal.VALID_VALUE || token.signal() == Signal.CHOICE)
            {
                values.put(token.name(), token.encoding().constValue().toString());
            }
        }
    }

    private static List<Path> xmlFiles(final Path dir) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.xml"))
        {
            stream.forEach(files::add);
        }
        files.sort(null);
        if (files.isEmpty())
        {
            throw new IllegalArgumentException("no *.xml schema in " + dir);
        }
        return files;
    }
}
