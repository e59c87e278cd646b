package io.lockstep.feed.lobster;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.lockstep.feed.lobster.LobsterBookFile.*;
import static org.junit.jupiter.api.Assertions.*;

class LobsterBookFileTest
{
    private final LobsterBookFile file = new LobsterBookFile(LobsterSample.LEVELS);

    @Test
    void parsesTheFirstSampleRow()
    {
        final LobsterSample rows = LobsterSample.orderBook();
        assertEquals(OK, file.parse(rows.buffer, rows.offset(0), rows.length(0)));
        assertEquals(10, file.levels());
        assertEquals(10, file.askLevels());
        assertEquals(10, file.bidLevels());
        assertEquals(5859400, file.askPrice[0]);
        assertEquals(200, file.askSize[0]);
        assertEquals(5853300, file.bidPrice[0]);
        assertEquals(18, file.bidSize[0]);
        assertEquals(5879000, file.askPrice[9]);
        assertEquals(500, file.askSize[9]);
        assertEquals(5842700, file.bidPrice[9]);
        assertEquals(300, file.bidSize[9]);
    }

    @Test
    void everySampleRowParsesAndIsNeverCrossed()
    {
        final LobsterSample rows = LobsterSample.orderBook();
        assertEquals(LobsterSample.ROWS, rows.rows());
        for (int row = 0; row < rows.rows(); row++)
        {
            assertEquals(OK, file.parse(rows.buffer, rows.offset(row), rows.length(row)), "row " + row);
            assertTrue(file.bidPrice[0] < file.askPrice[0], "row " + row);
            for (int level = 1; level < 10; level++)
            {
                assertTrue(file.askPrice[level] > file.askPrice[level - 1]);
                assertTrue(file.bidPrice[level] < file.bidPrice[level - 1]);
            }
        }
    }

    @Test
    void dummyLevelsAreNotCounted()
    {
        final LobsterBookFile two = new LobsterBookFile(2);
        final UnsafeBuffer row = LobsterSample.ascii("5859400,200,5853300,18,9999999999,0,-9999999999,0");
        assertEquals(OK, two.parse(row, 0, row.capacity()));
        assertEquals(1, two.askLevels());
        assertEquals(1, two.bidLevels());
        assertEquals(DUMMY_ASK_PRICE, two.askPrice[1]);
        assertEquals(DUMMY_BID_PRICE, two.bidPrice[1]);
    }

    @Test
    void malformedRowsAreReported()
    {
        final LobsterBookFile one = new LobsterBookFile(1);
        assertEquals(OK, parse(one, "1,2,3,4"));
        assertEquals(FIELD_COUNT, parse(one, "1,2,3"));
        assertEquals(FIELD_COUNT, parse(one, "1,2,3,4,5"));
        assertEquals(INVALID_NUMBER, parse(one, "1,2,,4"));
        assertEquals(INVALID_NUMBER, parse(one, "1,2,3,4\r"));
        assertEquals(INVALID_NUMBER, parse(one, "1,2.5,3,4"));
        assertEquals(EMPTY, parse(one, ""));
        final UnsafeBuffer row = LobsterSample.ascii("1,2,3,4");
        assertEquals(OUT_OF_BOUNDS, one.parse(row, 2, 7));
    }

    private static int parse(final LobsterBookFile into, final String text)
    {
        final UnsafeBuffer row = LobsterSample.ascii(text);
        return into.parse(row, 0, text.length());
    }
}
