package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.Partial;

/**
 * What stage 1 tells stage 2: more input for one bucket of one input's group.
 *
 * @param partial   null for a heartbeat: stage 2 is to watch the group for absence even with no data
 * @param writer    for a share judged by arrival, the writer of the one push the partial comes
 *     from ({@link io.tocsin.core.wire.PushStamp}); null otherwise
 * @param arrivalMs that push's arrival; 0 when not stamped
 */
public record BucketUpdate(
        String inputId, Labels group, long bucketStart, Partial partial, String writer, long arrivalMs) {
    public BucketUpdate {
        if ((writer == null) != (arrivalMs == 0)) {
            throw new IllegalArgumentException("a push's writer and arrival come together");
        }
    }

    /** An update of data without push stamps, or of a share not judged by arrival. */
    public BucketUpdate(String inputId, Labels group, long bucketStart, Partial partial) {
        this(inputId, group, bucketStart, partial, null, 0);
    }

    boolean stamped() {
        return writer != null;
    }
}
