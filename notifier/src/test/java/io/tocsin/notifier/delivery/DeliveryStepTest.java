package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.delivery.DeliveryStep.Action;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a destination does next, case by case. */
class DeliveryStepTest {
    private static final BackoffPolicy POLICY =
            new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(10));

    static Stream<Arguments> beforeSending() {
        return Stream.of(
                Arguments.of("a token is there: send", Duration.ZERO, Action.SEND, Duration.ZERO, "token available"),
                Arguments.of(
                        "no token: wait for it, nothing is sent",
                        Duration.ofMillis(700),
                        Action.WAIT,
                        Duration.ofMillis(700),
                        "rate limited locally (slack:abc): next send in 700 ms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void beforeSending(String when, Duration tokenWait, Action action, Duration delay, String reason) {
        assertEquals(new DeliveryStep(action, delay, reason), DeliveryStep.beforeSending(tokenWait, "slack:abc"));
    }

    static Stream<Arguments> afterAttempt() {
        return Stream.of(
                Arguments.of(
                        "delivered: done",
                        DeliveryResult.delivered(200, "ok"),
                        1,
                        Duration.ZERO,
                        Action.DONE,
                        Duration.ZERO,
                        "delivered"),
                Arguments.of(
                        "a 404 is permanent: dead letter at once",
                        DeliveryResult.permanent(404, "HTTP 404"),
                        1,
                        Duration.ZERO,
                        Action.DEAD_LETTER,
                        Duration.ZERO,
                        "not retried: HTTP 404"),
                Arguments.of(
                        "a 503 on the first attempt: half the base with jitter 0.5",
                        DeliveryResult.retryable(503, null, "HTTP 503"),
                        1,
                        Duration.ZERO,
                        Action.RETRY,
                        Duration.ofMillis(250),
                        "attempt 1 failed: HTTP 503"),
                Arguments.of(
                        "the ceiling doubles per attempt",
                        DeliveryResult.retryable(503, null, "HTTP 503"),
                        3,
                        Duration.ofSeconds(2),
                        Action.RETRY,
                        Duration.ofSeconds(1),
                        "attempt 3 failed: HTTP 503"),
                Arguments.of(
                        "a 429's Retry-After is a floor",
                        DeliveryResult.retryable(429, Duration.ofSeconds(7), "HTTP 429"),
                        1,
                        Duration.ZERO,
                        Action.RETRY,
                        Duration.ofSeconds(7),
                        "asked to retry after 7000 ms: HTTP 429"),
                Arguments.of(
                        "a retry that would end past the budget: dead letter",
                        DeliveryResult.retryable(503, null, "HTTP 503"),
                        40,
                        Duration.ofSeconds(590),
                        Action.DEAD_LETTER,
                        Duration.ZERO,
                        "gave up after 40 attempts over 590s: HTTP 503"),
                Arguments.of(
                        "Retry-After past the budget: dead letter",
                        DeliveryResult.retryable(429, Duration.ofMinutes(11), "HTTP 429"),
                        1,
                        Duration.ZERO,
                        Action.DEAD_LETTER,
                        Duration.ZERO,
                        "gave up after 1 attempts over 0s: HTTP 429"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void afterAttempt(
            String when,
            DeliveryResult result,
            int attempt,
            Duration elapsed,
            Action action,
            Duration delay,
            String reason) {
        assertEquals(
                new DeliveryStep(action, delay, reason),
                DeliveryStep.afterAttempt(result, attempt, elapsed, POLICY, 0.5));
    }
}
