package io.lockstep.feed.sbe;

import io.lockstep.book.OrderBooks;
import io.lockstep.sbe.md.AddOrderDecoder;
import io.lockstep.sbe.md.AddOrderEncoder;
import io.lockstep.sbe.md.BarDecoder;
import io.lockstep.sbe.md.BestBidOfferDecoder;
import io.lockstep.sbe.md.InstrumentDefinitionDecoder;
import io.lockstep.sbe.md.LevelUpdateDecoder;
import io.lockstep.sbe.md.MessageHeaderEncoder;
import io.lockstep.sbe.md.OrderCancelDecoder;
import io.lockstep.sbe.md.OrderDeleteDecoder;
import io.lockstep.sbe.md.OrderExecuteDecoder;
import io.lockstep.sbe.md.OrderReplaceDecoder;
import io.lockstep.sbe.md.Side;
import io.lockstep.sbe.md.TradeDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class SbeMarketDataDecoderTest
{
    private final SbeMarketDataDecoder decoder = new SbeMarketDataDecoder();
    private final OrderBooks books = new OrderBooks();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);

    @Test
    void everyMessageStartsWithItsInstrumentIdAsTheRangeCheckAssumes()
    {
        assertEquals(0, InstrumentDefinitionDecoder.instrumentIdEncodingOffset());
        assertEquals(0, AddOrderDecoder.instrumentIdEncodingOffset());
        assertEquals(0, OrderCancelDecoder.instrumentIdEncodingOffset());
        assertEquals(0, OrderDeleteDecoder.instrumentIdEncodingOffset());
        assertEquals(0, OrderExecuteDecoder.instrumentIdEncodingOffset());
        assertEquals(0, OrderReplaceDecoder.instrumentIdEncodingOffset());
        assertEquals(0, TradeDecoder.instrumentIdEncodingOffset());
        assertEquals(0, LevelUpdateDecoder.instrumentIdEncodingOffset());
        assertEquals(0, BestBidOfferDecoder.instrumentIdEncodingOffset());
        assertEquals(0, BarDecoder.instrumentIdEncodingOffset());
    }

    @Test
    void anInstrumentIdBeyondAnIntIsRejectedNotTakenForNoInstrument()
    {
        // 2^31 read as an int is OrderBooks.NO_INSTRUMENT: the step used to count such an add as ignored.
        assertEquals(SbeMarketDataDecoder.INSTRUMENT_ID_RANGE, decoder.decode(buffer, 0, addOrder(1L << 31), books));
        assertEquals(SbeMarketDataDecoder.INSTRUMENT_ID_RANGE,
            decoder.decode(buffer, 0, addOrder(0xFFFF_FFFFL), books));
        assertEquals(0, books.bookCount());
        assertEquals(2, decoder.counters().rejects(SbeMarketDataDecoder.INSTRUMENT_ID_RANGE));
        assertEquals("INSTRUMENT_ID_RANGE", decoder.counters().reasonName(SbeMarketDataDecoder.INSTRUMENT_ID_RANGE));

        assertEquals(SbeMarketDataDecoder.OK, decoder.decode(buffer, 0, addOrder(Integer.MAX_VALUE), books));
        assertNotNull(books.book(Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, books.lastInstrumentId());
    }

    private int addOrder(final long instrumentId)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new AddOrderEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .instrumentId(instrumentId)
            .eventTimeNs(1_000)
            .orderId(7)
            .side(Side.BUY)
            .price(1_000_000)
            .quantity(100)
            .encodedLength();
    }
}
