package io.lockstep.perf;

import org.HdrHistogram.Histogram;

import java.util.Objects;

/**
 * One measured run: the engine under load, or the bare Aeron echo floor, at one offered rate. Counts are of the
 * measurement window unless said otherwise; a message belongs to the window its scheduled send time falls in.
 *
 * @param mode           {@link #ENGINE} or {@link #FLOOR}; also names the run's {@code .hgrm} file, so only
 *                       letters, digits, '_' and '-' (checked by {@link PerfReport#write}).
 * @param offeredRate    messages per second offered.
 * @param warmUpSent     market-data messages published before the measurement (lead-in and warm-up), not measured.
 * @param warmUpSeconds  time from the first message's scheduled send time to the start of the measurement.
 * @param scheduled      market-data messages the schedule put in the measurement window.
 * @param sent           of those, published.
 * @param received       of those, consumed by the system under test.
 * @param measured       latency samples recorded (orders, or echoed messages).
 * @param missing        whole run: samples that never reached the endpoint within the drain bound, lost or late
 *                       (a message never consumed counts as one); anything but 0 makes the run no measurement.
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
    long warmUpSent,
    double warmUpSeconds,
    long scheduled,
    long sent,
    long received,
    long measured,
    long missing,
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
