package io.lockstep.engine;

import io.aeron.Publication;
import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.sbe.oe.MessageHeaderEncoder;
import io.lockstep.sbe.oe.NewOrderEncoder;
import io.lockstep.sbe.oe.OrderType;
import io.lockstep.sbe.oe.Side;
import io.lockstep.sbe.oe.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Sends IOC limit orders as SBE NewOrder messages on an Aeron publication. Back-pressure is a return code, as in
 * Aeron: a few immediate retries for transient states, then the order is reported as not sent (never blocks the
 * business thread).
 */
public final class AeronOrderSink implements OrderSink
{
    private static final int OFFER_ATTEMPTS = 3;

    private final Publication publication;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private long backPressured;
    private long notConnected;

    public AeronOrderSink(final Publication publication)
    {
        this.publication = publication;
    }

    public boolean send(
        final long clOrdId, final int instrumentId, final byte side, final long price, final long quantity,
        final long decisionSequence, final long eventTimeNs)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + newOrder.wrapAndApplyHeader(buffer, 0, header)
            .clOrdId(clOrdId)
            .instrumentId(instrumentId)
            .side(side == OrderIntent.BUY ? Side.BUY : Side.SELL)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.IOC)
            .price(price)
            .quantity(quantity)
            .decisionSequence(decisionSequence)
            .eventTimeNs(eventTimeNs)
            .encodedLength();
        for (int attempt = 0; attempt < OFFER_ATTEMPTS; attempt++)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                notConnected++;
                return false;
            }
        }
        backPressured++;
        return false;
    }

    public long backPressured()
    {
        return backPressured;
    }

    public long notConnected()
    {
        return notConnected;
    }
}
