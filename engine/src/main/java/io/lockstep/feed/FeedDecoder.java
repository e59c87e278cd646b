package io.lockstep.feed;

import io.lockstep.feed.itch.ItchDecoder;
import io.lockstep.feed.lobster.LobsterDecoder;
import io.lockstep.feed.sbe.SbeMarketDataDecoder;
import io.lockstep.sbe.journal.ProtocolTag;
import org.agrona.DirectBuffer;

/**
 * The feed-handler stage: decodes one journaled input by its protocol tag and drives a {@link MarketDataListener}
 * (the books). The same object decodes live ingress and replayed journals. Allocation-free.
 */
public final class FeedDecoder
{
    /** The input was market data and drove the listener. */
    public static final int APPLIED = 0;
    /** The input is not market data (order entry, control, decisions): nothing to decode here. */
    public static final int NOT_MARKET_DATA = 1;
    /** The input was market data but malformed: rejected and counted by its decoder, with a reason. */
    public static final int REJECTED = 2;

    private final SbeMarketDataDecoder sbe = new SbeMarketDataDecoder();
    private final ItchDecoder itch = new ItchDecoder();
    private final LobsterDecoder lobster;
    private long rejected;

    /**
     * @param lobsterInstrumentId instrument of LOBSTER rows, which do not name one.
     */
    public FeedDecoder(final int lobsterInstrumentId)
    {
        lobster = new LobsterDecoder(lobsterInstrumentId);
    }

    public int decode(
        final ProtocolTag protocol,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final MarketDataListener listener)
    {
        final int status;
        switch (protocol)
        {
            case SBE_MARKET_DATA:
                status = sbe.decode(buffer, offset, length, listener);
                break;
            case ITCH50:
                status = itch.decode(buffer, offset, length, listener);
                break;
            case LOBSTER:
                status = lobster.decode(buffer, offset, length, listener);
                break;
            default:
                return NOT_MARKET_DATA;
        }
        if (status != 0)
        {
            rejected++;
            return REJECTED;
        }
        return APPLIED;
    }

    public SbeMarketDataDecoder sbe()
    {
        return sbe;
    }

    public ItchDecoder itch()
    {
        return itch;
    }

    public LobsterDecoder lobster()
    {
        return lobster;
    }

    /** @return market-data inputs rejected by their decoder. */
    public long rejected()
    {
        return rejected;
    }
}
