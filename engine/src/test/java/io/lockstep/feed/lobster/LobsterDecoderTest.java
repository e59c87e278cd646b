package io.lockstep.feed.lobster;

import io.lockstep.feed.MarketDataListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static io.lockstep.feed.lobster.LobsterDecoder.*;
import static org.junit.jupiter.api.Assertions.*;

class LobsterDecoderTest
{
    private static final int INSTRUMENT = 42;
    private static final String GOOD = "34200.004241176,1,16113575,18,5853300,1";

    private final LobsterDecoder decoder = new LobsterDecoder(INSTRUMENT);
    private final Recorder listener = new Recorder();

    @Test
    void eachTypeMapsToItsEvent()
    {
        assertDecodes("34200.004241176,1,16113575,18,5853300,1");
        assertEquals("add t=34200004241176 i=42 id=16113575 side=BUY price=5853300 qty=18", listener.last());
        assertDecodes("34200.1,1,7,100,5859400,-1");
        assertEquals("add t=34200100000000 i=42 id=7 side=SELL price=5859400 qty=100", listener.last());
        assertDecodes("34200.2,2,7,40,5859400,-1");
        assertEquals("cancel t=34200200000000 i=42 id=7 qty=40", listener.last());
        assertDecodes("34200.3,3,7,60,5859400,-1");
        assertEquals("delete t=34200300000000 i=42 id=7", listener.last());
        assertDecodes("34200.4,4,16113575,5,5853300,1");
        assertEquals("execute t=34200400000000 i=42 id=16113575 qty=5 price=5853300 match=0", listener.last(),
            "the row's price: an order placed before the file began is still a print");
        assertDecodes("34200.5,5,0,100,5857900,-1");
        assertEquals("trade t=34200500000000 i=42 price=5857900 qty=100 aggressor=BUY match=0", listener.last(),
            "a hidden sell order was lifted by a buyer");
        assertDecodes("34200.6,5,0,3,5857800,1");
        assertEquals("trade t=34200600000000 i=42 price=5857800 qty=3 aggressor=SELL match=0", listener.last());
        assertDecodes("34200.7,6,0,5000,5858000,-1");
        assertEquals("trade t=34200700000000 i=42 price=5858000 qty=5000 aggressor=UNKNOWN match=0", listener.last());

        final int calls = listener.events.size();
        assertDecodes("34200.8,7,0,0,-1,-1");
        assertEquals(calls, listener.events.size(), "a halt is counted only");
        assertEquals(TRADING_HALT, decoder.type());
        assertEquals(-1, decoder.price(), "halt begins");

        for (int type = SUBMISSION; type <= TRADING_HALT; type++)
        {
            assertEquals(type == SUBMISSION || type == EXECUTION_HIDDEN ? 2 : 1, decoder.counters().decodedCount(type));
        }
        assertEquals(0, decoder.counters().decodedCount(0));
        assertEquals(0, decoder.counters().decodedCount(8));
        assertEquals(9, decoder.counters().totalDecoded());
        assertEquals(0, decoder.counters().totalRejects());
    }

    @Test
    void hiddenAggressorCanBeLeftUnknown()
    {
        final LobsterDecoder masked = new LobsterDecoder(INSTRUMENT, false);
        final UnsafeBuffer row = LobsterSample.ascii("34200.5,5,0,100,5857900,-1");
        assertEquals(OK, masked.decode(row, 0, row.capacity(), listener));
        assertEquals("trade t=34200500000000 i=42 price=5857900 qty=100 aggressor=UNKNOWN match=0", listener.last());
    }

    @Test
    void timeIsExactNanoseconds()
    {
        assertTime("34200.004241176", 34_200_004_241_176L);
        assertTime("34200.5", 34_200_500_000_000L);
        assertTime("34200", 34_200_000_000_000L);
        assertTime("34200.00426064", 34_200_004_260_640L);
        assertTime("0.000000001", 1L);
        assertTime("57599.999999999", 57_599_999_999_999L);
        assertTime("86400.0", 86_400_000_000_000L);
    }

    @Test
    void rowFieldsAreKeptForTheCaller()
    {
        assertDecodes("34200.25,4,1364835,5,5858200,-1");
        assertEquals(34_200_250_000_000L, decoder.timeNs());
        assertEquals(EXECUTION_VISIBLE, decoder.type());
        assertEquals(1364835, decoder.orderId());
        assertEquals(5, decoder.size());
        assertEquals(5858200, decoder.price());
        assertEquals(-1, decoder.direction());
        assertEquals(INSTRUMENT, decoder.instrumentId());

        assertEquals(UNKNOWN_TYPE, decode("34200.26,9,1,5,5858200,-1"));
        assertEquals(1364835, decoder.orderId(), "a rejected row leaves the previous fields");
    }

