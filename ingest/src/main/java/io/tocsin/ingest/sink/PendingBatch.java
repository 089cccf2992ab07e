package io.tocsin.ingest.sink;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the acknowledgements of one batch. Kafka calls back on its I/O thread, once per record;
 * the last one completes the batch's future back on the caller's Vert.x context.
 */
final class PendingBatch {
    private final int size;
    private final Context context;
    private final AtomicInteger outstanding;
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Promise<Integer> promise = Promise.promise();

    PendingBatch(int size, Context context) {
        this.size = size;
        this.context = context;
        this.outstanding = new AtomicInteger(size);
    }

    Future<Integer> future() {
        return promise.future();
    }

    void acked() {
        settle(1);
    }

    void failed(Exception e) {
        failed(1, e);
    }

    /** {@code records} were refused at once (a send that threw, and the ones never attempted after it). */
    void failed(int records, Exception e) {
        failed.addAndGet(records);
        firstFailure.compareAndSet(null, e);
        settle(records);
    }

    private void settle(int records) {
        if (outstanding.addAndGet(-records) == 0) {
            context.runOnContext(v -> complete());
        }
    }

    private void complete() {
        Exception e = firstFailure.get();
        if (e == null) {
            promise.complete(size);
        } else {
            promise.fail(new SinkRefusedException(SinkRefusedException.Reason.KAFKA_UNAVAILABLE,
                    "Kafka did not acknowledge " + failed.get() + " of " + size + " samples ("
                            + e.getClass().getSimpleName() + "); retry later"));
        }
    }
}
