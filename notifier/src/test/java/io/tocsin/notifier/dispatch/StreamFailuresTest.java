package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamFailuresTest {

    @Test
    void topicsMissingWhileTheBrokerComesBackReplaceTheThread() {
        assertEquals(
                StreamThreadExceptionResponse.REPLACE_THREAD,
                StreamFailures.response(new MissingSourceTopicException("One or more source topics were missing")));
    }

    @Test
    void aKafkaTimeoutWrappedByStreamsReplacesTheThread() {
        assertEquals(
                StreamThreadExceptionResponse.REPLACE_THREAD,
                StreamFailures.response(new StreamsException(new TimeoutException("expired"))));
    }

    @Test
    void aBugStopsTheClientVisibly() {
        assertEquals(
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                StreamFailures.response(new StreamsException(new IllegalStateException("bug"))));
        assertEquals(
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT, StreamFailures.response(new NullPointerException()));
    }
}
