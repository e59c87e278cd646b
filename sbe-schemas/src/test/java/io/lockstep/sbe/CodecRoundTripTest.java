package io.lockstep.sbe;

import io.lockstep.sbe.ir.SchemaCatalog;
import io.lockstep.sbe.control.BooleanType;
import io.lockstep.sbe.control.CanaryFractionDecoder;
import io.lockstep.sbe.control.CanaryFractionEncoder;
import io.lockstep.sbe.control.FeedPositionDecoder;
import io.lockstep.sbe.control.FeedPositionEncoder;
import io.lockstep.sbe.control.HeartbeatDecoder;
import io.lockstep.sbe.control.HeartbeatEncoder;
import io.lockstep.sbe.control.KillSwitchDecoder;
import io.lockstep.sbe.control.KillSwitchEncoder;
import io.lockstep.sbe.control.ModelSwapDecoder;
import io.lockstep.sbe.control.ModelSwapEncoder;
import io.lockstep.sbe.control.RiskLimit;
import io.lockstep.sbe.control.RiskLimitChangeDecoder;
import io.lockstep.sbe.control.RiskLimitChangeEncoder;
import io.lockstep.sbe.control.RollbackDecoder;
import io.lockstep.sbe.control.RollbackEncoder;
import io.lockstep.sbe.control.ShadowAddDecoder;
import io.lockstep.sbe.control.ShadowAddEncoder;
import io.lockstep.sbe.control.ShadowRemoveDecoder;
import io.lockstep.sbe.control.ShadowRemoveEncoder;
import io.lockstep.sbe.decision.DecisionRecordDecoder;
import io.lockstep.sbe.decision.DecisionRecordEncoder;
import io.lockstep.sbe.decision.RiskReason;
import io.lockstep.sbe.decision.RiskVerdict;
import io.lockstep.sbe.journal.ProtocolTag;
import io.lockstep.sbe.journal.RecordEnvelopeDecoder;
import io.lockstep.sbe.journal.RecordEnvelopeEncoder;
import io.lockstep.sbe.journal.SegmentHeaderDecoder;
import io.lockstep.sbe.journal.SegmentHeaderEncoder;
import io.lockstep.sbe.md.AddOrderDecoder;
import io.lockstep.sbe.md.AddOrderEncoder;
import io.lockstep.sbe.md.AggressorSide;
import io.lockstep.sbe.md.BarDecoder;
import io.lockstep.sbe.md.BarEncoder;
import io.lockstep.sbe.md.BestBidOfferDecoder;
import io.lockstep.sbe.md.BestBidOfferEncoder;
import io.lockstep.sbe.md.InstrumentDefinitionDecoder;
import io.lockstep.sbe.md.InstrumentDefinitionEncoder;
import io.lockstep.sbe.md.LevelAction;
import io.lockstep.sbe.md.LevelUpdateDecoder;
import io.lockstep.sbe.md.LevelUpdateEncoder;
import io.lockstep.sbe.md.OrderCancelDecoder;
import io.lockstep.sbe.md.OrderCancelEncoder;
import io.lockstep.sbe.md.OrderDeleteDecoder;
import io.lockstep.sbe.md.OrderDeleteEncoder;
import io.lockstep.sbe.md.OrderExecuteDecoder;
import io.lockstep.sbe.md.OrderExecuteEncoder;
import io.lockstep.sbe.md.OrderReplaceDecoder;
import io.lockstep.sbe.md.OrderReplaceEncoder;
import io.lockstep.sbe.md.TradeDecoder;
import io.lockstep.sbe.md.TradeEncoder;
import io.lockstep.sbe.oe.CancelOrderDecoder;
import io.lockstep.sbe.oe.CancelOrderEncoder;
import io.lockstep.sbe.oe.ExecType;
import io.lockstep.sbe.oe.ExecutionReportDecoder;
import io.lockstep.sbe.oe.ExecutionReportEncoder;
import io.lockstep.sbe.oe.NewOrderDecoder;
import io.lockstep.sbe.oe.NewOrderEncoder;
import io.lockstep.sbe.oe.OrderRejectDecoder;
import io.lockstep.sbe.oe.OrderRejectEncoder;
import io.lockstep.sbe.oe.OrderType;
import io.lockstep.sbe.oe.RejectReason;
import io.lockstep.sbe.oe.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Encode every message of every schema with distinct, non-default (often edge) values, decode it again and check
 * the header, every field and that the decoder consumed exactly the bytes the encoder wrote.
 * <p>
 * Each message has a header at offset 0 followed by its body; MessageHeaderEncoder/Decoder and the enums named
 * {@code Side} exist once per schema package, so they are written fully qualified.
 */
class CodecRoundTripTest
{
    private static final Path SCHEMA_DIR = Path.of("src/main/resources/schemas");
    private static final int SCHEMA_VERSION = 1;
    /**
     * Control's version 2 added FeedPosition, version 3 issuedBy on the commands that lacked it; market data and
     * order entry are at version 1.
     */
    private static final int CONTROL_SCHEMA_VERSION = 3;
    /** The journal's version 2 added SegmentHeader.headerChecksum. */
    private static final int JOURNAL_SCHEMA_VERSION = 2;
    /** The decision schema's version 2 added DecisionRecord.shadows. */
    private static final int DECISION_SCHEMA_VERSION = 2;
    /** Every schema's message header is 8 bytes and is written at offset 0, so every message body starts here. */
    private static final int MESSAGE_OFFSET = 8;
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final long MAX_UINT64 = 0xFFFF_FFFF_FFFF_FFFFL;
    private static final String UTF8_TEXT = "Zoë Ångström: リスク管理 ✓ 🚀";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    @Test
    void everyMessageOfEverySchemaIsCoveredBelow() throws Exception
    {
        assertMessages("market-data.xml", 1,
            "InstrumentDefinition", "AddOrder", "OrderCancel", "OrderDelete", "OrderExecute",
            "OrderReplace", "LevelUpdate", "Trade", "BestBidOffer", "Bar");
        assertMessages("order-entry.xml", 2, "NewOrder", "CancelOrder", "ExecutionReport", "OrderReject");
        assertMessages("control.xml", 3,
            "ModelSwap", "Rollback", "ShadowAdd", "ShadowRemove", "CanaryFraction", "RiskLimitChange",
            "KillSwitch", "Heartbeat", "ModelLoad", "ModelReady", "StatusRequest", "CommandStatus", "FeedPosition");
        assertMessages("journal.xml", 4, "SegmentHeader", "RecordEnvelope");
        assertMessages("decision.xml", 5, "DecisionRecord", "DigestCheckpoint");
    }

