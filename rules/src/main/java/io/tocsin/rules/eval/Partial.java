package io.tocsin.rules.eval;

/**
 * A mergeable summary of some samples: what stage 1 combines per (rule, group, bucket) and
 * stage 2 merges across the buckets of a window. Merging is associative and commutative, so
 * the result does not depend on how samples were batched or on their arrival order.
 */
public record Partial(long count, double sum, double min, double max, double last, long lastTs) {

    public static Partial of(double value, long ts) {
        return new Partial(1, value, value, value, value, ts);
    }

    /** Either may be null; ties on timestamp keep the larger value so order never matters. */
    public static Partial merge(Partial a, Partial b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        double last;
        long lastTs;
        if (a.lastTs != b.lastTs) {
            boolean bLater = b.lastTs > a.lastTs;
            last = bLater ? b.last : a.last;
            lastTs = bLater ? b.lastTs : a.lastTs;
        } else {
            last = Math.max(a.last, b.last);
            lastTs = a.lastTs;
        }
        return new Partial(a.count + b.count, a.sum + b.sum, Math.min(a.min, b.min), Math.max(a.max, b.max), last, lastTs);
    }
}
