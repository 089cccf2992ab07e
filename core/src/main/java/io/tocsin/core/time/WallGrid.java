package io.tocsin.core.time;

/**
 * Periodic housekeeping on the wall clock's grid: a period's runs fall at the multiples of it
 * since the epoch, in every process and task, instead of wherever each timer happened to start.
 * At rest, each record written to Kafka costs the two Streams applications downstream of it a
 * transaction or more (issue 20); two producers with the same period that write at the same moment
 * share them. Pure: table-tested.
 */
public final class WallGrid {
    private WallGrid() {}

    /** @return milliseconds from {@code nowMs} to the next multiple of {@code periodMs}; 0 on one */
    public static long untilNext(long nowMs, long periodMs) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodMs);
        }
        long past = Math.floorMod(nowMs, periodMs);
        return past == 0 ? 0 : periodMs - past;
    }
}
