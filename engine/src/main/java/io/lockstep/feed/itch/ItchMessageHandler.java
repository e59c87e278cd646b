package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;

/**
 * Receives one framed ITCH message at a time from a framing ({@link BinaryFileReader}); the caller decides
 * what to do with it (journal the bytes, {@link ItchDecoder#decode decode} them, both). The bytes are valid
 * only during the call.
 */
@FunctionalInterface
public interface ItchMessageHandler
{
    /**
     * @param buffer holding the message.
     * @param offset of the message type byte.
     * @param length of the message as framed, not yet checked against the type.
     */
    void onMessage(DirectBuffer buffer, int offset, int length);
}
