package io.tocsin.rules.eval;

import java.util.ArrayList;
import java.util.List;

/** Pure functions over a window ring: a list of buckets ordered by start time. */
public final class Window {
    private Window() {}

    public static List<Bucket> add(List<Bucket> buckets, long start, Partial partial) {
        List<Bucket> out = new ArrayList<>(buckets.size() + 1);
        boolean placed = false;
        for (Bucket b : buckets) {
            if (!placed && b.start() == start) {
                out.add(new Bucket(start, Partial.merge(b.partial(), partial)));
                placed = true;
            } else if (!placed && b.start() > start) {
                out.add(new Bucket(start, partial));
                out.add(b);
                placed = true;
            } else {
                out.add(b);
            }
        }
        if (!placed) {
            out.add(new Bucket(start, partial));
        }
        return out;
    }

    /** Buckets that can still fall in a window ending now or later. */
    public static List<Bucket> prune(List<Bucket> buckets, long oldestStartKept) {
        if (buckets.isEmpty() || buckets.get(0).start() >= oldestStartKept) {
            return buckets;
        }
        return buckets.stream().filter(b -> b.start() >= oldestStartKept).toList();
    }

    /** The merged summary of buckets starting in [from, to]; null when there is none. */
    public static Partial merged(List<Bucket> buckets, long from, long to) {
        Partial acc = null;
        for (Bucket b : buckets) {
            if (b.start() >= from && b.start() <= to) {
                acc = Partial.merge(acc, b.partial());
            }
        }
        return acc;
    }

    /** The merged summary of the buckets lying wholly in [from, to): those that can no longer change. */
    public static Partial mergedClosed(List<Bucket> buckets, long from, long to, long bucketMs) {
        Partial acc = null;
        for (Bucket b : buckets) {
            if (b.start() >= from && b.start() + bucketMs <= to) {
                acc = Partial.merge(acc, b.partial());
            }
        }
        return acc;
    }
}
