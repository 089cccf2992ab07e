package io.tocsin.rules.topology;

import io.tocsin.rules.eval.Bucket;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Window;
import java.util.List;

/**
 * A ring's buckets merged over a range, for one evaluation of the rules of its input: rules that
 * read a sample alike mostly read the same window too (the avg, max and rate of a metric over
 * 5m), so the last range merged is kept and the next rule asking for it gets it without merging
 * the ring again.
 */
final class RingMerges {
    private final List<Bucket> ring;
    private long from;
    private long to;
    private long closedWidth = -1; // -1: nothing kept yet; 0: an open range
    private Partial kept;

    RingMerges(List<Bucket> ring) {
        this.ring = ring;
    }

    List<Bucket> ring() {
        return ring;
    }

    /** {@link Window#merged}, kept. */
    Partial merged(long from, long to) {
        return range(from, to, 0);
    }

    /** {@link Window#mergedClosed}, kept. */
    Partial mergedClosed(long from, long to, long bucketMs) {
        return range(from, to, bucketMs);
    }

    private Partial range(long from, long to, long closedWidth) {
        if (this.closedWidth == closedWidth && this.from == from && this.to == to) {
            return kept;
        }
        kept = closedWidth == 0 ? Window.merged(ring, from, to) : Window.mergedClosed(ring, from, to, closedWidth);
        this.from = from;
        this.to = to;
        this.closedWidth = closedWidth;
        return kept;
    }
}
