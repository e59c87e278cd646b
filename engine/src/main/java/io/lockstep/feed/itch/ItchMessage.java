package io.lockstep.feed.itch;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static io.lockstep.feed.itch.ItchMessageType.*;

/**
 * Allocation-free view over one ITCH 5.0 message in a buffer, with a getter for every field of every message
 * type. Reused: {@link #wrap} it over the next message; copy what must outlive the buffer.
 * <p>
 * All integers are unsigned big-endian. Widths: 2-byte fields are returned as {@code int}, 4-byte fields
 * (shares, Price(4), counts) as {@code long}, 8-byte fields as the raw 64 bits in a {@code long} (an unsigned
 * value at or above 2^63 reads negative; use {@link Long#toUnsignedString(long)}). Price(4) has 4 implied
 * decimals (mantissa at exponent -4); Price(8), used only by the MWCB decline levels, has 8. Alpha fields
 * are ASCII, left justified and space padded; single-character fields are returned as {@code char}.
 * <p>
 * Getters for fields that several types share at different offsets (stock, shares, price, match number,
 * cross type, ...) look at the type; they return 0 (or -1 for {@link #stockOffset()}) for a type without the
 * field. Getters for fields of one type only read their fixed offset: call them only for that type.
 */
public final class ItchMessage
{
    public static final ByteOrder BYTE_ORDER = ByteOrder.BIG_ENDIAN;

    public static final int TYPE_OFFSET = 0;
    public static final int STOCK_LOCATE_OFFSET = 1;
    public static final int TRACKING_NUMBER_OFFSET = 3;
    public static final int TIMESTAMP_OFFSET = 5;
    /** First byte after the common header; also where most types put their Stock or Order Reference. */
    public static final int BODY_OFFSET = 11;

    public static final int STOCK_LENGTH = 8;
    public static final int MPID_LENGTH = 4;
    public static final int REASON_LENGTH = 4;
    public static final int ISSUE_SUB_TYPE_LENGTH = 2;

    // S System Event
    public static final int EVENT_CODE_OFFSET = 11;

    // R Stock Directory
    public static final int R_STOCK_OFFSET = 11;
    public static final int R_MARKET_CATEGORY_OFFSET = 19;
    public static final int R_FINANCIAL_STATUS_OFFSET = 20;
    public static final int R_ROUND_LOT_SIZE_OFFSET = 21;
    public static final int R_ROUND_LOTS_ONLY_OFFSET = 25;
    public static final int R_ISSUE_CLASSIFICATION_OFFSET = 26;
    public static final int R_ISSUE_SUB_TYPE_OFFSET = 27;
    public static final int R_AUTHENTICITY_OFFSET = 29;
    public static final int R_SHORT_SALE_THRESHOLD_OFFSET = 30;
    public static final int R_IPO_FLAG_OFFSET = 31;
    public static final int R_LULD_TIER_OFFSET = 32;
    public static final int R_ETP_FLAG_OFFSET = 33;
    public static final int R_ETP_LEVERAGE_FACTOR_OFFSET = 34;
    public static final int R_INVERSE_INDICATOR_OFFSET = 38;

    // H Stock Trading Action
    public static final int H_STOCK_OFFSET = 11;
    public static final int H_TRADING_STATE_OFFSET = 19;
    public static final int H_RESERVED_OFFSET = 20;
    public static final int H_REASON_OFFSET = 21;

    // Y Reg SHO Short Sale Price Test Restricted Indicator
    public static final int Y_STOCK_OFFSET = 11;
    public static final int Y_REG_SHO_ACTION_OFFSET = 19;

    // L Market Participant Position
    public static final int L_MPID_OFFSET = 11;
    public static final int L_STOCK_OFFSET = 15;
    public static final int L_PRIMARY_MARKET_MAKER_OFFSET = 23;
    public static final int L_MARKET_MAKER_MODE_OFFSET = 24;
    public static final int L_MARKET_PARTICIPANT_STATE_OFFSET = 25;

    // V MWCB Decline Level, three Price(8)
    public static final int V_LEVEL_1_OFFSET = 11;
    public static final int V_LEVEL_2_OFFSET = 19;
    public static final int V_LEVEL_3_OFFSET = 27;

