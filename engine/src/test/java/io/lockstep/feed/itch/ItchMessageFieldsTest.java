package io.lockstep.feed.itch;

import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.itch.ItchTestSupport.Captured;
import io.lockstep.feed.itch.ItchTestSupport.RecordingListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.lockstep.feed.itch.ItchTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every field of one message of every ITCH 5.0 type. Expected values were worked out by hand from hex dumps of
 * the samples (bytes in the comments, offsets from the specification); the types absent from the samples (V, W,
 * K, h, B, O) are built byte by byte here following the specification. Each sample message is first checked to
 * be present, byte for byte, in its sample file.
 */
class ItchMessageFieldsTest
{
    private final ItchDecoder decoder = new ItchDecoder();
    private final RecordingListener listener = new RecordingListener();

    // ---------------------------------------------------------------- samples: BinaryFILE

    @Test
    void systemEventStartOfMessagesFromBinaryFile()
    {
        // First frame of the BinaryFILE: length 00 0c, then
        final byte[] bytes = hex("53 0000 0000 0a11ea0e8c43 4f");
        assertEquals(0, binaryFileMessages().indexOf(Arrays.toString(bytes)));

        final ItchMessage m = decode(bytes, ItchMessageType.SYSTEM_EVENT);
        assertEquals(0, m.stockLocate());                  // 00 00
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(11_072_057_543_747L, m.timestampNs()); // 0a 11 ea 0e 8c 43 = 03:04:32.057543747
        assertEquals('O', m.eventCode());                  // 4f, start of messages
        assertEquals(0, listener.calls);
    }

    @Test
    void stockDirectoryFromBinaryFile()
    {
        // Second frame of the BinaryFILE: length 00 27, then
        final byte[] bytes = hex(
            "52 0001 0000 0a53a2887058 4120202020202020 4e 20 00000064 4e 43 5a20 50 4e 20 31 4e 00000000 4e");
        assertEquals(1, binaryFileMessages().indexOf(Arrays.toString(bytes)));

        final ItchMessage m = decode(bytes, ItchMessageType.STOCK_DIRECTORY);
        assertEquals(1, m.stockLocate());                  // 00 01
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(11_354_325_413_976L, m.timestampNs()); // 0a 53 a2 88 70 58
        assertEquals("A", m.stockAsString());              // 41 20 20 20 20 20 20 20
        assertTrue(m.stockEquals("A"));
        assertEquals('N', m.marketCategory());             // 4e NYSE
        assertEquals(' ', m.financialStatusIndicator());   // 20 not available
        assertEquals(100, m.roundLotSize());               // 00 00 00 64
        assertEquals('N', m.roundLotsOnly());              // 4e
        assertEquals('C', m.issueClassification());        // 43 common stock
        assertEquals("Z", m.issueSubTypeAsString());       // 5a 20
        assertEquals('P', m.authenticity());               // 50 live production
        assertEquals('N', m.shortSaleThresholdIndicator()); // 4e
        assertEquals(' ', m.ipoFlag());                    // 20
        assertEquals('1', m.luldReferencePriceTier());     // 31 tier 1
        assertEquals('N', m.etpFlag());                    // 4e
        assertEquals(0, m.etpLeverageFactor());            // 00 00 00 00
        assertEquals('N', m.inverseIndicator());           // 4e

        assertEquals("instrument", listener.last);
        assertEquals(11_354_325_413_976L, listener.eventTimeNs);
        assertEquals(1, listener.instrumentId);
        assertEquals("A       ", listener.symbol);
        assertEquals(-4, listener.priceExponent);
    }

    // ---------------------------------------------------------------- samples: pcaps

