package io.lockstep.perf;

import org.HdrHistogram.Histogram;

import java.util.Objects;

/**
 * One measured run: the engine under load, or the bare Aeron echo floor, at one offered rate.
 *
 * @param mode           {@link #ENGINE} or {@link #FLOOR}; also names the run's {@code .hgrm} file, so only
 *                       letters, digits, '_' and '-' (checked by {@link PerfReport#write}).
 * @param offeredRate    messages per second offered.
 * @param sent           market-data messages published during measurement.
 * @param received       messages the system under test consumed during measurement.
 * @param measured       latency samples recorded (orders, or echoed messages).
 * @param latencyNs      latency in nanoseconds, measured from the scheduled send time (so coordinated omission
 *                       shows up as latency rather than as missing samples).
 * @param gcCount        collections of the process during measurement.
 * @param gcTimeMs       collection time of the process during measurement.
 * @param allocatedBytes bytes allocated by the process during measurement, negative when not available.
 * @param seconds        measurement duration.
 */
public record RunResult(
    String mode,
    long offeredRate,
    long sent,
    long received,
    long measured,
    Histogram latencyNs,
    long gcCount,
    long gcTimeMs,
    long allocatedBytes,
    double seconds)
{
    public static final String ENGINE = "engine";
    public static final String FLOOR = "floor";

    public RunResult
    {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(latencyNs, "latencyNs");
    }
}