    // W MWCB Status
    public static final int W_BREACHED_LEVEL_OFFSET = 11;

    // K IPO Quoting Period Update
    public static final int K_STOCK_OFFSET = 11;
    public static final int K_RELEASE_TIME_OFFSET = 19;
    public static final int K_RELEASE_QUALIFIER_OFFSET = 23;
    public static final int K_IPO_PRICE_OFFSET = 24;

    // J LULD Auction Collar
    public static final int J_STOCK_OFFSET = 11;
    public static final int J_REFERENCE_PRICE_OFFSET = 19;
    public static final int J_UPPER_PRICE_OFFSET = 23;
    public static final int J_LOWER_PRICE_OFFSET = 27;
    public static final int J_EXTENSION_OFFSET = 31;

    // h Operational Halt
    public static final int OPERATIONAL_HALT_STOCK_OFFSET = 11;
    public static final int OPERATIONAL_HALT_MARKET_CODE_OFFSET = 19;
    public static final int OPERATIONAL_HALT_ACTION_OFFSET = 20;

    // A Add Order, F Add Order with MPID (F = A + attribution), P Trade shares the first five
    public static final int ORDER_REFERENCE_OFFSET = 11;
    public static final int ADD_SIDE_OFFSET = 19;
    public static final int ADD_SHARES_OFFSET = 20;
    public static final int ADD_STOCK_OFFSET = 24;
    public static final int ADD_PRICE_OFFSET = 32;
    public static final int F_ATTRIBUTION_OFFSET = 36;

    // E Order Executed, C Order Executed with Price (C = E + printable + price)
    public static final int EXECUTED_SHARES_OFFSET = 19;
    public static final int EXECUTED_MATCH_OFFSET = 23;
    public static final int C_PRINTABLE_OFFSET = 31;
    public static final int C_EXECUTION_PRICE_OFFSET = 32;

    // X Order Cancel (D Order Delete is the order reference only)
    public static final int X_CANCELED_SHARES_OFFSET = 19;

    // U Order Replace
    public static final int U_ORIGINAL_REFERENCE_OFFSET = 11;
    public static final int U_NEW_REFERENCE_OFFSET = 19;
    public static final int U_SHARES_OFFSET = 27;
    public static final int U_PRICE_OFFSET = 31;

    // P Trade (non-cross): A's layout, then the match number
    public static final int P_MATCH_OFFSET = 36;

    // Q Cross Trade
    public static final int Q_SHARES_OFFSET = 11;
    public static final int Q_STOCK_OFFSET = 19;
    public static final int Q_PRICE_OFFSET = 27;
    public static final int Q_MATCH_OFFSET = 31;
    public static final int Q_CROSS_TYPE_OFFSET = 39;

    // B Broken Trade
    public static final int B_MATCH_OFFSET = 11;

    // I Net Order Imbalance Indicator
    public static final int I_PAIRED_SHARES_OFFSET = 11;
    public static final int I_IMBALANCE_SHARES_OFFSET = 19;
    public static final int I_IMBALANCE_DIRECTION_OFFSET = 27;
    public static final int I_STOCK_OFFSET = 28;
    public static final int I_FAR_PRICE_OFFSET = 36;
    public static final int I_NEAR_PRICE_OFFSET = 40;
    public static final int I_REFERENCE_PRICE_OFFSET = 44;
    public static final int I_CROSS_TYPE_OFFSET = 48;
    public static final int I_PRICE_VARIATION_OFFSET = 49;

    // N Retail Price Improvement Indicator
    public static final int N_STOCK_OFFSET = 11;
    public static final int N_INTEREST_FLAG_OFFSET = 19;