    @Test
    void systemEventStartOfMarketHours()
    {
        final byte[] bytes = hex("53 0000 0000 1f1acedb02f0 51");
        inSample(NASDAQ_20230822.resolve("SystemEvent.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.SYSTEM_EVENT);
        assertEquals(0, m.stockLocate());                  // 00 00
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_200_000_070_384L, m.timestampNs()); // 1f 1a ce db 02 f0 = 09:30:00.000070384
        assertEquals('Q', m.eventCode());                  // 51 start of market hours
        assertEquals(-1, m.stockOffset());
        assertNull(m.stockAsString());
    }

    @Test
    void stockTradingAction()
    {
        final byte[] bytes = hex("48 01d0 0000 1f9df77c9e20 414d432020202020 54 20 20202020");
        final Captured captured = inSample(NASDAQ.resolve("StockTradingActionMessage.pcap"), bytes);
        assertEquals(34_147_961L, captured.sequence());               // MoldUDP64 00 00 00 00 02 09 0e 79
        assertEquals(1_692_711_563_322_630_726L, captured.timestampNs()); // pcap record 8b ba e4 64 | 46 f4 3a 13 (LE)

        final ItchMessage m = decode(bytes, ItchMessageType.STOCK_TRADING_ACTION);
        assertEquals(464, m.stockLocate());                // 01 d0
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_763_322_465_824L, m.timestampNs()); // 1f 9d f7 7c 9e 20
        assertEquals("AMC", m.stockAsString());            // 41 4d 43 20 20 20 20 20
        assertEquals('T', m.tradingState());               // 54 trading
        assertEquals(' ', m.tradingActionReserved());      // 20
        assertEquals("", m.tradingActionReasonAsString()); // 20 20 20 20
        assertEquals(0, listener.calls);
    }

    @Test
    void regShoRestriction()
    {
        final byte[] bytes = hex("59 24bd 0000 1f1ad5cc18b7 534f504120202020 31");
        inSample(NASDAQ_20230822.resolve("RegSHORestriction.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.REG_SHO_RESTRICTION);
        assertEquals(9405, m.stockLocate());               // 24 bd
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_200_116_533_431L, m.timestampNs()); // 1f 1a d5 cc 18 b7
        assertEquals("SOPA", m.stockAsString());           // 53 4f 50 41 20 20 20 20
        assertEquals('1', m.regShoAction());               // 31 restriction in effect
    }

    @Test
    void marketParticipantPosition()
    {
        final byte[] bytes = hex("4c 0e93 0000 1f2082daf82d 4d41584d 46474d4320202020 59 4e 41");
        final Captured captured = inSample(NASDAQ.resolve("MarketParticipantPositionMessage.pcap"), bytes);
        assertEquals(17_861_990L, captured.sequence());

        final ItchMessage m = decode(bytes, ItchMessageType.MARKET_PARTICIPANT_POSITION);
        assertEquals(3731, m.stockLocate());               // 0e 93
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_224_494_802_989L, m.timestampNs()); // 1f 20 82 da f8 2d
        assertEquals("MAXM", m.mpidAsString());            // 4d 41 58 4d
        assertEquals("FGMC", m.stockAsString());           // 46 47 4d 43 20 20 20 20 (stock at offset 15 in L)
        assertEquals('Y', m.primaryMarketMaker());         // 59
        assertEquals('N', m.marketMakerMode());            // 4e normal
        assertEquals('A', m.marketParticipantState());     // 41 active
    }

