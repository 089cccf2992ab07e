package io.tocsin.rules.topology;

import java.util.List;

/**
 * One repartition record: the updates of one flush for one {@link Slots slot}, or a source's
 * progress, sent to every partition. A record per update made Kafka's per-record cost (send,
 * transaction, fetch, the task's bookkeeping) the bulk of the evaluation's; a record per slot and
 * flush amortises it over every group in it.
 *
 * @param source   the stage-1 source that sent it: stage 2 learns which sources feed which input
 * @param progress null for updates; else the source's progress, sent after every update it covers
 */
public record UpdateBatch(List<BucketUpdate> updates, Progress.Source source, Progress progress) {
    public UpdateBatch {
        updates = List.copyOf(updates);
    }

    static UpdateBatch of(Progress progress) {
        return new UpdateBatch(List.of(), progress.source(), progress);
    }
}
