package io.lockstep.feed.itch;

/**
 * Every Nasdaq TotalView-ITCH 5.0 message type: its type byte and its fixed length in bytes, type byte
 * included. ITCH 5.0 messages have no variable part, so a length that differs from the one here is a
 * framing error, never a newer message layout.
 * <p>
 * Every message starts with the same 11 bytes: type (1), stock locate (2), tracking number (2) and a
 * 6-byte timestamp in nanoseconds since midnight; field offsets are in {@link ItchMessage}.
 */
public final class ItchMessageType
{
    public static final byte SYSTEM_EVENT = 'S';
    public static final byte STOCK_DIRECTORY = 'R';
    public static final byte STOCK_TRADING_ACTION = 'H';
    public static final byte REG_SHO_RESTRICTION = 'Y';
    public static final byte MARKET_PARTICIPANT_POSITION = 'L';
    public static final byte MWCB_DECLINE_LEVEL = 'V';
    public static final byte MWCB_STATUS = 'W';
    public static final byte IPO_QUOTING_PERIOD_UPDATE = 'K';
    public static final byte LULD_AUCTION_COLLAR = 'J';
    public static final byte OPERATIONAL_HALT = 'h';
    public static final byte ADD_ORDER = 'A';
    public static final byte ADD_ORDER_MPID = 'F';
    public static final byte ORDER_EXECUTED = 'E';
    public static final byte ORDER_EXECUTED_WITH_PRICE = 'C';
    public static final byte ORDER_CANCEL = 'X';
    public static final byte ORDER_DELETE = 'D';
    public static final byte ORDER_REPLACE = 'U';
    public static final byte TRADE = 'P';
    public static final byte CROSS_TRADE = 'Q';
    public static final byte BROKEN_TRADE = 'B';
    public static final byte NOII = 'I';
    public static final byte RETAIL_PRICE_IMPROVEMENT = 'N';
    public static final byte DLCR_PRICE_DISCOVERY = 'O';

    public static final int SYSTEM_EVENT_LENGTH = 12;
    public static final int STOCK_DIRECTORY_LENGTH = 39;
    public static final int STOCK_TRADING_ACTION_LENGTH = 25;
    public static final int REG_SHO_RESTRICTION_LENGTH = 20;
    public static final int MARKET_PARTICIPANT_POSITION_LENGTH = 26;
    public static final int MWCB_DECLINE_LEVEL_LENGTH = 35;
    public static final int MWCB_STATUS_LENGTH = 12;
    public static final int IPO_QUOTING_PERIOD_UPDATE_LENGTH = 28;
    public static final int LULD_AUCTION_COLLAR_LENGTH = 35;
    public static final int OPERATIONAL_HALT_LENGTH = 21;
    public static final int ADD_ORDER_LENGTH = 36;
    public static final int ADD_ORDER_MPID_LENGTH = 40;
    public static final int ORDER_EXECUTED_LENGTH = 31;
    public static final int ORDER_EXECUTED_WITH_PRICE_LENGTH = 36;
    public static final int ORDER_CANCEL_LENGTH = 23;
    public static final int ORDER_DELETE_LENGTH = 19;
    public static final int ORDER_REPLACE_LENGTH = 35;
    public static final int TRADE_LENGTH = 44;
    public static final int CROSS_TRADE_LENGTH = 40;
    public static final int BROKEN_TRADE_LENGTH = 19;
    public static final int NOII_LENGTH = 50;
    public static final int RETAIL_PRICE_IMPROVEMENT_LENGTH = 20;
    public static final int DLCR_PRICE_DISCOVERY_LENGTH = 48;

    /** All 23 type bytes, in the order of the specification. */
    public static final String ALL_TYPES = "SRHYLVWKJhAFECXDUPQBINO";

    private static final int[] LENGTHS = new int[256];
    private static final String[] NAMES = new String[256];

    static
    {
        define(SYSTEM_EVENT, SYSTEM_EVENT_LENGTH, "SystemEvent");
        define(STOCK_DIRECTORY, STOCK_DIRECTORY_LENGTH, "StockDirectory");
        define(STOCK_TRADING_ACTION, STOCK_TRADING_ACTION_LENGTH, "StockTradingAction");
        define(REG_SHO_RESTRICTION, REG_SHO_RESTRICTION_LENGTH, "RegShoRestriction");
        define(MARKET_PARTICIPANT_POSITION, MARKET_PARTICIPANT_POSITION_LENGTH, "MarketParticipantPosition");
        define(MWCB_DECLINE_LEVEL, MWCB_DECLINE_LEVEL_LENGTH, "MwcbDeclineLevel");
        define(MWCB_STATUS, MWCB_STATUS_LENGTH, "MwcbStatus");
        define(IPO_QUOTING_PERIOD_UPDATE, IPO_QUOTING_PERIOD_UPDATE_LENGTH, "IpoQuotingPeriodUpdate");
        define(LULD_AUCTION_COLLAR, LULD_AUCTION_COLLAR_LENGTH, "LuldAuctionCollar");
        define(OPERATIONAL_HALT, OPERATIONAL_HALT_LENGTH, "OperationalHalt");
        define(ADD_ORDER, ADD_ORDER_LENGTH, "AddOrder");
        define(ADD_ORDER_MPID, ADD_ORDER_MPID_LENGTH, "AddOrderMpid");
        define(ORDER_EXECUTED, ORDER_EXECUTED_LENGTH, "OrderExecuted");
        define(ORDER_EXECUTED_WITH_PRICE, ORDER_EXECUTED_WITH_PRICE_LENGTH, "OrderExecutedWithPrice");
        define(ORDER_CANCEL, ORDER_CANCEL_LENGTH, "OrderCancel");
        define(ORDER_DELETE, ORDER_DELETE_LENGTH, "OrderDelete");
        define(ORDER_REPLACE, ORDER_REPLACE_LENGTH, "OrderReplace");
        define(TRADE, TRADE_LENGTH, "Trade");
        define(CROSS_TRADE, CROSS_TRADE_LENGTH, "CrossTrade");
        define(BROKEN_TRADE, BROKEN_TRADE_LENGTH, "BrokenTrade");
        define(NOII, NOII_LENGTH, "NetOrderImbalanceIndicator");
        define(RETAIL_PRICE_IMPROVEMENT, RETAIL_PRICE_IMPROVEMENT_LENGTH, "RetailPriceImprovement");
        define(DLCR_PRICE_DISCOVERY, DLCR_PRICE_DISCOVERY_LENGTH, "DlcrPriceDiscovery");
    }

    private ItchMessageType()
    {
    }

    private static void define(final byte type, final int length, final String name)
    {
        LENGTHS[type & 0xFF] = length;
        NAMES[type & 0xFF] = name;
    }

    /**
     * @return the fixed length of a message of this type, type byte included, or 0 if the byte is not an
     * ITCH 5.0 message type.
     */
    public static int length(final byte type)
    {
        return LENGTHS[type & 0xFF];
    }

    public static boolean isKnown(final byte type)
    {
        return LENGTHS[type & 0xFF] != 0;
    }

    /**
     * @return a readable name for reports, or null for an unknown type byte.
     */
    public static String name(final byte type)
    {
        return NAMES[type & 0xFF];
    }
}
