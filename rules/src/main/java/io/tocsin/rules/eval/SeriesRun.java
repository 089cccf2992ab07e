package io.tocsin.rules.eval;

/**
 * The samples of one series inside a stretch of time, summarised so that two adjacent stretches
 * merge into the summary of both: what Prometheus' rate/increase/delta read from a range
 * (first and last sample, their count, the counter increase with resets).
 *
 * @param le       the series' {@code le} label for histogram buckets, or null
 * @param resets   the sum of the values just before each drop (a counter reset): Prometheus 2.42's
 *                 extrapolatedRate adds them to last − first, in this order
 */
public record SeriesRun(String le, long count, double first, long firstTs, double last, long lastTs, double resets) {

    public static SeriesRun of(double value, long ts, String le) {
        return new SeriesRun(le, 1, value, ts, value, ts, 0);
    }

    /**
     * Stage 1 hands a series' samples on in time order (an older or repeated sample is dropped),
     * so two runs of one series never interleave: the earlier one comes first whatever the order
     * of the arguments.
     */
    /** last − first plus the resets: the counter's increase over the run, as Prometheus sums it. */
    public double increase() {
        return last - first + resets;
    }

    public static SeriesRun merge(SeriesRun a, SeriesRun b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        SeriesRun early = a.firstTs <= b.firstTs ? a : b;
        SeriesRun late = early == a ? b : a;
        double reset = late.first < early.last ? early.last : 0;
        return new SeriesRun(
                early.le,
                early.count + late.count,
                early.first,
                early.firstTs,
                late.last,
                late.lastTs,
                early.resets + reset + late.resets);
    }
}