    // O Direct Listing with Capital Raise Price Discovery
    public static final int O_STOCK_OFFSET = 11;
    public static final int O_OPEN_ELIGIBILITY_OFFSET = 19;
    public static final int O_MIN_PRICE_OFFSET = 20;
    public static final int O_MAX_PRICE_OFFSET = 24;
    public static final int O_NEAR_EXECUTION_PRICE_OFFSET = 28;
    public static final int O_NEAR_EXECUTION_TIME_OFFSET = 32;
    public static final int O_LOWER_COLLAR_OFFSET = 40;
    public static final int O_UPPER_COLLAR_OFFSET = 44;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    public ItchMessage wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    // ---- primitive readers, offsets relative to the start of the message ----

    public char charAt(final int fieldOffset)
    {
        return (char)(buffer.getByte(offset + fieldOffset) & 0xFF);
    }

    public int uint16At(final int fieldOffset)
    {
        return buffer.getShort(offset + fieldOffset, BYTE_ORDER) & 0xFFFF;
    }

    public long uint32At(final int fieldOffset)
    {
        return buffer.getInt(offset + fieldOffset, BYTE_ORDER) & 0xFFFF_FFFFL;
    }

    public long uint48At(final int fieldOffset)
    {
        return readUint48(buffer, offset + fieldOffset);
    }

    public long uint64At(final int fieldOffset)
    {
        return buffer.getLong(offset + fieldOffset, BYTE_ORDER);
    }

    /**
     * Append an alpha field without its trailing padding (spaces or NULs).
     *
     * @return the number of characters appended.
     */
    public int appendAlpha(final int fieldOffset, final int fieldLength, final StringBuilder destination)
    {
        final int trimmed = trimmedLength(fieldOffset, fieldLength);
        for (int i = 0; i < trimmed; i++)
        {
            destination.append(charAt(fieldOffset + i));
        }
        return trimmed;
    }