    @Test
    void luldAuctionCollar()
    {
        final byte[] bytes = hex("4a 2c3d 0000 1f1e703b4f95 5a585a5a54202020 00020918 00022344 0001aa90 00000000");
        inSample(NASDAQ_20230822.resolve("LULDAuctionCollar.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.LULD_AUCTION_COLLAR);
        assertEquals(11325, m.stockLocate());              // 2c 3d
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_215_592_415_125L, m.timestampNs()); // 1f 1e 70 3b 4f 95
        assertEquals("ZXZZT", m.stockAsString());          // 5a 58 5a 5a 54 20 20 20
        assertEquals(133_400, m.auctionCollarReferencePrice()); // 00 02 09 18 = $13.34
        assertEquals(140_100, m.upperAuctionCollarPrice());     // 00 02 23 44 = $14.01
        assertEquals(109_200, m.lowerAuctionCollarPrice());     // 00 01 aa 90 = $10.92
        assertEquals(0, m.auctionCollarExtension());            // 00 00 00 00
    }

    @Test
    void addOrderNoMpid()
    {
        final byte[] bytes = hex("41 1598 0000 1f1aced85306 000000000166b53e 42 00000640 49564f4f20202020 000d55ac");
        final Captured captured = inSample(NASDAQ.resolve("AddOrderNoMpidAttributionMessage.pcap"), bytes);
        assertEquals(14_757_721L, captured.sequence());                    // 00 00 00 00 00 e1 2f 59
        assertEquals(1_692_711_000_000_059_094L, captured.timestampNs());  // record 58 b8 e4 64 | d6 e6 00 00

        final ItchMessage m = decode(bytes, ItchMessageType.ADD_ORDER);
        assertEquals(5528, m.stockLocate());               // 15 98
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_199_999_894_278L, m.timestampNs()); // 1f 1a ce d8 53 06 = 09:29:59.999894278
        assertEquals(23_508_286L, m.orderReferenceNumber()); // 00 00 00 00 01 66 b5 3e
        assertEquals('B', m.buySellIndicator());           // 42
        assertEquals(1600, m.shares());                    // 00 00 06 40
        assertEquals("IVOO", m.stockAsString());           // 49 56 4f 4f 20 20 20 20
        assertEquals(873_900, m.price());                  // 00 0d 55 ac = $87.39

        assertEquals("add", listener.last);
        assertEquals(34_199_999_894_278L, listener.eventTimeNs);
        assertEquals(5528, listener.instrumentId);
        assertEquals(23_508_286L, listener.orderId);
        assertEquals(MarketDataListener.BUY, listener.side);
        assertEquals(873_900, listener.price);
        assertEquals(1600, listener.quantity);
    }

