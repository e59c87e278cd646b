package io.lockstep.tooling;

import io.lockstep.feed.itch.ItchMessageType;
import io.lockstep.sbe.ir.SchemaCatalog;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.HeaderStructure;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.otf.AbstractTokenListener;
import uk.co.real_logic.sbe.otf.OtfHeaderDecoder;
import uk.co.real_logic.sbe.otf.OtfMessageDecoder;
import uk.co.real_logic.sbe.otf.Types;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Names and renders journal payloads for people: SBE messages decoded field by field from the schemas
 * (so every message of every schema version this build knows), text protocols as their text, anything
 * else as hex. Never throws on a bad payload: it says what it could not decode and shows the bytes.
 */
final class PayloadFormatter
{
    private static final int MAX_HEX_BYTES = 64;
    private static final int SBE_HEADER_LENGTH = 8;

    private final SchemaCatalog catalog = SchemaCatalog.load();
    private final FieldWriter fieldWriter = new FieldWriter();

    /**
     * @return a short name of the payload's message type, e.g. {@code AddOrder} or {@code ITCH 'A'}.
     */
    String messageType(final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (protocol)
        {
            case ITCH50:
                return length > 0 ? "'" + (char)buffer.getByte(offset) + "' " + itchName(buffer.getByte(offset)) :
                    "(empty)";
            case LOBSTER:
                return "type " + csvField(buffer, offset, length, 1);
            case CSV:
                return "CSV row";
            default:
                final List<Token> message = sbeMessage(buffer, offset, length);
                return message != null ? message.get(0).name() : "unknown SBE " + sbeIds(buffer, offset, length);
        }
    }

    /**
     * @return the payload's content as one line of text.
     */
    String render(final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (protocol)
        {
            case ITCH50:
                return "hex=" + hex(buffer, offset, length);
            case LOBSTER:
            case CSV:
                return buffer.getStringWithoutLengthAscii(offset, length);
            default:
                return renderSbe(buffer, offset, length);
        }
    }

    private String renderSbe(final DirectBuffer buffer, final int offset, final int length)
    {
        final List<Token> message = sbeMessage(buffer, offset, length);
        if (message == null)
        {
            return "unknown SBE " + sbeIds(buffer, offset, length) + " hex=" + hex(buffer, offset, length);
        }
        final OtfHeaderDecoder header = new OtfHeaderDecoder(catalog.header(schemaId(buffer, offset)));
        final StringBuilder out = new StringBuilder(128);
        try
        {
            fieldWriter.out = out;
            final int decoded = OtfMessageDecoder.decode(buffer, offset + header.encodedLength(),
                header.getSchemaVersion(buffer, offset), header.getBlockLength(buffer, offset), message, fieldWriter);
            if (decoded - offset != length)
            {
                out.append(" [").append(length - (decoded - offset)).append(" trailing bytes]");
            }
            return out.toString();
        }
        catch (final RuntimeException ex)
        {
            return "malformed " + message.get(0).name() + " (" + ex.getMessage() + ") hex=" +
                hex(buffer, offset, length);
        }
    }

