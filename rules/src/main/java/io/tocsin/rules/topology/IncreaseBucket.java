package io.tocsin.rules.topology;

/**
 * Which bucket of a window ring a sample's contribution goes to. Pure: table-tested.
 *
 * <p>A counter's increase covers the interval from the series' previous sample to this one. PromQL
 * counts it in a window only when both ends lie inside ({@code rate(x[1m])} at t is the last sample
 * in (t − 1m, t] less the first): it leaves the window when its <em>previous</em> sample does. A
 * window ring drops whole buckets at its old edge, so an increase filed under its own sample's time
 * stayed one scrape interval too long: at a 1 s scrape and 2 s buckets, every other second the window
 * of a ratio held 60 increases where PromQL holds 59, and a breach crossed the threshold one push
 * after the window math did (issue 20, session 13: ratio and p95 fired ~1 s late on sparse input).
 *
 * <p>Only for shares judged by push arrival: their windows take data when its push is whole and read
 * every bucket up to the judgement time, so the bucket only says when data leaves. Shares judged by
 * event time also read a bucket as complete once the watermark passes its end; an increase filed
 * under an earlier sample's bucket would land in a bucket already read as closed.
 */
final class IncreaseBucket {
    private IncreaseBucket() {}

    /**
     * @param ts         the sample's time
     * @param previousTs the time of the series' previous sample the increase is counted from;
     *     {@link Long#MIN_VALUE} when the value is not an increase, or the series' first sample
     * @param byArrival  the share's windows are judged by push arrival and the sample was stamped
     * @return the start of the bucket the contribution goes to
     */
    static long of(long ts, long previousTs, long bucketMs, boolean byArrival) {
        long at = byArrival && previousTs != Long.MIN_VALUE && previousTs < ts ? previousTs : ts;
        return Math.floorDiv(at, bucketMs) * bucketMs;
    }
}