    @Test
    void addOrderWithMpid()
    {
        final byte[] bytes = hex(
            "46 06ca 0000 1f1aced99936 000000000120be75 53 00000064 4341535920202020 0026fd40 464c5455");
        inSample(NASDAQ_20230822.resolve("AddOrderWithMPID.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.ADD_ORDER_MPID);
        assertEquals(1738, m.stockLocate());               // 06 ca
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_199_999_977_782L, m.timestampNs()); // 1f 1a ce d9 99 36
        assertEquals(18_923_125L, m.orderReferenceNumber()); // 00 00 00 00 01 20 be 75
        assertEquals('S', m.buySellIndicator());           // 53
        assertEquals(100, m.shares());                     // 00 00 00 64
        assertEquals("CASY", m.stockAsString());           // 43 41 53 59 20 20 20 20
        assertEquals(2_555_200, m.price());                // 00 26 fd 40 = $255.52
        assertEquals("FLTU", m.attributionAsString());     // 46 4c 54 55

        assertEquals("add", listener.last);
        assertEquals(1738, listener.instrumentId);
        assertEquals(18_923_125L, listener.orderId);
        assertEquals(MarketDataListener.SELL, listener.side);
        assertEquals(2_555_200, listener.price);
        assertEquals(100, listener.quantity);
    }

    @Test
    void orderExecuted()
    {
        final byte[] bytes = hex("45 0929 0002 1f1aced8f061 000000000166929a 00000019 000000000003e63b");
        final Captured captured = inSample(NASDAQ.resolve("OrderExecutedMessage.pcap"), bytes);
        assertEquals(14_757_745L, captured.sequence());                    // 00 00 00 00 00 e1 2f 71
        assertEquals(1_692_711_000_000_100_490L, captured.timestampNs());  // record 58 b8 e4 64 | 8a 88 01 00

        final ItchMessage m = decode(bytes, ItchMessageType.ORDER_EXECUTED);
        assertEquals(2345, m.stockLocate());               // 09 29
        assertEquals(2, m.trackingNumber());               // 00 02
        assertEquals(34_199_999_934_561L, m.timestampNs()); // 1f 1a ce d8 f0 61
        assertEquals(23_499_418L, m.orderReferenceNumber()); // 00 00 00 00 01 66 92 9a
        assertEquals(25, m.shares());                      // 00 00 00 19 executed shares
        assertEquals(255_547L, m.matchNumber());           // 00 00 00 00 00 03 e6 3b

        assertEquals("execute", listener.last);
        assertEquals(34_199_999_934_561L, listener.eventTimeNs);
        assertEquals(2345, listener.instrumentId);
        assertEquals(23_499_418L, listener.orderId);
        assertEquals(25, listener.quantity);
        assertEquals(MarketDataListener.RESTING_PRICE, listener.price);
        assertEquals(255_547L, listener.matchId);
    }

    @Test
    void orderExecutedWithPriceNonPrintable()
    {
        final byte[] bytes = hex("43 13e4 0001 1f1aceebb03b 00000000013113de 0000133e 000000000003e65d 4e 00036e20");
        inSample(NASDAQ_20230822.resolve("OrderExecutedWithPrice.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.ORDER_EXECUTED_WITH_PRICE);
        assertEquals(5092, m.stockLocate());               // 13 e4
        assertEquals(1, m.trackingNumber());               // 00 01
        assertEquals(34_200_001_163_323L, m.timestampNs()); // 1f 1a ce eb b0 3b
        assertEquals(19_993_566L, m.orderReferenceNumber()); // 00 00 00 00 01 31 13 de
        assertEquals(4926, m.shares());                    // 00 00 13 3e executed shares
        assertEquals(255_581L, m.matchNumber());           // 00 00 00 00 00 03 e6 5d
        assertEquals('N', m.printable());                  // 4e non-printable
        assertEquals(224_800, m.price());                  // 00 03 6e 20 = $22.48 execution price

        // Non-printable still takes the shares off the resting order, but is no print: the cross's Q (5,379 shares
        // at $22.48 in the same sample) reports them, and a trade here would count them twice.
        assertEquals("cancel", listener.last);
        assertEquals(5092, listener.instrumentId);
        assertEquals(19_993_566L, listener.orderId);
        assertEquals(4926, listener.quantity);
    }

    /** A cross of 0 shares did not happen (its price is 0 in the real samples): no print, the last trade stays. */
    @Test
    void crossTradeOfNoSharesIsNoPrint()
    {
        final byte[] cross = hex(
            "51 2027 0002 1f1acee5dc87 00000000000015c9 5054475820202020 0002fc10 000000000003e649 4f");
        decode(cross, ItchMessageType.CROSS_TRADE);
        final int calls = listener.calls;
        final byte[] none = cross.clone();
        Arrays.fill(none, 11, 19, (byte)0); // shares
        Arrays.fill(none, 27, 31, (byte)0); // price
        final ItchDecoder another = new ItchDecoder();
        assertEquals(ItchDecoder.OK, another.decode(new UnsafeBuffer(none), 0, none.length, listener));
        assertEquals(1, another.counters().decodedCount(ItchMessageType.CROSS_TRADE), "decoded, and counted");
        assertEquals(calls, listener.calls, "nothing reached the listener");
        assertEquals(195_600, listener.price, "the last print is the real cross");
    }

    @Test
    void orderCancel()
    {
        final byte[] bytes = hex("58 24c5 0000 1f1acefe785d 0000000002041a00 00000064");
        inSample(NASDAQ_20230822.resolve("OrderCancel.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.ORDER_CANCEL);
        assertEquals(9413, m.stockLocate());               // 24 c5
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_200_002_394_205L, m.timestampNs()); // 1f 1a ce fe 78 5d
        assertEquals(33_823_232L, m.orderReferenceNumber()); // 00 00 00 00 02 04 1a 00
        assertEquals(100, m.shares());                     // 00 00 00 64 canceled shares

        assertEquals("cancel", listener.last);
        assertEquals(9413, listener.instrumentId);
        assertEquals(33_823_232L, listener.orderId);
        assertEquals(100, listener.quantity);
    }

    @Test
    void orderDelete()
    {
        final byte[] bytes = hex("44 0dbd 0000 1f1aced85ad8 0000000001668bd6");
        final Captured captured = inSample(NASDAQ.resolve("OrderDeleteMessage.pcap"), bytes);
        assertEquals(14_757_722L, captured.sequence());

        final ItchMessage m = decode(bytes, ItchMessageType.ORDER_DELETE);
        assertEquals(3517, m.stockLocate());               // 0d bd
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_199_999_896_280L, m.timestampNs()); // 1f 1a ce d8 5a d8
        assertEquals(23_497_686L, m.orderReferenceNumber()); // 00 00 00 00 01 66 8b d6

        assertEquals("delete", listener.last);
        assertEquals(34_199_999_896_280L, listener.eventTimeNs);
        assertEquals(3517, listener.instrumentId);
        assertEquals(23_497_686L, listener.orderId);
    }

    @Test
    void orderReplace()
    {
        final byte[] bytes = hex("55 1db3 0000 1f1aced771e9 0000000000e6897f 000000000145f2c7 00000064 001036c8");
        final Captured captured = inSample(NASDAQ.resolve("OrderReplaceMessage.pcap"), bytes);
        assertEquals(14_757_701L, captured.sequence());
        assertEquals(1_692_711_000_000_001_318L, captured.timestampNs());

        final ItchMessage m = decode(bytes, ItchMessageType.ORDER_REPLACE);
        assertEquals(7603, m.stockLocate());               // 1d b3
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_199_999_836_649L, m.timestampNs()); // 1f 1a ce d7 71 e9
        assertEquals(15_108_479L, m.originalOrderReferenceNumber()); // 00 00 00 00 00 e6 89 7f
        assertEquals(21_361_351L, m.newOrderReferenceNumber());      // 00 00 00 00 01 45 f2 c7
        assertEquals(100, m.shares());                     // 00 00 00 64
        assertEquals(1_062_600, m.price());                // 00 10 36 c8 = $106.26
        assertEquals(0, m.orderReferenceNumber(), "U has no plain Order Reference Number field");

        assertEquals("replace", listener.last);
        assertEquals(7603, listener.instrumentId);
        assertEquals(15_108_479L, listener.orderId);
        assertEquals(21_361_351L, listener.newOrderId);
        assertEquals(1_062_600, listener.price);
        assertEquals(100, listener.quantity);
    }

    @Test
    void nonCrossTrade()
    {
        final byte[] bytes = hex(
            "50 1193 0002 1f1acee462a9 0000000000000000 42 00000064 474f4f474c202020 001399f8 000000000003e642");
        inSample(NASDAQ_20230822.resolve("NonCrossTrade.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.TRADE);
        assertEquals(4499, m.stockLocate());               // 11 93
        assertEquals(2, m.trackingNumber());               // 00 02
        assertEquals(34_200_000_684_713L, m.timestampNs()); // 1f 1a ce e4 62 a9
        assertEquals(0, m.orderReferenceNumber());         // 00 x 8 (zeroed by Nasdaq since 2010)
        assertEquals('B', m.buySellIndicator());           // 42 (always 'B' since 2014)
        assertEquals(100, m.shares());                     // 00 00 00 64
        assertEquals("GOOGL", m.stockAsString());          // 47 4f 4f 47 4c 20 20 20
        assertEquals(1_284_600, m.price());                // 00 13 99 f8 = $128.46
        assertEquals(255_554L, m.matchNumber());           // 00 00 00 00 00 03 e6 42

        assertEquals("trade", listener.last);
        assertEquals(4499, listener.instrumentId);
        assertEquals(1_284_600, listener.price);
        assertEquals(100, listener.quantity);
        assertEquals(MarketDataListener.UNKNOWN_SIDE, listener.side, "the indicator is meaningless since 2014");
        assertEquals(255_554L, listener.matchId);

        // For pre-2014 archives: the indicator is the resting hidden order's side, the aggressor the other.
        final RecordingListener legacy = new RecordingListener();
        assertEquals(ItchDecoder.OK, new ItchDecoder(true).decode(buffer(bytes), 0, bytes.length, legacy));
        assertEquals(MarketDataListener.SELL, legacy.side);
    }

    @Test
    void crossTrade()
    {
        final byte[] bytes = hex(
            "51 2027 0002 1f1acee5dc87 00000000000015c9 5054475820202020 0002fc10 000000000003e649 4f");
        inSample(NASDAQ_20230822.resolve("CrossTrade.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.CROSS_TRADE);
        assertEquals(8231, m.stockLocate());               // 20 27
        assertEquals(2, m.trackingNumber());               // 00 02
        assertEquals(34_200_000_781_447L, m.timestampNs()); // 1f 1a ce e5 dc 87
        assertEquals(5577, m.shares());                    // 00 00 00 00 00 00 15 c9 cross shares (8 bytes)
        assertEquals("PTGX", m.stockAsString());           // 50 54 47 58 20 20 20 20
        assertEquals(195_600, m.price());                  // 00 02 fc 10 = $19.56 cross price
        assertEquals(255_561L, m.matchNumber());           // 00 00 00 00 00 03 e6 49
        assertEquals('O', m.crossType());                  // 4f opening cross

        assertEquals("trade", listener.last);
        assertEquals(8231, listener.instrumentId);
        assertEquals(195_600, listener.price);
        assertEquals(5577, listener.quantity);
        assertEquals(MarketDataListener.UNKNOWN_SIDE, listener.side);
        assertEquals(255_561L, listener.matchId);
    }

    @Test
    void netOrderImbalanceIndicator()
    {
        final byte[] bytes = hex("49 193e 0000 1f1acede0ab2 0000000000000001 0000000000000000 4e 4d44432020202020 " +
            "00071610 00071610 00071610 4f 4c");
        final Captured captured = inSample(NASDAQ.resolve("NetOrderImbalanceIndicatorMessage.pcap"), bytes);
        assertEquals(14_757_919L, captured.sequence());

        final ItchMessage m = decode(bytes, ItchMessageType.NOII);
        assertEquals(6462, m.stockLocate());               // 19 3e
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_200_000_268_978L, m.timestampNs()); // 1f 1a ce de 0a b2
        assertEquals(1, m.pairedShares());                 // 00 00 00 00 00 00 00 01
        assertEquals(0, m.imbalanceShares());              // 00 x 8
        assertEquals('N', m.imbalanceDirection());         // 4e no imbalance
        assertEquals("MDC", m.stockAsString());            // 4d 44 43 20 20 20 20 20 (stock at offset 28 in I)
        assertEquals(464_400, m.farPrice());               // 00 07 16 10 = $46.44, Price(4)
        assertEquals(464_400, m.nearPrice());              // 00 07 16 10
        assertEquals(464_400, m.currentReferencePrice());  // 00 07 16 10
        assertEquals('O', m.crossType());                  // 4f opening cross
        assertEquals('L', m.priceVariationIndicator());    // 4c less than 1%
        assertEquals(0, listener.calls);
    }

    @Test
    void retailPriceImprovementIndicator()
    {
        final byte[] bytes = hex("4e 04ea 0000 1f1aceceff2f 42495a4420202020 4e");
        inSample(BX_20230822.resolve("RetailInterestMessage.pcap"), bytes);

        final ItchMessage m = decode(bytes, ItchMessageType.RETAIL_PRICE_IMPROVEMENT);
        assertEquals(1258, m.stockLocate());               // 04 ea
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_199_999_282_991L, m.timestampNs()); // 1f 1a ce ce ff 2f
        assertEquals("BIZD", m.stockAsString());           // 42 49 5a 44 20 20 20 20
        assertEquals('N', m.interestFlag());               // 4e no retail interest
    }

    // ---------------------------------------------------------------- built from the specification

    @Test
    void mwcbDeclineLevelUsesPrice8()
    {
        final byte[] bytes = hex("56 0000 0000 1f1acedb02f0 00000060 01b7bc35 0000005879c3d800 0000004cd5886400");

        final ItchMessage m = decode(bytes, ItchMessageType.MWCB_DECLINE_LEVEL);
        assertEquals(0, m.stockLocate());                  // 00 00, always 0
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_200_000_070_384L, m.timestampNs()); // 1f 1a ce db 02 f0
        assertEquals(412_345_678_901L, m.mwcbLevel1());    // 00 00 00 60 01 b7 bc 35 = 4123.45678901 (8 decimals)
        assertEquals(380_000_000_000L, m.mwcbLevel2());    // 00 00 00 58 79 c3 d8 00 = 3800.00000000
        assertEquals(330_000_000_000L, m.mwcbLevel3());    // 00 00 00 4c d5 88 64 00 = 3300.00000000
        assertEquals(0, listener.calls);
    }

    @Test
    void mwcbStatus()
    {
        final byte[] bytes = hex("57 0000 0007 1f1acedb02f0 32");

        final ItchMessage m = decode(bytes, ItchMessageType.MWCB_STATUS);
        assertEquals(0, m.stockLocate());                  // 00 00
        assertEquals(7, m.trackingNumber());               // 00 07
        assertEquals(34_200_000_070_384L, m.timestampNs()); // 1f 1a ce db 02 f0
        assertEquals('2', m.breachedLevel());              // 32 level 2
    }

    @Test
    void ipoQuotingPeriodUpdate()
    {
        final byte[] bytes = hex("4b 0102 0000 1f1acedb02f0 5244445420202020 0000a8c0 41 00053020");

        final ItchMessage m = decode(bytes, ItchMessageType.IPO_QUOTING_PERIOD_UPDATE);
        assertEquals(258, m.stockLocate());                // 01 02
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_200_000_070_384L, m.timestampNs()); // 1f 1a ce db 02 f0
        assertEquals("RDDT", m.stockAsString());           // 52 44 44 54 20 20 20 20
        assertEquals(43_200, m.ipoQuotationReleaseTime()); // 00 00 a8 c0 = 12:00:00 in seconds since midnight
        assertEquals('A', m.ipoQuotationReleaseQualifier()); // 41 anticipated
        assertEquals(340_000, m.ipoPrice());               // 00 05 30 20 = $34.00
    }

    @Test
    void operationalHalt()
    {
        final byte[] bytes = hex("68 2a2a 0003 1f1acedb02f0 4141504c20202020 51 48");

        final ItchMessage m = decode(bytes, ItchMessageType.OPERATIONAL_HALT);
        assertEquals(10_794, m.stockLocate());             // 2a 2a
        assertEquals(3, m.trackingNumber());               // 00 03
        assertEquals(34_200_000_070_384L, m.timestampNs()); // 1f 1a ce db 02 f0
        assertEquals("AAPL", m.stockAsString());           // 41 41 50 4c 20 20 20 20
        assertEquals('Q', m.marketCode());                 // 51 Nasdaq
        assertEquals('H', m.operationalHaltAction());      // 48 halted
    }

    @Test
    void brokenTrade()
    {
        final byte[] bytes = hex("42 0929 0000 1f1acedb02f0 000000000003e63b");

        final ItchMessage m = decode(bytes, ItchMessageType.BROKEN_TRADE);
        assertEquals(2345, m.stockLocate());               // 09 29
        assertEquals(0, m.trackingNumber());               // 00 00
        assertEquals(34_200_000_070_384L, m.timestampNs()); // 1f 1a ce db 02 f0
        assertEquals(255_547L, m.matchNumber());           // 00 00 00 00 00 03 e6 3b
        assertEquals(0, listener.calls, "a break is decoded and counted, not applied to the book");
    }

    @Test
    void dlcrPriceDiscovery()
    {
        final byte[] bytes = hex("4f 002a 0001 1f1acedb02f0 5445535420202020 59 000186a0 00030d40 000249f0 " +
            "00001f1acedb02f0 000222e0 00027100");

        final ItchMessage m = decode(bytes, ItchMessageType.DLCR_PRICE_DISCOVERY);
        assertEquals(42, m.stockLocate());                 // 00 2a
        assertEquals(1, m.trackingNumber());               // 00 01
        assertEquals(34_200_000_070_384L, m.timestampNs()); // 1f 1a ce db 02 f0
        assertEquals("TEST", m.stockAsString());           // 54 45 53 54 20 20 20 20
        assertEquals('Y', m.openEligibilityStatus());      // 59
        assertEquals(100_000, m.minimumAllowablePrice());  // 00 01 86 a0 = $10.00
        assertEquals(200_000, m.maximumAllowablePrice());  // 00 03 0d 40 = $20.00
        assertEquals(150_000, m.nearExecutionPrice());     // 00 02 49 f0 = $15.00
        assertEquals(34_200_000_070_384L, m.nearExecutionTime()); // 00 00 1f 1a ce db 02 f0
        assertEquals(140_000, m.lowerPriceRangeCollar());  // 00 02 22 e0 = $14.00
        assertEquals(160_000, m.upperPriceRangeCollar());  // 00 02 71 00 = $16.00
    }

    @Test
    void unsignedFieldsAtTheirMaximum()
    {
        final byte[] bytes = hex("41 ffff ffff ffffffffffff 8000000000000001 53 ffffffff 5a5a5a5a5a5a5a5a 80000000");

        final ItchMessage m = decode(bytes, ItchMessageType.ADD_ORDER);
        assertEquals(65_535, m.stockLocate());             // ff ff
        assertEquals(65_535, m.trackingNumber());          // ff ff
        assertEquals(281_474_976_710_655L, m.timestampNs()); // ff x 6 = 2^48 - 1
        assertEquals("9223372036854775809", Long.toUnsignedString(m.orderReferenceNumber())); // 80 .. 01
        assertEquals(4_294_967_295L, m.shares());          // ff ff ff ff
        assertEquals("ZZZZZZZZ", m.stockAsString());      // no padding
        assertEquals(2_147_483_648L, m.price());           // 80 00 00 00

        assertEquals(65_535, listener.instrumentId);
        assertEquals(4_294_967_295L, listener.quantity);
        assertEquals(2_147_483_648L, listener.price);
        assertEquals(MarketDataListener.SELL, listener.side);
    }

    @Test
    void everyTypeHasItsSpecificationLength()
    {
        assertEquals(23, ItchMessageType.ALL_TYPES.length());
        // S   R   H   Y   L   V   W   K   J   h   A   F   E   C   X   D   U   P   Q   B   I   N   O
        final int[] lengths =
            { 12, 39, 25, 20, 26, 35, 12, 28, 35, 21, 36, 40, 31, 36, 23, 19, 35, 44, 40, 19, 50, 20, 48 };
        for (int i = 0; i < lengths.length; i++)
        {
            final byte type = (byte)ItchMessageType.ALL_TYPES.charAt(i);
            assertEquals(lengths[i], ItchMessageType.length(type), "type " + (char)type);
            assertNotNull(ItchMessageType.name(type));
        }
        assertEquals(0, ItchMessageType.length((byte)'Z'));
        assertEquals(0, ItchMessageType.length((byte)0));
        assertFalse(ItchMessageType.isKnown((byte)'T'), "T (seconds) was ITCH 4.1, gone in 5.0");
    }

    @Test
    void alphaHelpersTrimPaddingWithoutAllocatingStrings()
    {
        final byte[] bytes = hex(
            "52 0001 0000 0a53a2887058 4141415520202000 50 20 00000064 4e 51 4920 50 4e 20 32 59 00000001 4e");
        final ItchMessage m = decode(bytes, ItchMessageType.STOCK_DIRECTORY);

        final StringBuilder sb = new StringBuilder("x");
        assertEquals(4, m.appendStock(sb));                // 41 41 41 55 then spaces and a NUL
        assertEquals("xAAAU", sb.toString());
        assertTrue(m.stockEquals("AAAU"));
        assertFalse(m.stockEquals("AAA"));
        assertFalse(m.stockEquals("AAAUX"));
        assertEquals("I", m.issueSubTypeAsString());       // 49 20
        assertEquals(1, m.etpLeverageFactor());            // 00 00 00 01
        assertEquals('Y', m.etpFlag());                    // 59
    }

    private ItchMessage decode(final byte[] bytes, final byte expectedType)
    {
        // Offset 3 inside a larger buffer, so offsets are proved relative to the message.
        final byte[] padded = new byte[bytes.length + 8];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(padded);

        assertEquals(ItchDecoder.OK, decoder.decode(buffer, 3, bytes.length, listener));
        assertEquals(1, decoder.counters().decodedCount(expectedType));
        assertEquals(1, decoder.counters().totalDecoded());
        assertEquals(0, decoder.counters().totalRejects());

        final ItchMessage message = decoder.message();
        assertEquals(expectedType, message.type());
        assertEquals(3, message.offset());
        assertEquals(bytes.length, message.length());
        assertEquals(ItchMessageType.length(expectedType), message.length());
        return message;
    }

    private static Captured inSample(final Path pcap, final byte[] bytes)
    {
        for (final Captured captured : pcapMessages(pcap))
        {
            if (Arrays.equals(bytes, captured.bytes()))
            {
                return captured;
            }
        }
        throw new AssertionError("message not found in " + pcap);
    }

    private static List<String> binaryFileMessages()
    {
        final List<String> messages = new ArrayList<>();
        new BinaryFileReader().readFile(
            BINARY_FILE, (buffer, offset, length) -> messages.add(Arrays.toString(copy(buffer, offset, length))));
        return messages;
    }
}
