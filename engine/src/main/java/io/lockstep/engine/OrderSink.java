package io.lockstep.engine;

/**
 * Order egress: where the business thread sends an order that passed risk. Live, an Aeron publication; in replay,
 * a recording sink.
 */
public interface OrderSink
{
    /**
     * @return true when the order went out; false when it could not (back-pressure, no venue), counted by the
     * caller.
     */
    boolean send(long clOrdId, int instrumentId, byte side, long price, long quantity, long decisionSequence,
        long eventTimeNs);
}
