package io.lockstep.feed.net;

import io.lockstep.feed.itch.UdpPayloadHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Receives UDP datagrams (unicast, or multicast after {@link #join}) without blocking and hands each payload,
 * stamped with its receive time, to a handler such as a MoldUDP64 decoder. Binds where it is told (tests and
 * tools use loopback).
 * One receive buffer of the largest datagram, reused. (The JDK's {@code DatagramChannel.receive} may allocate a
 * sender address per datagram from a new source; the handler path itself allocates nothing.)
 */
public final class UdpReceiver implements AutoCloseable
{
    private static final int MAX_DATAGRAM = 65_536;

    private final DatagramChannel channel;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UnsafeBuffer payload = new UnsafeBuffer(receiveBuffer);
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UdpPayloadHandler handler;
    private final EpochNanoClock clock;
    private long datagrams;

    /**
     * A unicast receiver: its port is its own, and a second bind of it fails rather than take its datagrams.
     *
     * @param bind address and port to bind, e.g. {@code 127.0.0.1:0} for any free loopback port.
     */
    public UdpReceiver(final InetSocketAddress bind, final UdpPayloadHandler handler, final EpochNanoClock clock)
    {
        this(bind, null, null, handler, clock);
    }

    /**
     * @param group            a multicast group to join on {@code networkInterface}, as exchange feeds are
     *                         published, or null for unicast. A group's port may be bound by other receivers of
     *                         the group on this machine: each gets every datagram.
     */
    public UdpReceiver(
        final InetSocketAddress bind,
        final InetAddress group,
        final NetworkInterface networkInterface,
        final UdpPayloadHandler handler,
        final EpochNanoClock clock)
    {
        this.handler = handler;
        this.clock = clock;
        try
        {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, group != null);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            channel.bind(bind);
            channel.configureBlocking(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot bind UDP receiver to " + bind + ": " + ex.getMessage(), ex);
        }
        if (group != null)
        {
            try
            {
                channel.join(group, networkInterface);
            }
            catch (final IOException ex)
            {
                close();
                throw new UncheckedIOException("cannot join " + group + " on " + networkInterface.getName(), ex);
            }
        }
    }

    /**
     * Receive what has arrived, up to a limit.
     *
     * @return datagrams handed to the handler.
     */
    public int poll(final int limit)
    {
        int count = 0;
        try
        {
            while (count < limit)
            {
                receiveBuffer.clear();
                if (channel.receive(receiveBuffer) == null)
                {
                    break;
                }
                handler.onUdpPayload(payload, 0, receiveBuffer.position(), clock.nanoTime());
                count++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("UDP receive failed", ex);
        }
        datagrams += count;
        return count;
    }

    /**
     * Send a datagram from this socket, without blocking: a MoldUDP64 re-request, whose answer comes back here.
     *
     * @return false when it did not go out: no room in the socket's send buffer, or an error such as no route to
     * {@code to} (the caller asks again later; receiving goes on either way).
     */
    public boolean send(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress to)
    {
        sendBuffer.clear();
        buffer.getBytes(offset, sendBuffer, length);
        sendBuffer.flip();
        try
        {
            return channel.send(sendBuffer, to) > 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    public InetSocketAddress localAddress()
    {
        try
        {
            return (InetSocketAddress)channel.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public long datagrams()
    {
        return datagrams;
    }

    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
