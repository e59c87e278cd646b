package io.lockstep.engine.risk;

import io.lockstep.engine.spi.OrderIntent;
import io.lockstep.testing.AllocationWindows;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate runs on the business thread for every proposed order: checking must not allocate.
 * <p>
 * Measured with {@link AllocationWindows}: windows of {@value #WINDOW} checks after a warm-up, until
 * {@value #ZERO_WINDOWS} in a row allocate nothing, the inputs cycling so every reason, the notional and collar
 * 128-bit paths and the rate ring (with sends) are exercised.
 */
class RiskGateAllocationTest
{
    private static final int WARM_UP = 200_000;
    private static final int WINDOW = 100_000;
    private static final int MAX_WINDOWS = 10;
    private static final int ZERO_WINDOWS = 3;

    private final RiskLimits limits = new RiskLimits()
        .maxOrderQuantity(100)
        .maxNotional(10_000.0)
        .priceCollarBps(100)
        .maxPosition(500)
        .maxOrdersPerSecond(1_000)
        .staleDataNs(1_000_000);
    private final RiskGate gate = new RiskGate(limits);
    private long time = 1_000_000_000_000L;
    private long sink;

    @Test
    void checkAllocatesNothingOverAMillionChecks()
    {
        run(WARM_UP);
        final List<Long> windows = AllocationWindows.measure(() -> run(WINDOW), ZERO_WINDOWS, MAX_WINDOWS);
        assertTrue(AllocationWindows.endsWithZeros(windows, ZERO_WINDOWS),
            "bytes allocated per window of " + WINDOW + " checks: " + windows);

        long rejects = 0;
        for (int reason = 1; reason < RiskGate.REASON_COUNT; reason++)
        {
            assertTrue(gate.rejects(reason) > 0, RiskGate.reasonName(reason) + " never exercised");
            rejects += gate.rejects(reason);
        }
        assertEquals(WARM_UP + (long)windows.size() * WINDOW, gate.passed() + rejects);
        assertTrue(gate.passed() > 0 && sink != 0);
    }

    private void run(final int checks)
    {
        for (int i = 0; i < checks; i++)
        {
            time += 137_000; // ~7 300 events a second: the rate limit of 1 000 binds regularly
            final int k = i & 63;
            gate.killSwitch(k == 63);
            final long bid = k == 62 ? Long.MIN_VALUE : 99_0000;
            final long marketData = k == 61 ? time - 2_000_000 : time - 1_000;
            final long quantity = k == 60 ? 0 : 1 + (i & 31) + (k == 59 ? 100 : 0);
            final int exponent = k == 58 ? -8 : -4;
            final long price = k == 57 ? 90_0000 : k == 56 ? 500_0000 : 100_0000 + (i & 7);
            final byte side = (i & 1) == 0 ? OrderIntent.BUY : OrderIntent.SELL;
            // Beyond the limit on the order's own side: a position an order toward zero could still reduce.
            final long position = k == 55 ? (side == OrderIntent.BUY ? 10_000 : -10_000) : (i & 255) - 128;
            final int reason = gate.check(time, marketData, side, price, quantity, exponent, bid, 101_0000, position);
            if (reason == RiskGate.NONE)
            {
                gate.onOrderSent(time);
            }
            sink += reason;
        }
    }
}