    @Test
    void malformedRowsAreRejectedByReasonAndTheNextRowStillDecodes()
    {
        assertRejected(EMPTY, "");
        assertRejected(FIELD_COUNT, "34200.1,1,7,100,5859400");
        assertRejected(FIELD_COUNT, "34200.1,1,7,100,5859400,-1,0");
        assertRejected(FIELD_COUNT, "34200.1");
        assertRejected(FIELD_COUNT, "34200.1,1,7,100,5859400,-1,");
        assertRejected(INVALID_TIME, "34200.,1,7,100,5859400,-1");
        assertRejected(INVALID_TIME, ".5,1,7,100,5859400,-1");
        assertRejected(INVALID_TIME, "34200.0042411761,1,7,100,5859400,-1");
        assertRejected(INVALID_TIME, "34200.1s,1,7,100,5859400,-1");
        assertRejected(INVALID_TIME, "-34200.1,1,7,100,5859400,-1");
        assertRejected(INVALID_TIME, "1234567890.1,1,7,100,5859400,-1");
        assertRejected(INVALID_TIME, "time,type,order_id,size,price,direction");
        assertRejected(INVALID_NUMBER, "34200.1,1,7,1x0,5859400,-1");
        assertRejected(INVALID_NUMBER, "34200.1,1,7,,5859400,-1");
        assertRejected(INVALID_NUMBER, "34200.1,1,7,100,5859400,");
        assertRejected(INVALID_NUMBER, "34200.1,1,7,-100,5859400,-1");
        assertRejected(INVALID_NUMBER, "34200.1,1,7,100,585.94,-1");
        assertRejected(INVALID_NUMBER, "34200.1,1,1234567890123456789,100,5859400,-1");
        assertRejected(INVALID_NUMBER, "34200.1,1,7,100,5859400,-1\r");
        assertRejected(INVALID_NUMBER, "34200.1, 1,7,100,5859400,-1");
        assertRejected(UNKNOWN_TYPE, "34200.1,0,7,100,5859400,-1");
        assertRejected(UNKNOWN_TYPE, "34200.1,8,7,100,5859400,-1");
        assertRejected(INVALID_DIRECTION, "34200.1,1,7,100,5859400,0");
        assertRejected(INVALID_DIRECTION, "34200.1,4,7,100,5859400,2");
        assertRejected(INVALID_SIZE, "34200.1,1,7,0,5859400,1");
        assertRejected(INVALID_PRICE, "34200.1,1,7,100,0,1");
        assertRejected(INVALID_PRICE, "34200.1,5,0,100,-1,1");

        assertEquals(27, decoder.counters().totalRejects());
        assertEquals(27, decoder.counters().totalDecoded(), "the good row after each reject");
        assertEquals(1, decoder.counters().rejects(EMPTY));
        assertEquals(4, decoder.counters().rejects(FIELD_COUNT));
        assertEquals(7, decoder.counters().rejects(INVALID_TIME));
        assertEquals(8, decoder.counters().rejects(INVALID_NUMBER));
        assertEquals(2, decoder.counters().rejects(UNKNOWN_TYPE));
        assertEquals(2, decoder.counters().rejects(INVALID_DIRECTION));
        assertEquals(1, decoder.counters().rejects(INVALID_SIZE));
        assertEquals(2, decoder.counters().rejects(INVALID_PRICE));
        assertEquals(0, decoder.counters().rejects(OK));
        assertEquals("INVALID_DIRECTION", new LobsterDecoder(1).counters().reasonName(INVALID_DIRECTION));

        decoder.counters().reset();
        assertEquals(0, decoder.counters().totalRejects());
        assertEquals(0, decoder.counters().decodedCount(SUBMISSION));
    }

    @Test
    void offsetsAndLengthsOutsideTheBufferAreRejected()
    {
        final UnsafeBuffer row = LobsterSample.ascii(GOOD);
        assertEquals(OUT_OF_BOUNDS, decoder.decode(row, 1, row.capacity(), listener));
        assertEquals(OUT_OF_BOUNDS, decoder.decode(row, -1, 5, listener));
        assertEquals(EMPTY, decoder.decode(row, 0, -3, listener));
        assertEquals(0, listener.events.size());

        // A row inside a larger buffer, at an offset.
        final UnsafeBuffer framed = LobsterSample.ascii("xx" + GOOD + "\nnext");
        assertEquals(OK, decoder.decode(framed, 2, GOOD.length(), listener));
        assertEquals(34_200_004_241_176L, decoder.timeNs());
        assertEquals(1, decoder.direction());
    }

