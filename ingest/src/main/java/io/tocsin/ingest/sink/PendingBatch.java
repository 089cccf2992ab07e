package io.tocsin.ingest.sink;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

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

    /** Kafka refused a record for what it is, not because it is unwell: permanent, the client's to fix. */
    static boolean isRecordsFault(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException;
    }

    private void complete() {
        Exception e = firstFailure.get();
        if (e == null) {
            promise.complete(size);
        } else if (isRecordsFault(e)) {
            promise.fail(new SinkRefusedException(
                    SinkRefusedException.Reason.TOO_LARGE,
                    "Kafka refused " + failed.get() + " of " + size + " records as too large ("
                            + e.getClass().getSimpleName() + "); shorten them or split the batch"));
        } else {
            promise.fail(new SinkRefusedException(
                    SinkRefusedException.Reason.KAFKA_UNAVAILABLE,
                    "Kafka did not acknowledge " + failed.get() + " of " + size + " samples ("
                            + e.getClass().getSimpleName() + "); retry later"));
        }
    }
}
