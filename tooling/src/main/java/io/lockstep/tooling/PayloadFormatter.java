package io.lockstep.tooling;

import io.lockstep.feed.DecodeCounters;
import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.itch.ItchDecoder;
import io.lockstep.feed.itch.ItchMessageType;
import io.lockstep.feed.lobster.LobsterDecoder;
import io.lockstep.feed.sbe.SbeMarketDataDecoder;
import io.lockstep.sbe.ir.SchemaCatalog;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.HeaderStructure;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.otf.AbstractTokenListener;
import uk.co.real_logic.sbe.otf.OtfHeaderDecoder;
import uk.co.real_logic.sbe.otf.OtfMessageDecoder;
import uk.co.real_logic.sbe.otf.Types;

import java.nio.ByteOrder;
import java.util.List;

/**
 * Names and renders journal payloads for people, by their protocol tag as the engine decodes them: SBE messages
 * decoded field by field from the schema the tag names (so every message of every schema version this build knows),
 * text protocols as their text, anything else as hex. A payload the engine would not take (its feed handler rejects
 * it, or its SBE block does not fit) is named so and shown as bytes. Never throws on a bad payload, and the result is
 * always one line: bytes other than printable ASCII are escaped.
 */
final class PayloadFormatter
{
    private static final int MAX_HEX_BYTES = 64;
    private static final int SBE_HEADER_LENGTH = 8;

    private final SchemaCatalog catalog = SchemaCatalog.load();
    private final FieldWriter fieldWriter = new FieldWriter();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    // The engine's own feed decoders, to name what they reject (a LOBSTER row's instrument plays no part in that).
    private final SbeMarketDataDecoder sbeFeed = new SbeMarketDataDecoder();
    private final ItchDecoder itchFeed = new ItchDecoder();
    private final LobsterDecoder lobsterFeed = new LobsterDecoder(0);