    @Test
    void sampleCountsByTypeAndExactTimes()
    {
        final LobsterSample messages = LobsterSample.messages();
        assertEquals(LobsterSample.ROWS, messages.rows());
        final Recorder counting = new Recorder();
        int buys = 0;
        int sells = 0;
        long previousTime = 0;
        for (int row = 0; row < messages.rows(); row++)
        {
            assertEquals(OK, decoder.decode(messages.buffer, messages.offset(row), messages.length(row), counting));
            final String[] fields = messages.text(row).split(",");
            // BigDecimal is the independent oracle: the decimal seconds moved 9 places, exactly.
            assertEquals(new BigDecimal(fields[0]).movePointRight(9).longValueExact(), decoder.timeNs(), fields[0]);
            assertTrue(decoder.timeNs() >= previousTime);
            previousTime = decoder.timeNs();
            buys += decoder.direction() == 1 ? 1 : 0;
            sells += decoder.direction() == -1 ? 1 : 0;
        }

        assertEquals(471, decoder.counters().decodedCount(SUBMISSION));
        assertEquals(0, decoder.counters().decodedCount(CANCELLATION));
        assertEquals(369, decoder.counters().decodedCount(DELETION));
        assertEquals(98, decoder.counters().decodedCount(EXECUTION_VISIBLE));
        assertEquals(61, decoder.counters().decodedCount(EXECUTION_HIDDEN));
        assertEquals(0, decoder.counters().decodedCount(CROSS_TRADE));
        assertEquals(0, decoder.counters().decodedCount(TRADING_HALT));
        assertEquals(999, decoder.counters().totalDecoded());
        assertEquals(0, decoder.counters().totalRejects());
        assertEquals(412, buys);
        assertEquals(587, sells);
        assertEquals(999, counting.events.size(), "one listener call per row");
        assertEquals(34_249_086_375_027L, previousTime, "last row 34249.086375027");
    }

    private void assertTime(final String time, final long expectedNs)
    {
        assertDecodes(time + ",3,7,60,5859400,-1");
        assertEquals(expectedNs, decoder.timeNs(), time);
        assertEquals("delete t=" + expectedNs + " i=42 id=7", listener.last());
    }

    private void assertDecodes(final String row)
    {
        assertEquals(OK, decode(row), row);
    }

    private void assertRejected(final int reason, final String row)
    {
        final int calls = listener.events.size();
        assertEquals(reason, decode(row), () -> row + " -> " + decoder.counters().reasonName(decode(row)));
        assertEquals(calls, listener.events.size(), "nothing reaches the listener: " + row);
        assertEquals(OK, decode(GOOD), "the next row decodes after " + row);
        assertEquals(calls + 1, listener.events.size());
    }

    private int decode(final String row)
    {
        final UnsafeBuffer buffer = LobsterSample.ascii(row);
        return decoder.decode(buffer, 0, row.length(), listener);
    }

    /**
     * Every event as a line of text. Tests allocate freely.
     */
    static final class Recorder implements MarketDataListener
    {
        final List<String> events = new ArrayList<>();

        String last()
        {
            return events.get(events.size() - 1);
        }

        public void onAddOrder(
            final long eventTimeNs,
            final int instrumentId,
            final long orderId,
            final byte side,
            final long price,
            final long quantity)
        {
            events.add("add t=" + eventTimeNs + " i=" + instrumentId + " id=" + orderId + " side=" + side(side) +
                " price=" + price + " qty=" + quantity);
        }

        public void onOrderCancel(
            final long eventTimeNs, final int instrumentId, final long orderId, final long cancelledQuantity)
        {
            events.add("cancel t=" + eventTimeNs + " i=" + instrumentId + " id=" + orderId + " qty=" +
                cancelledQuantity);
        }

        public void onOrderDelete(final long eventTimeNs, final int instrumentId, final long orderId)
        {
            events.add("delete t=" + eventTimeNs + " i=" + instrumentId + " id=" + orderId);
        }

        public void onOrderExecute(
            final long eventTimeNs,
            final int instrumentId,
            final long orderId,
            final long quantity,
            final long price,
            final long matchId)
        {
            events.add("execute t=" + eventTimeNs + " i=" + instrumentId + " id=" + orderId + " qty=" + quantity +
                " price=" + (price == RESTING_PRICE ? "RESTING" : Long.toString(price)) + " match=" + matchId);
        }

        public void onOrderReplace(
            final long eventTimeNs,
            final int instrumentId,
            final long originalOrderId,
            final long newOrderId,
            final long price,
            final long quantity)
        {
            events.add("replace");
        }

        public void onTrade(
            final long eventTimeNs,
            final int instrumentId,
            final long price,
            final long quantity,
            final byte aggressorSide,
            final long matchId)
        {
            events.add("trade t=" + eventTimeNs + " i=" + instrumentId + " price=" + price + " qty=" + quantity +
                " aggressor=" + side(aggressorSide) + " match=" + matchId);
        }

        private static String side(final byte side)
        {
            return side == BUY ? "BUY" : side == SELL ? "SELL" : "UNKNOWN";
        }
    }
}
