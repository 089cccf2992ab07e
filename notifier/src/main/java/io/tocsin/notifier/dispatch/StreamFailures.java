package io.tocsin.notifier.dispatch;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.errors.TaskMigratedException;

/**
 * What the dispatch does when its stream thread fails. Kafka going away and coming back is not a
 * reason to stop for good: a broker restart leaves stale metadata (missing source topics, timeouts)
 * that a new thread gets past once Kafka answers, so readiness comes back by itself. Anything else
 * is a bug: stop visibly (health DOWN) rather than loop on the same record.
 */
public final class StreamFailures {
    private StreamFailures() {}

    public static StreamThreadExceptionResponse response(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MissingSourceTopicException
                    || t instanceof TaskMigratedException
                    || t instanceof RetriableException) {
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
}