    private List<Token> sbeMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SBE_HEADER_LENGTH)
        {
            return null;
        }
        final HeaderStructure header = catalog.header(schemaId(buffer, offset));
        if (header == null)
        {
            return null;
        }
        return catalog.message(schemaId(buffer, offset), new OtfHeaderDecoder(header).getTemplateId(buffer, offset));
    }

    private static String itchName(final byte type)
    {
        final String name = ItchMessageType.name(type);
        return name != null ? name : "unknown type";
    }

    /** Every Lockstep schema uses the standard header: schema id is the uint16 at offset 4. */
    private static int schemaId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 4, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    private static String sbeIds(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SBE_HEADER_LENGTH)
        {
            return "(" + length + " bytes, shorter than a message header)";
        }
        return "(schema " + schemaId(buffer, offset) + ", template " +
            (buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF) + ")";
    }

    private static String csvField(final DirectBuffer buffer, final int offset, final int length, final int index)
    {
        final String[] fields = buffer.getStringWithoutLengthAscii(offset, length).split(",", -1);
        return index < fields.length ? fields[index] : "?";
    }

    static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final int shown = Math.min(length, MAX_HEX_BYTES);
        final StringBuilder out = new StringBuilder(shown * 2 + 16);
        for (int i = 0; i < shown; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        if (shown < length)
        {
            out.append("...(").append(length).append(" bytes)");
        }
        return out.toString();
    }

    /** Writes {@code name=value} pairs, groups as {@code name=[{...},{...}]}. */
    private static final class FieldWriter extends AbstractTokenListener
    {
        StringBuilder out;

        private void name(final Token field)
        {
            final char last = out.length() == 0 ? ' ' : out.charAt(out.length() - 1);
            if (out.length() > 0 && last != '{')
            {
                out.append(' ');
            }
            out.append(field.name()).append('=');
        }

        public void onEncoding(
            final Token field, final DirectBuffer buffer, final int index, final Token type, final int actingVersion)
        {
            name(field);
            final Encoding encoding = type.encoding();
            if (field.version() > actingVersion)
            {
                out.append("absent");
            }
            else if (type.arrayLength() > 1 && encoding.primitiveType() == PrimitiveType.CHAR)
            {
                int end = 0;
                while (end < type.arrayLength() && buffer.getByte(index + end) != 0)
                {
                    end++;
                }
                out.append(buffer.getStringWithoutLengthAscii(index, end));
            }
            else if (type.arrayLength() > 1)
            {
                out.append(hex(buffer, index, type.encodedLength()));
            }
            else if (type.isOptionalEncoding() && isNull(buffer, index, encoding))
            {
                out.append("null");
            }
            else
            {
                Types.appendAsString(out, buffer, index, encoding);
            }
        }

        private static boolean isNull(final DirectBuffer buffer, final int index, final Encoding encoding)
        {
            final PrimitiveType type = encoding.primitiveType();
            if (type == PrimitiveType.FLOAT || type == PrimitiveType.DOUBLE)
            {
                return false;
            }
            return Types.getLong(buffer, index, encoding) == encoding.applicableNullValue().longValue();
        }

        public void onEnum(
            final Token field,
            final DirectBuffer buffer,
            final int index,
            final List<Token> tokens,
            final int fromIndex,
            final int toIndex,
            final int actingVersion)
        {
            name(field);
            final Token type = tokens.get(fromIndex);
            final long value = Types.getLong(buffer, index, type.encoding());
            for (int i = fromIndex + 1; i < toIndex; i++)
            {
                final Token validValue = tokens.get(i);
                if (validValue.encoding().constValue().longValue() == value)
                {
                    out.append(validValue.name());
                    return;
                }
            }
            out.append("UNKNOWN(").append(value).append(')');
        }

        public void onBeginGroup(final Token token, final int groupIndex, final int numInGroup)
        {
            if (groupIndex == 0)
            {
                name(token);
                out.append('[');
            }
            out.append(groupIndex == 0 ? "{" : ",{");
        }

        public void onEndGroup(final Token token, final int groupIndex, final int numInGroup)
        {
            out.append('}');
            if (groupIndex == numInGroup - 1)
            {
                out.append(']');
            }
        }

        public void onGroupHeader(final Token token, final int numInGroup)
        {
            if (numInGroup == 0)
            {
                name(token);
                out.append("[]");
            }
        }

        public void onVarData(
            final Token field, final DirectBuffer buffer, final int index, final int length, final Token type)
        {
            name(field);
            if (type.encoding().characterEncoding() != null)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(index, bytes);
                out.append('"').append(new String(bytes, StandardCharsets.UTF_8)).append('"');
            }
            else
            {
                out.append(hex(buffer, index, length));
            }
        }
    }
}