    /**
     * @return true if the alpha field, without its trailing padding, equals {@code expected}.
     */
    public boolean alphaEquals(final int fieldOffset, final int fieldLength, final CharSequence expected)
    {
        final int trimmed = trimmedLength(fieldOffset, fieldLength);
        if (trimmed != expected.length())
        {
            return false;
        }
        for (int i = 0; i < trimmed; i++)
        {
            if (charAt(fieldOffset + i) != expected.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Allocates: for tests, tools and logs, not the hot path.
     */
    public String alphaAsString(final int fieldOffset, final int fieldLength)
    {
        final StringBuilder sb = new StringBuilder(fieldLength);
        appendAlpha(fieldOffset, fieldLength, sb);
        return sb.toString();
    }

    // ---- common header ----

    public byte type()
    {
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    public int stockLocate()
    {
        return uint16At(STOCK_LOCATE_OFFSET);
    }

    public int trackingNumber()
    {
        return uint16At(TRACKING_NUMBER_OFFSET);
    }

    /**
     * @return nanoseconds since midnight (6-byte field).
     */
    public long timestampNs()
    {
        return uint48At(TIMESTAMP_OFFSET);
    }

    // ---- fields shared by several types ----

    /**
     * @return offset of the 8-byte Stock field in the message, or -1 for types without one (S, V, W, E, C,
     * X, D, U, B).
     */
    public int stockOffset()
    {
        switch (type())
        {
            case STOCK_DIRECTORY:
            case STOCK_TRADING_ACTION:
            case REG_SHO_RESTRICTION:
            case IPO_QUOTING_PERIOD_UPDATE:
            case LULD_AUCTION_COLLAR:
            case OPERATIONAL_HALT:
            case RETAIL_PRICE_IMPROVEMENT:
            case DLCR_PRICE_DISCOVERY:
                return BODY_OFFSET;
            case MARKET_PARTICIPANT_POSITION:
                return L_STOCK_OFFSET;
            case ADD_ORDER:
            case ADD_ORDER_MPID:
            case TRADE:
                return ADD_STOCK_OFFSET;
            case CROSS_TRADE:
                return Q_STOCK_OFFSET;
            case NOII:
                return I_STOCK_OFFSET;
            default:
                return -1;
        }
    }

    public int appendStock(final StringBuilder destination)
    {
        final int stockOffset = stockOffset();
        return stockOffset < 0 ? 0 : appendAlpha(stockOffset, STOCK_LENGTH, destination);
    }

    public boolean stockEquals(final CharSequence expected)
    {
        final int stockOffset = stockOffset();
        return stockOffset >= 0 && alphaEquals(stockOffset, STOCK_LENGTH, expected);
    }

    /**
     * Allocates. The symbol without padding, or null for types without a Stock field.
     */
    public String stockAsString()
    {
        final int stockOffset = stockOffset();
        return stockOffset < 0 ? null : alphaAsString(stockOffset, STOCK_LENGTH);
    }

    /**
     * @return Order Reference Number of A, F, E, C, X, D and P (P: zero since 2010 per the spec); 0 otherwise.
     */
    public long orderReferenceNumber()
    {
        switch (type())
        {
            case ADD_ORDER:
            case ADD_ORDER_MPID:
            case ORDER_EXECUTED:
            case ORDER_EXECUTED_WITH_PRICE:
            case ORDER_CANCEL:
            case ORDER_DELETE:
            case TRADE:
                return uint64At(ORDER_REFERENCE_OFFSET);
            default:
                return 0;
        }
    }

    /**
     * @return Buy/Sell Indicator ('B' or 'S') of A, F and P; 0 otherwise.
     */
    public char buySellIndicator()
    {
        switch (type())
        {
            case ADD_ORDER:
            case ADD_ORDER_MPID:
            case TRADE:
                return charAt(ADD_SIDE_OFFSET);
            default:
                return 0;
        }
    }

    /**
     * @return Shares of A, F, P and U; Executed Shares of E and C; Canceled Shares of X; Cross Shares of Q
     * (8 bytes in Q); 0 otherwise.
     */
    public long shares()
    {
        switch (type())
        {
            case ADD_ORDER:
            case ADD_ORDER_MPID:
            case TRADE:
                return uint32At(ADD_SHARES_OFFSET);
            case ORDER_REPLACE:
                return uint32At(U_SHARES_OFFSET);
            case ORDER_EXECUTED:
            case ORDER_EXECUTED_WITH_PRICE:
                return uint32At(EXECUTED_SHARES_OFFSET);
            case ORDER_CANCEL:
                return uint32At(X_CANCELED_SHARES_OFFSET);
            case CROSS_TRADE:
                return uint64At(Q_SHARES_OFFSET);
            default:
                return 0;
        }
    }

    /**
     * @return Price(4) of A, F, P and U, Execution Price of C, Cross Price of Q; 0 otherwise.
     */
    public long price()
    {
        switch (type())
        {
            case ADD_ORDER:
            case ADD_ORDER_MPID:
            case TRADE:
                return uint32At(ADD_PRICE_OFFSET);
            case ORDER_REPLACE:
                return uint32At(U_PRICE_OFFSET);
            case ORDER_EXECUTED_WITH_PRICE:
                return uint32At(C_EXECUTION_PRICE_OFFSET);
            case CROSS_TRADE:
                return uint32At(Q_PRICE_OFFSET);
            default:
                return 0;
        }
    }

    /**
     * @return Match Number of E, C, P, Q and B; 0 otherwise.
     */
    public long matchNumber()
    {
        switch (type())
        {
            case ORDER_EXECUTED:
            case ORDER_EXECUTED_WITH_PRICE:
                return uint64At(EXECUTED_MATCH_OFFSET);
            case TRADE:
                return uint64At(P_MATCH_OFFSET);
            case CROSS_TRADE:
                return uint64At(Q_MATCH_OFFSET);
            case BROKEN_TRADE:
                return uint64At(B_MATCH_OFFSET);
            default:
                return 0;
        }
    }

    /**
     * @return Cross Type of Q and I ('O' opening, 'C' closing, 'H' halt/IPO, 'A' extended close); 0 otherwise.
     */
    public char crossType()
    {
        switch (type())
        {
            case CROSS_TRADE:
                return charAt(Q_CROSS_TYPE_OFFSET);
            case NOII:
                return charAt(I_CROSS_TYPE_OFFSET);
            default:
                return 0;
        }
    }

    // ---- S System Event ----

    public char eventCode()
    {
        return charAt(EVENT_CODE_OFFSET);
    }

    // ---- R Stock Directory ----

    public char marketCategory()
    {
        return charAt(R_MARKET_CATEGORY_OFFSET);
    }

    public char financialStatusIndicator()
    {
        return charAt(R_FINANCIAL_STATUS_OFFSET);
    }

    public long roundLotSize()
    {
        return uint32At(R_ROUND_LOT_SIZE_OFFSET);
    }

    public char roundLotsOnly()
    {
        return charAt(R_ROUND_LOTS_ONLY_OFFSET);
    }

    public char issueClassification()
    {
        return charAt(R_ISSUE_CLASSIFICATION_OFFSET);
    }

    /**
     * Allocates. Issue Sub-Type is a 2-character alpha field.
     */
    public String issueSubTypeAsString()
    {
        return alphaAsString(R_ISSUE_SUB_TYPE_OFFSET, ISSUE_SUB_TYPE_LENGTH);
    }

    public char authenticity()
    {
        return charAt(R_AUTHENTICITY_OFFSET);
    }

    public char shortSaleThresholdIndicator()
    {
        return charAt(R_SHORT_SALE_THRESHOLD_OFFSET);
    }

    public char ipoFlag()
    {
        return charAt(R_IPO_FLAG_OFFSET);
    }

    public char luldReferencePriceTier()
    {
        return charAt(R_LULD_TIER_OFFSET);
    }

    public char etpFlag()
    {
        return charAt(R_ETP_FLAG_OFFSET);
    }

    public long etpLeverageFactor()
    {
        return uint32At(R_ETP_LEVERAGE_FACTOR_OFFSET);
    }

    public char inverseIndicator()
    {
        return charAt(R_INVERSE_INDICATOR_OFFSET);
    }

    // ---- H Stock Trading Action ----

    public char tradingState()
    {
        return charAt(H_TRADING_STATE_OFFSET);
    }

    public char tradingActionReserved()
    {
        return charAt(H_RESERVED_OFFSET);
    }

    /**
     * Allocates. The 4-character Reason code, without padding (empty when blank).
     */
    public String tradingActionReasonAsString()
    {
        return alphaAsString(H_REASON_OFFSET, REASON_LENGTH);
    }

    // ---- Y Reg SHO ----

    public char regShoAction()
    {
        return charAt(Y_REG_SHO_ACTION_OFFSET);
    }

    // ---- L Market Participant Position ----

    /**
     * Allocates. The 4-character MPID.
     */
    public String mpidAsString()
    {
        return alphaAsString(L_MPID_OFFSET, MPID_LENGTH);
    }

    public char primaryMarketMaker()
    {
        return charAt(L_PRIMARY_MARKET_MAKER_OFFSET);
    }

    public char marketMakerMode()
    {
        return charAt(L_MARKET_MAKER_MODE_OFFSET);
    }

    public char marketParticipantState()
    {
        return charAt(L_MARKET_PARTICIPANT_STATE_OFFSET);
    }

    // ---- V MWCB Decline Level: Price(8), 8 implied decimals ----

    public long mwcbLevel1()
    {
        return uint64At(V_LEVEL_1_OFFSET);
    }

    public long mwcbLevel2()
    {
        return uint64At(V_LEVEL_2_OFFSET);
    }

    public long mwcbLevel3()
    {
        return uint64At(V_LEVEL_3_OFFSET);
    }

    // ---- W MWCB Status ----

    public char breachedLevel()
    {
        return charAt(W_BREACHED_LEVEL_OFFSET);
    }

    // ---- K IPO Quoting Period Update ----

    /**
     * @return seconds since midnight.
     */
    public long ipoQuotationReleaseTime()
    {
        return uint32At(K_RELEASE_TIME_OFFSET);
    }

    public char ipoQuotationReleaseQualifier()
    {
        return charAt(K_RELEASE_QUALIFIER_OFFSET);
    }

    public long ipoPrice()
    {
        return uint32At(K_IPO_PRICE_OFFSET);
    }

    // ---- J LULD Auction Collar ----

    public long auctionCollarReferencePrice()
    {
        return uint32At(J_REFERENCE_PRICE_OFFSET);
    }

    public long upperAuctionCollarPrice()
    {
        return uint32At(J_UPPER_PRICE_OFFSET);
    }

    public long lowerAuctionCollarPrice()
    {
        return uint32At(J_LOWER_PRICE_OFFSET);
    }

    public long auctionCollarExtension()
    {
        return uint32At(J_EXTENSION_OFFSET);
    }

    // ---- h Operational Halt ----

    public char marketCode()
    {
        return charAt(OPERATIONAL_HALT_MARKET_CODE_OFFSET);
    }

    public char operationalHaltAction()
    {
        return charAt(OPERATIONAL_HALT_ACTION_OFFSET);
    }

    // ---- F Add Order with MPID ----

    /**
     * Allocates. The 4-character Attribution (MPID) of an F message.
     */
    public String attributionAsString()
    {
        return alphaAsString(F_ATTRIBUTION_OFFSET, MPID_LENGTH);
    }

    // ---- C Order Executed with Price ----

    public char printable()
    {
        return charAt(C_PRINTABLE_OFFSET);
    }

    // ---- U Order Replace ----

    public long originalOrderReferenceNumber()
    {
        return uint64At(U_ORIGINAL_REFERENCE_OFFSET);
    }

    public long newOrderReferenceNumber()
    {
        return uint64At(U_NEW_REFERENCE_OFFSET);
    }

    // ---- I Net Order Imbalance Indicator ----

    public long pairedShares()
    {
        return uint64At(I_PAIRED_SHARES_OFFSET);
    }

    public long imbalanceShares()
    {
        return uint64At(I_IMBALANCE_SHARES_OFFSET);
    }

    public char imbalanceDirection()
    {
        return charAt(I_IMBALANCE_DIRECTION_OFFSET);
    }

    public long farPrice()
    {
        return uint32At(I_FAR_PRICE_OFFSET);
    }

    public long nearPrice()
    {
        return uint32At(I_NEAR_PRICE_OFFSET);
    }

    public long currentReferencePrice()
    {
        return uint32At(I_REFERENCE_PRICE_OFFSET);
    }

    public char priceVariationIndicator()
    {
        return charAt(I_PRICE_VARIATION_OFFSET);
    }

    // ---- N Retail Price Improvement Indicator ----

    public char interestFlag()
    {
        return charAt(N_INTEREST_FLAG_OFFSET);
    }

    // ---- O DLCR Price Discovery ----

    public char openEligibilityStatus()
    {
        return charAt(O_OPEN_ELIGIBILITY_OFFSET);
    }

    public long minimumAllowablePrice()
    {
        return uint32At(O_MIN_PRICE_OFFSET);
    }

    public long maximumAllowablePrice()
    {
        return uint32At(O_MAX_PRICE_OFFSET);
    }

    public long nearExecutionPrice()
    {
        return uint32At(O_NEAR_EXECUTION_PRICE_OFFSET);
    }

    /**
     * @return the 8-byte Near Execution Time as sent; the specification calls it a time and gives no unit.
     */
    public long nearExecutionTime()
    {
        return uint64At(O_NEAR_EXECUTION_TIME_OFFSET);
    }

    public long lowerPriceRangeCollar()
    {
        return uint32At(O_LOWER_COLLAR_OFFSET);
    }

    public long upperPriceRangeCollar()
    {
        return uint32At(O_UPPER_COLLAR_OFFSET);
    }

    /**
     * A 6-byte big-endian unsigned integer, the ITCH timestamp.
     */
    static long readUint48(final DirectBuffer buffer, final int index)
    {
        return ((long)(buffer.getShort(index, BYTE_ORDER) & 0xFFFF) << 32) |
            (buffer.getInt(index + 2, BYTE_ORDER) & 0xFFFF_FFFFL);
    }

    private int trimmedLength(final int fieldOffset, final int fieldLength)
    {
        int trimmed = fieldLength;
        while (trimmed > 0)
        {
            final char c = charAt(fieldOffset + trimmed - 1);
            if (c != ' ' && c != 0)
            {
                break;
            }
            trimmed--;
        }
        return trimmed;
    }
}