    @Nested
    class MarketData
    {
        private static final int SCHEMA_ID = 1;

        private final io.lockstep.sbe.md.MessageHeaderEncoder headerEncoder =
            new io.lockstep.sbe.md.MessageHeaderEncoder();
        private final io.lockstep.sbe.md.MessageHeaderDecoder headerDecoder =
            new io.lockstep.sbe.md.MessageHeaderDecoder();

        @Test
        void instrumentDefinition()
        {
            final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(MAX_UINT32 - 1)
                .eventTimeNs(1_700_000_000_000_000_001L)
                .symbol("ABCDEFGHIJKLMNOP") // all 16 chars: no NUL terminator
                .venue("XNAS")              // shorter than 8: NUL padded
                .currency("USD")
                .priceExponent((byte)-9)
                .tickSize(5_000_000L)
                .lotSize(100L);

            final InstrumentDefinitionDecoder decoder = new InstrumentDefinitionDecoder()
                .wrapAndApplyHeader(buffer, 0, header(1, 56));
            assertEquals(MAX_UINT32 - 1, decoder.instrumentId());
            assertEquals(1_700_000_000_000_000_001L, decoder.eventTimeNs());
            assertEquals("ABCDEFGHIJKLMNOP", decoder.symbol());
            assertEquals("XNAS", decoder.venue());
            final byte[] venue = new byte[InstrumentDefinitionDecoder.venueLength()];
            decoder.getVenue(venue, 0);
            assertArrayEquals(new byte[]{ 'X', 'N', 'A', 'S', 0, 0, 0, 0 }, venue);
            assertEquals("USD", decoder.currency());
            assertEquals((byte)-9, decoder.priceExponent());
            assertEquals(5_000_000L, decoder.tickSize());
            assertEquals(100L, decoder.lotSize());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void addOrder()
        {
            final AddOrderEncoder encoder = new AddOrderEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(MAX_UINT32)
                .eventTimeNs(34_200_000_000_001L)
                .orderId(MAX_UINT64)
                .side(io.lockstep.sbe.md.Side.SELL)
                .price(-1_234_500L)
                .quantity(Long.MAX_VALUE);

            final AddOrderDecoder decoder = new AddOrderDecoder().wrapAndApplyHeader(buffer, 0, header(2, 37));
            assertEquals(MAX_UINT32, decoder.instrumentId());
            assertEquals(34_200_000_000_001L, decoder.eventTimeNs());
            assertEquals(MAX_UINT64, decoder.orderId());
            assertEquals(io.lockstep.sbe.md.Side.SELL, decoder.side());
            assertEquals(-1_234_500L, decoder.price());
            assertEquals(Long.MAX_VALUE, decoder.quantity());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void orderCancel()
        {
            final OrderCancelEncoder encoder = new OrderCancelEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(0x8000_0000L)
                .eventTimeNs(-1L)
                .orderId(Long.MIN_VALUE)
                .cancelledQuantity(17L);

            final OrderCancelDecoder decoder = new OrderCancelDecoder().wrapAndApplyHeader(buffer, 0, header(3, 28));
            assertEquals(0x8000_0000L, decoder.instrumentId());
            assertEquals(-1L, decoder.eventTimeNs());
            assertEquals(Long.MIN_VALUE, decoder.orderId());
            assertEquals(17L, decoder.cancelledQuantity());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void orderDelete()
        {
            final OrderDeleteEncoder encoder = new OrderDeleteEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(42L)
                .eventTimeNs(86_399_999_999_999L)
                .orderId(0x0123_4567_89AB_CDEFL);

            final OrderDeleteDecoder decoder = new OrderDeleteDecoder().wrapAndApplyHeader(buffer, 0, header(4, 20));
            assertEquals(42L, decoder.instrumentId());
            assertEquals(86_399_999_999_999L, decoder.eventTimeNs());
            assertEquals(0x0123_4567_89AB_CDEFL, decoder.orderId());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void orderExecuteAtOwnPriceLeavesOptionalPriceNull()
        {
            final OrderExecuteEncoder encoder = new OrderExecuteEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(7L)
                .eventTimeNs(36_000_123_456_789L)
                .orderId(900_001L)
                .executedQuantity(250L)
                .matchId(MAX_UINT64 - 1)
                .price(OrderExecuteEncoder.priceNullValue());

            final OrderExecuteDecoder decoder = new OrderExecuteDecoder().wrapAndApplyHeader(buffer, 0, header(5, 44));
            assertEquals("optional", OrderExecuteDecoder.priceMetaAttribute(io.lockstep.sbe.md.MetaAttribute.PRESENCE));
            assertEquals(7L, decoder.instrumentId());
            assertEquals(36_000_123_456_789L, decoder.eventTimeNs());
            assertEquals(900_001L, decoder.orderId());
            assertEquals(250L, decoder.executedQuantity());
            assertEquals(MAX_UINT64 - 1, decoder.matchId());
            assertEquals(Long.MIN_VALUE, OrderExecuteDecoder.priceNullValue());
            assertEquals(OrderExecuteDecoder.priceNullValue(), decoder.price());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void orderExecuteWithPrice()
        {
            final OrderExecuteEncoder encoder = new OrderExecuteEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(8L)
                .eventTimeNs(36_000_123_456_790L)
                .orderId(900_002L)
                .executedQuantity(1L)
                .matchId(3L)
                .price(OrderExecuteEncoder.priceMinValue()); // most negative price that is not the null value

            final OrderExecuteDecoder decoder = new OrderExecuteDecoder().wrapAndApplyHeader(buffer, 0, header(5, 44));
            assertEquals(8L, decoder.instrumentId());
            assertEquals(36_000_123_456_790L, decoder.eventTimeNs());
            assertEquals(900_002L, decoder.orderId());
            assertEquals(1L, decoder.executedQuantity());
            assertEquals(3L, decoder.matchId());
            assertEquals(Long.MIN_VALUE + 1, decoder.price());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void orderReplace()
        {
            final OrderReplaceEncoder encoder = new OrderReplaceEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(65_536L)
                .eventTimeNs(1_000L)
                .originalOrderId(11L)
                .newOrderId(12L)
                .price(-5L)
                .quantity(13L);

            final OrderReplaceDecoder decoder = new OrderReplaceDecoder().wrapAndApplyHeader(buffer, 0, header(6, 44));
            assertEquals(65_536L, decoder.instrumentId());
            assertEquals(1_000L, decoder.eventTimeNs());
            assertEquals(11L, decoder.originalOrderId());
            assertEquals(12L, decoder.newOrderId());
            assertEquals(-5L, decoder.price());
            assertEquals(13L, decoder.quantity());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void levelUpdate()
        {
            final LevelUpdateEncoder encoder = new LevelUpdateEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(3L)
                .eventTimeNs(2_000L)
                .side(io.lockstep.sbe.md.Side.BUY)
                .action(LevelAction.DELETE)
                .level(LevelUpdateEncoder.levelMaxValue()) // 254: uint8 above 127
                .price(-99_999L)
                .quantity(0L)
                .orderCount(MAX_UINT32 - 1);

            final LevelUpdateDecoder decoder = new LevelUpdateDecoder().wrapAndApplyHeader(buffer, 0, header(7, 35));
            assertEquals(3L, decoder.instrumentId());
            assertEquals(2_000L, decoder.eventTimeNs());
            assertEquals(io.lockstep.sbe.md.Side.BUY, decoder.side());
            assertEquals(LevelAction.DELETE, decoder.action());
            assertEquals((short)254, decoder.level());
            assertEquals(-99_999L, decoder.price());
            assertEquals(0L, decoder.quantity());
            assertEquals(MAX_UINT32 - 1, decoder.orderCount());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void trade()
        {
            final TradeEncoder encoder = new TradeEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(4L)
                .eventTimeNs(3_000L)
                .tradeId(0xDEAD_BEEF_CAFE_F00DL)
                .price(-37L)
                .quantity(19L)
                .aggressorSide(AggressorSide.SELL);

            final TradeDecoder decoder = new TradeDecoder().wrapAndApplyHeader(buffer, 0, header(8, 37));
            assertEquals(4L, decoder.instrumentId());
            assertEquals(3_000L, decoder.eventTimeNs());
            assertEquals(0xDEAD_BEEF_CAFE_F00DL, decoder.tradeId());
            assertEquals(-37L, decoder.price());
            assertEquals(19L, decoder.quantity());
            assertEquals(AggressorSide.SELL, decoder.aggressorSide());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void bestBidOffer()
        {
            final BestBidOfferEncoder encoder = new BestBidOfferEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(5L)
                .eventTimeNs(4_000L)
                .bidPrice(-101L)
                .bidQuantity(102L)
                .askPrice(-100L)
                .askQuantity(103L);

            final BestBidOfferDecoder decoder = new BestBidOfferDecoder().wrapAndApplyHeader(buffer, 0, header(9, 44));
            assertEquals(5L, decoder.instrumentId());
            assertEquals(4_000L, decoder.eventTimeNs());
            assertEquals(-101L, decoder.bidPrice());
            assertEquals(102L, decoder.bidQuantity());
            assertEquals(-100L, decoder.askPrice());
            assertEquals(103L, decoder.askQuantity());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void bar()
        {
            final BarEncoder encoder = new BarEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(6L)
                .startTimeNs(60_000_000_000L)
                .endTimeNs(120_000_000_000L)
                .openPrice(-10L)
                .highPrice(-2L)
                .lowPrice(-30L)
                .closePrice(-4L)
                .volume(5_000_000_000L);

            final BarDecoder decoder = new BarDecoder().wrapAndApplyHeader(buffer, 0, header(10, 60));
            assertEquals(6L, decoder.instrumentId());
            assertEquals(60_000_000_000L, decoder.startTimeNs());
            assertEquals(120_000_000_000L, decoder.endTimeNs());
            assertEquals(-10L, decoder.openPrice());
            assertEquals(-2L, decoder.highPrice());
            assertEquals(-30L, decoder.lowPrice());
            assertEquals(-4L, decoder.closePrice());
            assertEquals(5_000_000_000L, decoder.volume());
            assertFullyRead(encoder, decoder);
        }

        private io.lockstep.sbe.md.MessageHeaderDecoder header(final int templateId, final int blockLength)
        {
            headerDecoder.wrap(buffer, 0);
            assertHeader(
                templateId, SCHEMA_ID, blockLength,
                headerDecoder.templateId(), headerDecoder.schemaId(), headerDecoder.version(),
                headerDecoder.blockLength());
            return headerDecoder;
        }

        private void assertFullyRead(final MessageEncoderFlyweight encoder, final MessageDecoderFlyweight decoder)
        {
            assertFullyDecoded(io.lockstep.sbe.md.MessageHeaderEncoder.ENCODED_LENGTH, encoder, decoder);
        }
    }

    @Nested
    class OrderEntry
    {
        private static final int SCHEMA_ID = 2;

        private final io.lockstep.sbe.oe.MessageHeaderEncoder headerEncoder =
            new io.lockstep.sbe.oe.MessageHeaderEncoder();
        private final io.lockstep.sbe.oe.MessageHeaderDecoder headerDecoder =
            new io.lockstep.sbe.oe.MessageHeaderDecoder();

        @Test
        void newOrder()
        {
            final NewOrderEncoder encoder = new NewOrderEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .clOrdId(MAX_UINT64)
                .instrumentId(MAX_UINT32)
                .side(io.lockstep.sbe.oe.Side.SELL)
                .orderType(OrderType.MARKET)
                .timeInForce(TimeInForce.GTC)
                .price(-250_000L)
                .quantity(3L)
                .decisionSequence(Long.MAX_VALUE)
                .eventTimeNs(5_000L);

            final NewOrderDecoder decoder = new NewOrderDecoder().wrapAndApplyHeader(buffer, 0, header(1, 47));
            assertEquals(MAX_UINT64, decoder.clOrdId());
            assertEquals(MAX_UINT32, decoder.instrumentId());
            assertEquals(io.lockstep.sbe.oe.Side.SELL, decoder.side());
            assertEquals(OrderType.MARKET, decoder.orderType());
            assertEquals(TimeInForce.GTC, decoder.timeInForce());
            assertEquals(-250_000L, decoder.price());
            assertEquals(3L, decoder.quantity());
            assertEquals(Long.MAX_VALUE, decoder.decisionSequence());
            assertEquals(5_000L, decoder.eventTimeNs());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void cancelOrder()
        {
            final CancelOrderEncoder encoder = new CancelOrderEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .clOrdId(1_001L)
                .origClOrdId(1_000L)
                .instrumentId(77L)
                .decisionSequence(-2L);

            final CancelOrderDecoder decoder = new CancelOrderDecoder().wrapAndApplyHeader(buffer, 0, header(2, 28));
            assertEquals(1_001L, decoder.clOrdId());
            assertEquals(1_000L, decoder.origClOrdId());
            assertEquals(77L, decoder.instrumentId());
            assertEquals(-2L, decoder.decisionSequence());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void executionReport()
        {
            final ExecutionReportEncoder encoder = new ExecutionReportEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .clOrdId(21L)
                .venueOrderId(MAX_UINT64 - 2)
                .execId(23L)
                .instrumentId(24L)
                .execType(ExecType.PARTIAL_FILL)
                .side(io.lockstep.sbe.oe.Side.BUY)
                .lastPrice(-26L)
                .lastQuantity(27L)
                .cumulativeQuantity(28L)
                .leavesQuantity(29L)
                .transactTimeNs(30L);

            final ExecutionReportDecoder decoder = new ExecutionReportDecoder()
                .wrapAndApplyHeader(buffer, 0, header(3, 70));
            assertEquals(21L, decoder.clOrdId());
            assertEquals(MAX_UINT64 - 2, decoder.venueOrderId());
            assertEquals(23L, decoder.execId());
            assertEquals(24L, decoder.instrumentId());
            assertEquals(ExecType.PARTIAL_FILL, decoder.execType());
            assertEquals(io.lockstep.sbe.oe.Side.BUY, decoder.side());
            assertEquals(-26L, decoder.lastPrice());
            assertEquals(27L, decoder.lastQuantity());
            assertEquals(28L, decoder.cumulativeQuantity());
            assertEquals(29L, decoder.leavesQuantity());
            assertEquals(30L, decoder.transactTimeNs());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void orderReject()
        {
            final OrderRejectEncoder encoder = new OrderRejectEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .clOrdId(31L)
                .instrumentId(32L)
                .reason(RejectReason.MALFORMED)
                .transactTimeNs(34L)
                .text(UTF8_TEXT);

            final OrderRejectDecoder decoder = new OrderRejectDecoder().wrapAndApplyHeader(buffer, 0, header(4, 22));
            assertEquals(31L, decoder.clOrdId());
            assertEquals(32L, decoder.instrumentId());
            assertEquals(RejectReason.MALFORMED, decoder.reason());
            assertEquals(34L, decoder.transactTimeNs());
            assertEquals(utf8Length(UTF8_TEXT), decoder.textLength());
            assertEquals(UTF8_TEXT, decoder.text());
            assertFullyRead(encoder, decoder);
        }

        private io.lockstep.sbe.oe.MessageHeaderDecoder header(final int templateId, final int blockLength)
        {
            headerDecoder.wrap(buffer, 0);
            assertHeader(
                templateId, SCHEMA_ID, blockLength,
                headerDecoder.templateId(), headerDecoder.schemaId(), headerDecoder.version(),
                headerDecoder.blockLength());
            return headerDecoder;
        }

        private void assertFullyRead(final MessageEncoderFlyweight encoder, final MessageDecoderFlyweight decoder)
        {
            assertFullyDecoded(io.lockstep.sbe.oe.MessageHeaderEncoder.ENCODED_LENGTH, encoder, decoder);
        }
    }

    @Nested
    class Control
    {
        private static final int SCHEMA_ID = 3;

        private final io.lockstep.sbe.control.MessageHeaderEncoder headerEncoder =
            new io.lockstep.sbe.control.MessageHeaderEncoder();
        private final io.lockstep.sbe.control.MessageHeaderDecoder headerDecoder =
            new io.lockstep.sbe.control.MessageHeaderDecoder();

        @Test
        void modelSwap()
        {
            final byte[] hash = artifactHash(0xA5);
            final ModelSwapEncoder encoder = new ModelSwapEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(MAX_UINT64)
                .putArtifactHash(hash, 0, hash.length)
                .issuedBy(UTF8_TEXT);

            final ModelSwapDecoder decoder = new ModelSwapDecoder().wrapAndApplyHeader(buffer, 0, header(1, 40));
            assertEquals(MAX_UINT64, decoder.commandId());
            final byte[] decodedHash = new byte[ModelSwapDecoder.artifactHashLength()];
            assertEquals(32, decoder.getArtifactHash(decodedHash, 0, decodedHash.length));
            assertArrayEquals(hash, decodedHash);
            assertEquals(hash[0] & 0xFF, decoder.artifactHash(0)); // uint8: unsigned, 0xA5 = 165
            assertEquals(utf8Length(UTF8_TEXT), decoder.issuedByLength());
            assertEquals(UTF8_TEXT, decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void rollback()
        {
            final String issuedBy = "opérateur-Ω";
            final RollbackEncoder encoder = new RollbackEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(51L)
                .issuedBy(issuedBy);

            final RollbackDecoder decoder = new RollbackDecoder().wrapAndApplyHeader(buffer, 0, header(2, 8));
            assertEquals(51L, decoder.commandId());
            assertEquals(utf8Length(issuedBy), decoder.issuedByLength());
            assertEquals(issuedBy, decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void shadowAdd()
        {
            final byte[] hash = artifactHash(0x11);
            final ShadowAddEncoder encoder = new ShadowAddEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(52L)
                .putArtifactHash(hash, 0, hash.length)
                .issuedBy(UTF8_TEXT);

            final ShadowAddDecoder decoder = new ShadowAddDecoder().wrapAndApplyHeader(buffer, 0, header(3, 40));
            assertEquals(52L, decoder.commandId());
            final byte[] decodedHash = new byte[32];
            decoder.getArtifactHash(decodedHash, 0, decodedHash.length);
            assertArrayEquals(hash, decodedHash);
            assertEquals(UTF8_TEXT, decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        /** A command journaled before version 3 has no issuedBy: a version 3 decoder reads it as empty. */
        @Test
        void shadowAddOfVersion2ReadsAnEmptyIssuer()
        {
            final byte[] hash = artifactHash(0x22);
            final int length = new ShadowAddEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).commandId(9L)
                .putArtifactHash(hash, 0, hash.length).encodedLength();
            headerEncoder.version(2);

            final ShadowAddDecoder decoder = new ShadowAddDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
            assertEquals(9L, decoder.commandId());
            assertEquals("", decoder.issuedBy());
            assertEquals(length, decoder.encodedLength(), "nothing read past the version 2 block");
        }

        @Test
        void shadowRemove()
        {
            final byte[] hash = artifactHash(0x5A);
            final ShadowRemoveEncoder encoder = new ShadowRemoveEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(53L)
                .putArtifactHash(hash, 0, hash.length)
                .issuedBy("desk-7");

            final ShadowRemoveDecoder decoder = new ShadowRemoveDecoder().wrapAndApplyHeader(buffer, 0, header(4, 40));
            assertEquals(53L, decoder.commandId());
            final byte[] decodedHash = new byte[32];
            decoder.getArtifactHash(decodedHash, 0, decodedHash.length);
            assertArrayEquals(hash, decodedHash);
            assertEquals("desk-7", decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void canaryFraction()
        {
            final byte[] hash = artifactHash(0xF0);
            final CanaryFractionEncoder encoder = new CanaryFractionEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(54L)
                .putArtifactHash(hash, 0, hash.length)
                .fractionPpm(1_000_000L)
                .issuedBy("desk-7");

            final CanaryFractionDecoder decoder = new CanaryFractionDecoder()
                .wrapAndApplyHeader(buffer, 0, header(5, 44));
            assertEquals(54L, decoder.commandId());
            final byte[] decodedHash = new byte[32];
            decoder.getArtifactHash(decodedHash, 0, decodedHash.length);
            assertArrayEquals(hash, decodedHash);
            assertEquals(1_000_000L, decoder.fractionPpm());
            assertEquals("desk-7", decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void riskLimitChange()
        {
            final RiskLimitChangeEncoder encoder = new RiskLimitChangeEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(55L)
                .instrumentId(MAX_UINT32)
                .riskLimit(RiskLimit.STALE_DATA_NS)
                .value(-56L)
                .issuedBy(UTF8_TEXT);

            final RiskLimitChangeDecoder decoder = new RiskLimitChangeDecoder()
                .wrapAndApplyHeader(buffer, 0, header(6, 22));
            assertEquals(55L, decoder.commandId());
            assertEquals(MAX_UINT32, decoder.instrumentId());
            assertEquals(RiskLimit.STALE_DATA_NS, decoder.riskLimit());
            assertEquals(-56L, decoder.value());
            assertEquals(UTF8_TEXT, decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void killSwitchEngaged()
        {
            final KillSwitchEncoder encoder = new KillSwitchEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(57L)
                .engaged(BooleanType.TRUE)
                .reason(UTF8_TEXT);

            final KillSwitchDecoder decoder = new KillSwitchDecoder().wrapAndApplyHeader(buffer, 0, header(7, 9));
            assertEquals(57L, decoder.commandId());
            assertEquals(BooleanType.TRUE, decoder.engaged());
            assertEquals(utf8Length(UTF8_TEXT), decoder.reasonLength());
            assertEquals(UTF8_TEXT, decoder.reason());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void killSwitchReleasedWithEmptyReason()
        {
            final KillSwitchEncoder encoder = new KillSwitchEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(58L)
                .engaged(BooleanType.FALSE)
                .reason("");

            final KillSwitchDecoder decoder = new KillSwitchDecoder().wrapAndApplyHeader(buffer, 0, header(7, 9));
            assertEquals(58L, decoder.commandId());
            assertEquals(BooleanType.FALSE, decoder.engaged());
            assertEquals(0, decoder.reasonLength());
            assertEquals("", decoder.reason());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void heartbeat()
        {
            final HeartbeatEncoder encoder = new HeartbeatEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sourceId(MAX_UINT32 - 3)
                .timeNs(Long.MIN_VALUE + 1);

            final HeartbeatDecoder decoder = new HeartbeatDecoder().wrapAndApplyHeader(buffer, 0, header(8, 12));
            assertEquals(MAX_UINT32 - 3, decoder.sourceId());
            assertEquals(Long.MIN_VALUE + 1, decoder.timeNs());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void feedPosition()
        {
            final byte[] session = "NASDAQ0001".getBytes(StandardCharsets.US_ASCII);
            final FeedPositionEncoder encoder = new FeedPositionEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .putSession(session, 0)
                .nextSequence(MAX_UINT64 - 7);

            final FeedPositionDecoder decoder =
                new FeedPositionDecoder().wrapAndApplyHeader(buffer, 0, header(13, 18));
            assertEquals("NASDAQ0001", decoder.session());
            assertEquals(MAX_UINT64 - 7, decoder.nextSequence());
            assertEquals(2, FeedPositionDecoder.sessionSinceVersion(), "new in version 2");
            assertFullyRead(encoder, decoder);
        }

        @Test
        void modelLoad()
        {
            final io.lockstep.sbe.control.ModelLoadEncoder encoder = new io.lockstep.sbe.control.ModelLoadEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(MAX_UINT64 - 1)
                .location(UTF8_TEXT)
                .issuedBy("desk-7");

            final io.lockstep.sbe.control.ModelLoadDecoder decoder =
                new io.lockstep.sbe.control.ModelLoadDecoder().wrapAndApplyHeader(buffer, 0, header(9, 8));
            assertEquals(MAX_UINT64 - 1, decoder.commandId());
            assertEquals(UTF8_TEXT, decoder.location());
            assertEquals("desk-7", decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void modelReady()
        {
            final byte[] hash = artifactHash(0x5A);
            final io.lockstep.sbe.control.ModelReadyEncoder encoder = new io.lockstep.sbe.control.ModelReadyEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .commandId(7L)
                .putArtifactHash(hash, 0, hash.length)
                .location("/models/champion-v2")
                .issuedBy(UTF8_TEXT);

            final io.lockstep.sbe.control.ModelReadyDecoder decoder =
                new io.lockstep.sbe.control.ModelReadyDecoder().wrapAndApplyHeader(buffer, 0, header(10, 40));
            assertEquals(7L, decoder.commandId());
            final byte[] decodedHash = new byte[32];
            decoder.getArtifactHash(decodedHash, 0, decodedHash.length);
            assertArrayEquals(hash, decodedHash);
            assertEquals("/models/champion-v2", decoder.location());
            assertEquals(UTF8_TEXT, decoder.issuedBy());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void statusRequest()
        {
            final io.lockstep.sbe.control.StatusRequestEncoder encoder =
                new io.lockstep.sbe.control.StatusRequestEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .commandId(MAX_UINT64);

            final io.lockstep.sbe.control.StatusRequestDecoder decoder =
                new io.lockstep.sbe.control.StatusRequestDecoder().wrapAndApplyHeader(buffer, 0, header(11, 8));
            assertEquals(MAX_UINT64, decoder.commandId());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void commandStatus()
        {
            final byte[] hash = artifactHash(0xFF);
            final io.lockstep.sbe.control.CommandStatusEncoder encoder =
                new io.lockstep.sbe.control.CommandStatusEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .commandId(3L)
                    .outcome(io.lockstep.sbe.control.CommandOutcome.REFUSED)
                    .putArtifactHash(hash, 0, hash.length)
                    .text(UTF8_TEXT);

            final io.lockstep.sbe.control.CommandStatusDecoder decoder =
                new io.lockstep.sbe.control.CommandStatusDecoder().wrapAndApplyHeader(buffer, 0, header(12, 41));
            assertEquals(3L, decoder.commandId());
            assertEquals(io.lockstep.sbe.control.CommandOutcome.REFUSED, decoder.outcome());
            assertEquals(hash[31] & 0xFF, decoder.artifactHash(31));
            assertEquals(UTF8_TEXT, decoder.text());
            assertFullyRead(encoder, decoder);
        }

        private io.lockstep.sbe.control.MessageHeaderDecoder header(final int templateId, final int blockLength)
        {
            headerDecoder.wrap(buffer, 0);
            assertHeader(
                templateId, SCHEMA_ID, blockLength,
                headerDecoder.templateId(), headerDecoder.schemaId(), headerDecoder.version(),
                headerDecoder.blockLength());
            return headerDecoder;
        }

        private void assertFullyRead(final MessageEncoderFlyweight encoder, final MessageDecoderFlyweight decoder)
        {
            assertFullyDecoded(io.lockstep.sbe.control.MessageHeaderEncoder.ENCODED_LENGTH, encoder, decoder);
        }
    }

    @Nested
    class Journal
    {
        private static final int SCHEMA_ID = 4;

        private final io.lockstep.sbe.journal.MessageHeaderEncoder headerEncoder =
            new io.lockstep.sbe.journal.MessageHeaderEncoder();
        private final io.lockstep.sbe.journal.MessageHeaderDecoder headerDecoder =
            new io.lockstep.sbe.journal.MessageHeaderDecoder();

        @Test
        void segmentHeader()
        {
            final String journalId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"; // exactly 36 chars
            final String engineVersion = "lockstep 0.1.0-SNAPSHOT";          // shorter than 32: NUL padded
            final SegmentHeaderEncoder encoder = new SegmentHeaderEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .magic(0x4C4E524A5453434BL)
                .journalId(journalId)
                .engineVersion(engineVersion)
                .segmentIndex(MAX_UINT32 - 4)
                .segmentLength(1L << 30)
                .firstSequence(1_234_567_890_123L)
                .creationTimeNs(1_700_000_000_999_999_999L)
                .indexInterval(4_096L)
                .indexCapacity(MAX_UINT32 - 5)
                .dataOffset(0x8000_0080L)
                .headerChecksum(MAX_UINT32); // a CRC32C like any other: the type's range includes uint32's null

            final SegmentHeaderDecoder decoder = new SegmentHeaderDecoder()
                .wrapAndApplyHeader(buffer, 0, header(1, 116));
            assertEquals(0x4C4E524A5453434BL, decoder.magic());
            assertEquals("KCSTJRNL", buffer.getStringWithoutLengthAscii(MESSAGE_OFFSET, 8));
            assertEquals(journalId, decoder.journalId());
            assertEquals(engineVersion, decoder.engineVersion());
            final byte[] engineVersionBytes = new byte[SegmentHeaderDecoder.engineVersionLength()];
            decoder.getEngineVersion(engineVersionBytes, 0);
            final byte[] expectedEngineVersionBytes = Arrays.copyOf(
                engineVersion.getBytes(StandardCharsets.US_ASCII), SegmentHeaderDecoder.engineVersionLength());
            assertArrayEquals(expectedEngineVersionBytes, engineVersionBytes);
            assertEquals(MAX_UINT32 - 4, decoder.segmentIndex());
            assertEquals(1L << 30, decoder.segmentLength());
            assertEquals(1_234_567_890_123L, decoder.firstSequence());
            assertEquals(1_700_000_000_999_999_999L, decoder.creationTimeNs());
            assertEquals(4_096L, decoder.indexInterval());
            assertEquals(MAX_UINT32 - 5, decoder.indexCapacity());
            assertEquals(0x8000_0080L, decoder.dataOffset());
            assertEquals(MAX_UINT32, decoder.headerChecksum());
            assertFullyRead(encoder, decoder);
        }

        @Test
        void recordEnvelopeWithEveryByteValueInPayload()
        {
            final byte[] payload = new byte[300];
            for (int i = 0; i < payload.length; i++)
            {
                payload[i] = (byte)i;
            }
            final RecordEnvelopeEncoder encoder = new RecordEnvelopeEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sequence(Long.MAX_VALUE - 1)
                .receiveTimeNs(61L)
                .sourceId(MAX_UINT32)
                .protocol(ProtocolTag.ITCH50)
                .putPayload(payload, 0, payload.length);

            // blockLength is declared as 24 in the schema although its fields only take 22 bytes.
            final RecordEnvelopeDecoder decoder = new RecordEnvelopeDecoder()
                .wrapAndApplyHeader(buffer, 0, header(2, 24));
            assertEquals(Long.MAX_VALUE - 1, decoder.sequence());
            assertEquals(61L, decoder.receiveTimeNs());
            assertEquals(MAX_UINT32, decoder.sourceId());
            assertEquals(ProtocolTag.ITCH50, decoder.protocol());
            assertEquals(payload.length, decoder.payloadLength());
            final byte[] decodedPayload = new byte[payload.length];
            assertEquals(payload.length, decoder.getPayload(decodedPayload, 0, decodedPayload.length));
            assertArrayEquals(payload, decodedPayload);
            assertFullyRead(encoder, decoder);
        }

        @Test
        void recordEnvelopeWithEmptyPayload()
        {
            final RecordEnvelopeEncoder encoder = new RecordEnvelopeEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sequence(62L)
                .receiveTimeNs(-63L)
                .sourceId(64L)
                .protocol(ProtocolTag.SBE_DECISION)
                .putPayload(new byte[0], 0, 0);

            final RecordEnvelopeDecoder decoder = new RecordEnvelopeDecoder()
                .wrapAndApplyHeader(buffer, 0, header(2, 24));
            assertEquals(62L, decoder.sequence());
            assertEquals(-63L, decoder.receiveTimeNs());
            assertEquals(64L, decoder.sourceId());
            assertEquals(ProtocolTag.SBE_DECISION, decoder.protocol());
            assertEquals(0, decoder.payloadLength());
            assertEquals(0, decoder.getPayload(new byte[8], 0, 8));
            assertFullyRead(encoder, decoder);
        }

        private io.lockstep.sbe.journal.MessageHeaderDecoder header(final int templateId, final int blockLength)
        {
            headerDecoder.wrap(buffer, 0);
            assertHeader(
                templateId, SCHEMA_ID, blockLength,
                headerDecoder.templateId(), headerDecoder.schemaId(), headerDecoder.version(),
                headerDecoder.blockLength());
            return headerDecoder;
        }

        private void assertFullyRead(final MessageEncoderFlyweight encoder, final MessageDecoderFlyweight decoder)
        {
            assertFullyDecoded(io.lockstep.sbe.journal.MessageHeaderEncoder.ENCODED_LENGTH, encoder, decoder);
        }
    }

    @Nested
    class Decision
    {
        private static final int SCHEMA_ID = 5;
        private static final int BLOCK_LENGTH = 55;

        private final io.lockstep.sbe.decision.MessageHeaderEncoder headerEncoder =
            new io.lockstep.sbe.decision.MessageHeaderEncoder();
        private final io.lockstep.sbe.decision.MessageHeaderDecoder headerDecoder =
            new io.lockstep.sbe.decision.MessageHeaderDecoder();

        @Test
        void decisionRecordWithEmptyGroups()
        {
            final byte[] hash = artifactHash(0x3C);
            final DecisionRecordEncoder encoder = encodeDecision(
                71L, 72L, 73L, hash, RiskVerdict.REJECTED, RiskReason.STALE_DATA,
                new double[0], new double[0], List.of(), List.of());

            assertDecision(
                encoder, 71L, 72L, 73L, hash, RiskVerdict.REJECTED, RiskReason.STALE_DATA,
                new double[0], new double[0], List.of(), List.of());
            assertEquals(MESSAGE_OFFSET + BLOCK_LENGTH + 4 * 4, encoder.limit()); // four empty group headers
        }

        @Test
        void decisionRecordWithSeveralEntriesPerGroupIncludingNaNAndNegativeZero()
        {
            final byte[] hash = artifactHash(0xC3);
            final double[] features =
            {
                Double.longBitsToDouble(0x7FF8_DEAD_BEEF_0001L), // NaN with a payload
                -0.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                Double.NEGATIVE_INFINITY,
                Double.longBitsToDouble(0xFFF8_0000_0000_0000L), // negative NaN
                1.5
            };
            final double[] predictions = { 0.0, Double.NaN, -0.0, -3.25e-300 };
            final List<Order> orders = List.of(
                new Order(MAX_UINT64, io.lockstep.sbe.decision.Side.SELL, -125L, 10L),
                new Order(82L, io.lockstep.sbe.decision.Side.BUY, 83L, Long.MAX_VALUE),
                new Order(84L, io.lockstep.sbe.decision.Side.SELL, Long.MIN_VALUE + 1, 85L));

            final List<byte[]> shadows = List.of(artifactHash(0x11), artifactHash(0xEE), artifactHash(0x7F));

            final DecisionRecordEncoder encoder = encodeDecision(
                9_007_199_254_740_993L, -74L, MAX_UINT32, hash, RiskVerdict.PASSED, RiskReason.NONE,
                features, predictions, orders, shadows);

            assertDecision(
                encoder, 9_007_199_254_740_993L, -74L, MAX_UINT32, hash, RiskVerdict.PASSED, RiskReason.NONE,
                features, predictions, orders, shadows);
        }

        @Test
        void decisionRecordWithFeaturesAndPredictionsButNoOrders()
        {
            final byte[] hash = artifactHash(0x01);
            final double[] features = { -0.0, 42.0 };
            final double[] predictions = { Double.POSITIVE_INFINITY };

            final DecisionRecordEncoder encoder = encodeDecision(
                91L, 92L, 93L, hash, RiskVerdict.NO_ORDER, RiskReason.NO_MARKET,
                features, predictions, List.of(), List.of());

            assertDecision(
                encoder, 91L, 92L, 93L, hash, RiskVerdict.NO_ORDER, RiskReason.NO_MARKET,
                features, predictions, List.of(), List.of());
        }

        private DecisionRecordEncoder encodeDecision(
            final long sequence,
            final long eventTimeNs,
            final long instrumentId,
            final byte[] championHash,
            final RiskVerdict riskVerdict,
            final RiskReason riskReason,
            final double[] features,
            final double[] predictions,
            final List<Order> orders,
            final List<byte[]> shadows)
        {
            final DecisionRecordEncoder encoder = new DecisionRecordEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sequence(sequence)
                .eventTimeNs(eventTimeNs)
                .instrumentId(instrumentId)
                .putChampionHash(championHash, 0, championHash.length)
                .riskVerdict(riskVerdict)
                .riskReason(riskReason);

            final DecisionRecordEncoder.FeaturesEncoder featuresEncoder = encoder.featuresCount(features.length);
            for (final double value : features)
            {
                featuresEncoder.next().value(value);
            }

            final DecisionRecordEncoder.PredictionsEncoder predictionsEncoder =
                encoder.predictionsCount(predictions.length);
            for (final double value : predictions)
            {
                predictionsEncoder.next().value(value);
            }

            final DecisionRecordEncoder.OrdersEncoder ordersEncoder = encoder.ordersCount(orders.size());
            for (final Order order : orders)
            {
                ordersEncoder.next()
                    .clOrdId(order.clOrdId())
                    .side(order.side())
                    .price(order.price())
                    .quantity(order.quantity());
            }

            final DecisionRecordEncoder.ShadowsEncoder shadowsEncoder = encoder.shadowsCount(shadows.size());
            for (final byte[] shadow : shadows)
            {
                shadowsEncoder.next().putHash(shadow, 0, shadow.length);
            }

            return encoder;
        }

        private void assertDecision(
            final DecisionRecordEncoder encoder,
            final long sequence,
            final long eventTimeNs,
            final long instrumentId,
            final byte[] championHash,
            final RiskVerdict riskVerdict,
            final RiskReason riskReason,
            final double[] features,
            final double[] predictions,
            final List<Order> orders,
            final List<byte[]> shadows)
        {
            final DecisionRecordDecoder decoder = new DecisionRecordDecoder()
                .wrapAndApplyHeader(buffer, 0, header(1, BLOCK_LENGTH));
            assertEquals(sequence, decoder.sequence());
            assertEquals(eventTimeNs, decoder.eventTimeNs());
            assertEquals(instrumentId, decoder.instrumentId());
            final byte[] decodedHash = new byte[DecisionRecordDecoder.championHashLength()];
            assertEquals(32, decoder.getChampionHash(decodedHash, 0, decodedHash.length));
            assertArrayEquals(championHash, decodedHash);
            assertEquals(riskVerdict, decoder.riskVerdict());
            assertEquals(riskReason, decoder.riskReason());

            final DecisionRecordDecoder.FeaturesDecoder featuresDecoder = decoder.features();
            assertEquals(features.length, featuresDecoder.count());
            assertEquals(8, featuresDecoder.actingBlockLength());
            for (final double expected : features)
            {
                assertSameBits(expected, featuresDecoder.next().value());
            }
            assertFalse(featuresDecoder.hasNext());

            final DecisionRecordDecoder.PredictionsDecoder predictionsDecoder = decoder.predictions();
            assertEquals(predictions.length, predictionsDecoder.count());
            assertEquals(8, predictionsDecoder.actingBlockLength());
            for (final double expected : predictions)
            {
                assertSameBits(expected, predictionsDecoder.next().value());
            }
            assertFalse(predictionsDecoder.hasNext());

            final DecisionRecordDecoder.OrdersDecoder ordersDecoder = decoder.orders();
            assertEquals(orders.size(), ordersDecoder.count());
            assertEquals(25, ordersDecoder.actingBlockLength());
            final List<Order> decodedOrders = new ArrayList<>();
            while (ordersDecoder.hasNext())
            {
                final DecisionRecordDecoder.OrdersDecoder order = ordersDecoder.next();
                decodedOrders.add(new Order(order.clOrdId(), order.side(), order.price(), order.quantity()));
            }
            assertEquals(orders, decodedOrders);

            final DecisionRecordDecoder.ShadowsDecoder shadowsDecoder = decoder.shadows();
            assertEquals(shadows.size(), shadowsDecoder.count());
            assertEquals(32, shadowsDecoder.actingBlockLength());
            for (final byte[] expected : shadows)
            {
                final byte[] decoded = new byte[DecisionRecordDecoder.ShadowsDecoder.hashLength()];
                assertEquals(32, shadowsDecoder.next().getHash(decoded, 0, decoded.length));
                assertArrayEquals(expected, decoded);
            }
            assertFalse(shadowsDecoder.hasNext());

            assertFullyDecoded(io.lockstep.sbe.decision.MessageHeaderEncoder.ENCODED_LENGTH, encoder, decoder);
        }

        @Test
        void digestCheckpoint()
        {
            final io.lockstep.sbe.decision.DigestCheckpointEncoder encoder =
                new io.lockstep.sbe.decision.DigestCheckpointEncoder()
                    .wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .inputSequence(Long.MAX_VALUE - 1)
                    .decisions(1_234_567L)
                    .digest(0xFEDC_BA98_7654_3210L);

            final io.lockstep.sbe.decision.DigestCheckpointDecoder decoder =
                new io.lockstep.sbe.decision.DigestCheckpointDecoder().wrapAndApplyHeader(buffer, 0, header(2, 24));
            assertEquals(Long.MAX_VALUE - 1, decoder.inputSequence());
            assertEquals(1_234_567L, decoder.decisions());
            assertEquals(0xFEDC_BA98_7654_3210L, decoder.digest());
            assertFullyDecoded(io.lockstep.sbe.decision.MessageHeaderEncoder.ENCODED_LENGTH, encoder, decoder);
        }

        private io.lockstep.sbe.decision.MessageHeaderDecoder header(final int templateId, final int blockLength)
        {
            headerDecoder.wrap(buffer, 0);
            assertHeader(
                templateId, SCHEMA_ID, blockLength,
                headerDecoder.templateId(), headerDecoder.schemaId(), headerDecoder.version(),
                headerDecoder.blockLength());
            return headerDecoder;
        }
    }

    private record Order(long clOrdId, io.lockstep.sbe.decision.Side side, long price, long quantity)
    {
    }

    private static int schemaVersion(final int schemaId)
    {
        return schemaId == ModelSwapEncoder.SCHEMA_ID ? CONTROL_SCHEMA_VERSION :
            schemaId == SegmentHeaderEncoder.SCHEMA_ID ? JOURNAL_SCHEMA_VERSION :
            schemaId == DecisionRecordEncoder.SCHEMA_ID ? DECISION_SCHEMA_VERSION : SCHEMA_VERSION;
    }

    private static void assertHeader(
        final int expectedTemplateId,
        final int expectedSchemaId,
        final int expectedBlockLength,
        final int templateId,
        final int schemaId,
        final int version,
        final int blockLength)
    {
        assertEquals(expectedTemplateId, templateId, "header templateId");
        assertEquals(expectedSchemaId, schemaId, "header schemaId");
        assertEquals(schemaVersion(expectedSchemaId), version, "header version");
        assertEquals(expectedBlockLength, blockLength, "header blockLength");
    }

    /**
     * The decoder, after reading every field, group and var data in order, stands exactly where the encoder stopped:
     * header plus message body.
     */
    private static void assertFullyDecoded(
        final int headerLength, final MessageEncoderFlyweight encoder, final MessageDecoderFlyweight decoder)
    {
        final int encodedLength = headerLength + encoder.encodedLength();
        assertEquals(encodedLength, encoder.limit(), "encoder limit");
        assertEquals(encodedLength, decoder.limit(), "decoder limit after reading everything");
        assertEquals(encoder.encodedLength(), decoder.encodedLength(), "decoded body length");
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength(), "sbeDecodedLength");
    }

    private static void assertSameBits(final double expected, final double actual)
    {
        assertEquals(
            Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
            () -> "expected raw bits of " + expected + " but got " + actual);
    }

    /** 32 bytes, most of them above 127 so that sign extension would show; none is 0 for the seeds used here. */
    private static byte[] artifactHash(final int seed)
    {
        final byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++)
        {
            hash[i] = (byte)(seed + i * 37);
        }
        return hash;
    }

    private static int utf8Length(final String text)
    {
        final int length = text.getBytes(StandardCharsets.UTF_8).length;
        assertFalse(length == text.length(), "test text should contain multi-byte UTF-8");
        return length;
    }

    private static void assertMessages(final String schemaFile, final int schemaId, final String... expectedNames)
        throws Exception
    {
        final Ir ir = SchemaCatalog.parse(SCHEMA_DIR.resolve(schemaFile));
        assertEquals(schemaId, ir.id(), schemaFile);
        assertEquals(schemaVersion(schemaId), ir.version(), schemaFile);
        final List<String> names = new ArrayList<>();
        for (final List<Token> message : ir.messages())
        {
            names.add(message.get(0).name());
        }
        names.sort(null);
        final List<String> expected = new ArrayList<>(List.of(expectedNames));
        expected.sort(null);
        assertEquals(expected, names, schemaFile + ": messages with a round trip test in this class");
    }
}
