package io.tocsin.ingest.sink;

import io.tocsin.core.wire.PushStamp;
import java.util.Arrays;

/**
 * One writer's push stamps ({@link PushStamp}): the arrival of each push, strictly increasing,
 * and per partition the newest push that wrote to it. Not thread-safe: the sink stamps and
 * appends a push under one lock, so that the arrival order is the order in every partition.
 * Public for tests that write stamped pushes as ingest does.
 */
public final class PushStamps {
    private final String writer;
    private long lastArrivalMs;
    private long[] latest = new long[0];

    public PushStamps(String writer) {
        this.writer = writer;
    }

    String writer() {
        return writer;
    }

    /**
     * Stamps one push.
     *
     * @param partitions the partition of each record of the push, in the order they are appended
     * @param partitionCount how many partitions the topic has
     * @param nowMs the writer's clock: the arrival, unless the previous push had that time or later
     * @return a stamp per record
     */
    public PushStamp[] stamp(int[] partitions, int partitionCount, long nowMs) {
        long arrival = Math.max(Math.max(nowMs, 1), lastArrivalMs + 1);
        lastArrivalMs = arrival;
        if (latest.length < partitionCount) {
            latest = Arrays.copyOf(latest, partitionCount); // the topic gained partitions: none written yet
        }
        int[] lastIndex = new int[latest.length];
        Arrays.fill(lastIndex, -1);
        for (int i = 0; i < partitions.length; i++) {
            int p = partitions[i];
            if (p < 0 || p >= latest.length) {
                throw new IllegalArgumentException("partition " + p + " of " + latest.length);
            }
            lastIndex[p] = i;
            latest[p] = arrival;
        }
        PushStamp[] out = new PushStamp[partitions.length];
        PushStamp inner = PushStamp.inner(writer, arrival);
        for (int i = 0; i < partitions.length; i++) {
            out[i] = lastIndex[partitions[i]] == i ? new PushStamp(writer, arrival, true, latest) : inner;
        }
        return out;
    }
}
