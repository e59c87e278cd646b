package io.lockstep.engine;

import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.CommandStatusDecoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.MessageHeaderDecoder;
import io.lockstep.sbe.control.ModelLoadDecoder;
import io.lockstep.sbe.control.ModelReadyDecoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.control.ShadowRemoveDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Whether the var data of a control message lie within it. SBE's decoders trust a var data's length field, so
 * one that says more than the message holds would be read from whatever bytes follow it (the next record of a
 * journal, the rest of an Aeron term): each reader of control messages checks first. Allocation-free.
 */
final class ControlVarData
{
    private ControlVarData()
    {
    }

    /**
     * @param header the message's header, already read and checked: control schema, and a block within
     *               {@code length}.
     * @return every var data the message's template carries at its version lies within the {@code length} bytes
     * from {@code offset}.
     */
    static boolean fits(
        final DirectBuffer buffer, final int offset, final int length, final MessageHeaderDecoder header)
    {
        final int end = offset + length;
        long at = offset + MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength();
        for (int i = count(header.templateId(), header.version()); i > 0; i--)
        {
            if (at + Integer.BYTES > end)
            {
                return false;
            }
            // Every control var data is a uint32 length and its bytes.
            at += Integer.BYTES + (buffer.getInt((int)at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        }
        return at <= end;
    }

    /** @return how many var data a control message of this template and version carries. */
    private static int count(final int templateId, final int version)
    {
        final int issuedBy = version >= ShadowAddDecoder.issuedBySinceVersion() ? 1 : 0;
        switch (templateId)
        {
            case KillSwitchDecoder.TEMPLATE_ID:
            case ModelSwapDecoder.TEMPLATE_ID:
            case RollbackDecoder.TEMPLATE_ID:
            case CommandStatusDecoder.TEMPLATE_ID:
                return 1;
            case ModelReadyDecoder.TEMPLATE_ID:
            case ModelLoadDecoder.TEMPLATE_ID:
                return 1 + issuedBy;
            case ShadowAddDecoder.TEMPLATE_ID:
            case ShadowRemoveDecoder.TEMPLATE_ID:
            case CanaryFractionDecoder.TEMPLATE_ID:
            case RiskLimitChangeDecoder.TEMPLATE_ID:
                return issuedBy;
            default:
                return 0;
        }
    }
}