    /**
     * @return a short name of the payload's message type, e.g. {@code AddOrder} or {@code 'A' AddOrder}, with why the
     * engine would not take it, e.g. {@code OrderCancel (rejected by the feed handler: TRUNCATED)}.
     */
    String messageType(final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        final String type;
        switch (protocol)
        {
            case ITCH50:
                type = length > 0 ? "'" + escaped(buffer, offset, 1) + "' " + itchName(buffer.getByte(offset)) :
                    "(empty)";
                break;
            case LOBSTER:
                type = "type " + csvField(escaped(buffer, offset, length), 1);
                break;
            case CSV:
                return "CSV row";
            default:
                final List<Token> message = sbeMessage(protocol, buffer, offset, length);
                if (message == null)
                {
                    return unknownSbe(protocol, buffer, offset, length);
                }
                type = message.get(0).name();
                break;
        }
        final String problem = problem(protocol, buffer, offset, length);
        return problem == null ? type : type + " (" + problem + ")";
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
                return escaped(buffer, offset, length);
            default:
                return renderSbe(protocol, buffer, offset, length);
        }
    }

    /**
     * @return why the engine would not take the payload: its feed handler's reject reason for market data; for the
     * other SBE protocols (a message this build knows), a block that does not fit the payload or is shorter than the
     * message's; else null.
     */
    private String problem(final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (protocol)
        {
            case SBE_MARKET_DATA:
                return feedRejection(sbeFeed.decode(buffer, offset, length, MarketDataListener.IGNORE),
                    sbeFeed.counters());
            case ITCH50:
                return feedRejection(itchFeed.decode(buffer, offset, length, MarketDataListener.IGNORE),
                    itchFeed.counters());
            case LOBSTER:
                return feedRejection(lobsterFeed.decode(buffer, offset, length, MarketDataListener.IGNORE),
                    lobsterFeed.counters());
            case CSV:
                return null;
            default:
                return blockProblem(buffer, offset, length, sbeMessage(protocol, buffer, offset, length));
        }
    }

    private static String feedRejection(final int status, final DecodeCounters counters)
    {
        return status == 0 ? null : "rejected by the feed handler: " + counters.reasonName(status);
    }

    private static String blockProblem(
        final DirectBuffer buffer, final int offset, final int length, final List<Token> message)
    {
        final int blockLength = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (blockLength > length - SBE_HEADER_LENGTH)
        {
            return "malformed: block length " + blockLength + " runs past the " + (length - SBE_HEADER_LENGTH) +
                " bytes after the message header";
        }
        final int messageBlock = message.get(0).encodedLength();
        if (blockLength < messageBlock)
        {
            return "malformed: block length " + blockLength + " is shorter than " + message.get(0).name() + "'s " +
                messageBlock;
        }
        return null;
    }

    private String renderSbe(final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        final List<Token> message = sbeMessage(protocol, buffer, offset, length);
        if (message == null || problem(protocol, buffer, offset, length) != null)
        {
            return "hex=" + hex(buffer, offset, length);
        }
        final OtfHeaderDecoder header = new OtfHeaderDecoder(catalog.header(schemaId(buffer, offset)));
        final StringBuilder out = new StringBuilder(128);
        try
        {
            fieldWriter.out = out;
            // A view of the payload alone: a length field that runs past it fails, not reads the next record.
            payload.wrap(buffer, offset, length);
            final int decoded = OtfMessageDecoder.decode(payload, header.encodedLength(),
                header.getSchemaVersion(payload, 0), header.getBlockLength(payload, 0), message, fieldWriter);
            if (decoded != length)
            {
                out.append(" [").append(length - decoded).append(" trailing bytes]");
            }
            return out.toString();
        }
        catch (final RuntimeException ex)
        {
            return "malformed " + message.get(0).name() + " (" + ex.getMessage() + ") hex=" +
                hex(buffer, offset, length);
        }
    }

    /**
     * @return the message's tokens in the schema its protocol tag names, or null when it is not one of them.
     */
    private List<Token> sbeMessage(
        final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SBE_HEADER_LENGTH || schemaId(buffer, offset) != schemaOf(protocol))
        {
            return null;
        }
        final HeaderStructure header = catalog.header(schemaId(buffer, offset));
        return catalog.message(schemaId(buffer, offset), new OtfHeaderDecoder(header).getTemplateId(buffer, offset));
    }

    private static int schemaOf(final ProtocolTag protocol)
    {
        switch (protocol)
        {
            case SBE_MARKET_DATA:
                return io.lockstep.sbe.md.MessageHeaderDecoder.SCHEMA_ID;
            case SBE_ORDER_ENTRY:
                return io.lockstep.sbe.oe.MessageHeaderDecoder.SCHEMA_ID;
            case SBE_CONTROL:
                return io.lockstep.sbe.control.MessageHeaderDecoder.SCHEMA_ID;
            case SBE_DECISION:
                return io.lockstep.sbe.decision.MessageHeaderDecoder.SCHEMA_ID;
            default:
                return -1;
        }
    }

    private static String unknownSbe(
        final ProtocolTag protocol, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= SBE_HEADER_LENGTH && schemaId(buffer, offset) != schemaOf(protocol))
        {
            return "wrong schema for " + protocol + " " + sbeIds(buffer, offset, length);
        }
        return "unknown SBE " + sbeIds(buffer, offset, length);
    }

    private static String itchName(final byte type)
    {
        final String name = ItchMessageType.name(type);
        return name != null ? name : "unknown type";
    }

    /** Every Lockstep schema uses the standard header: schema id is the uint16 at offset 4. */
    private static int schemaId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    private static String sbeIds(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < SBE_HEADER_LENGTH)
        {
            return "(" + length + " bytes, shorter than a message header)";
        }
        return "(schema " + schemaId(buffer, offset) + ", template " +
            (buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) + ")";
    }

    private static String csvField(final String row, final int index)
    {
        final String[] fields = row.split(",", -1);
        return index < fields.length ? fields[index] : "?";
    }

    /**
     * @return the bytes as text on one line: printable ASCII as is, a backslash as two, any other byte (a line end,
     * a control byte, non-ASCII) as {@code \xNN}.
     */
    static String escaped(final DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder out = new StringBuilder(length + 16);
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            if (b == '\\')
            {
                out.append("\\\\");
            }
            else if (b >= ' ' && b <= '~')
            {
                out.append((char)b);
            }
            else
            {
                out.append("\\x").append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        return out.toString();
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
                out.append(escaped(buffer, index, end));
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
                out.append('"').append(escaped(buffer, index, length)).append('"');
            }
            else
            {
                out.append(hex(buffer, index, length));
            }
        }
    }
}
