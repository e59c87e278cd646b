package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;

/**
 * Receives the payload of one UDP datagram, for example from a {@link PcapReader}. A
 * {@link MoldUdp64Decoder} is one.
 */
@FunctionalInterface
public interface UdpPayloadHandler
{
    /**
     * @param buffer      holding the payload; valid only during the call.
     * @param offset      of the first payload byte.
     * @param length      of the payload.
     * @param timestampNs capture (or receive) time of the datagram in nanoseconds since the Unix epoch.
     */
    void onUdpPayload(DirectBuffer buffer, int offset, int length, long timestampNs);
}
