package io.lockstep.sbe.ir;

import uk.co.real_logic.sbe.ir.HeaderStructure;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Lockstep schemas in SBE's intermediate representation, for tools that decode any message without its
 * generated codec (dump, stats) and for the compatibility check. Needs sbe-tool on the classpath; the hot
 * path never uses this, only the generated codecs.
 */
public final class SchemaCatalog
{
    /** The schema files shipped in this jar under {@code /schemas/}. */
    public static final List<String> SCHEMA_FILES = List.of(
        "market-data.xml", "order-entry.xml", "control.xml", "journal.xml", "decision.xml");

    private final Map<Integer, Ir> byId = new TreeMap<>();

    private SchemaCatalog()
    {
    }

    /**
     * Load the schemas of this build from the classpath.
     */
    public static SchemaCatalog load()
    {
        final SchemaCatalog catalog = new SchemaCatalog();
        for (final String name : SCHEMA_FILES)
        {
            try (InputStream in = SchemaCatalog.class.getResourceAsStream("/schemas/" + name))
            {
                if (in == null)
                {
                    throw new IllegalStateException("schema /schemas/" + name + " missing from the classpath");
                }
                final Ir ir = parse(in, name);
                catalog.byId.put(ir.id(), ir);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot read schema " + name, ex);
            }
        }
        return catalog;
    }

    /**
     * @return the tokens of a message, or null when this build does not know it.
     */
    public List<Token> message(final int schemaId, final int templateId)
    {
        final Ir ir = byId.get(schemaId);
        return ir == null ? null : ir.getMessage(templateId);
    }

    /**
     * @return the message header layout of a schema, or null when this build does not know it.
     */
    public HeaderStructure header(final int schemaId)
    {
        final Ir ir = byId.get(schemaId);
        return ir == null ? null : ir.headerStructure();
    }

    /**
     * Parse and validate a schema file into SBE's intermediate representation.
     */
    public static Ir parse(final Path file)
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return parse(in, file.toString());
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read SBE schema " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static Ir parse(final InputStream in, final String name)
    {
        try
        {
            final ParserOptions options = ParserOptions.builder().stopOnError(true).suppressOutput(true).build();
            return new IrGenerator().generate(XmlSchemaParser.parse(in, options));
        }
        catch (final Exception ex)
        {
            throw new IllegalArgumentException("cannot parse SBE schema " + name + ": " + ex.getMessage(), ex);
        }
    }
}
