package io.tocsin.rules.topology;

import java.util.List;

/**
 * One repartition record: the updates of one flush for one {@link Slots slot}. A record per
 * update made Kafka's per-record cost (send, transaction, fetch, the task's bookkeeping) the
 * bulk of the evaluation's; a record per slot and flush amortises it over every group in it.
 */
public record UpdateBatch(List<BucketUpdate> updates) {
    public UpdateBatch {
        updates = List.copyOf(updates);
    }
}
