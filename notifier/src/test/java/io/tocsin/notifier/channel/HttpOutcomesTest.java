package io.tocsin.notifier.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared reading of vendor answers, as a table. */
class HttpOutcomesTest {
    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

    @ParameterizedTest(name = "{0} Retry-After ''{1}'' -> {2} after {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            200 | -                             | DELIVERED | -
            202 | -                             | DELIVERED | -
            204 | -                             | DELIVERED | -
            301 | -                             | PERMANENT | -
            400 | -                             | PERMANENT | -
            403 | 30                            | PERMANENT | -
            404 | -                             | PERMANENT | -
            410 | -                             | PERMANENT | -
            429 | 7                             | RETRYABLE | PT7S
            429 | -                             | RETRYABLE | -
            429 | soon                          | RETRYABLE | -
            429 | Sat, 10 Jan 2026 10:00:30 GMT | RETRYABLE | PT30S
            429 | Sat, 10 Jan 2026 09:00:00 GMT | RETRYABLE | PT0S
            429 | 86400                         | RETRYABLE | PT1H
            500 | -                             | RETRYABLE | -
            502 | -                             | RETRYABLE | -
            503 | 5                             | RETRYABLE | -
            """)
    void statusAndRetryAfterDecideTheOutcome(
            int status, String retryAfter, DeliveryResult.Outcome outcome, String wait) {
        DeliveryResult r = HttpOutcomes.classify(status, retryAfter, NOW, "x");
        assertEquals(outcome, r.outcome());
        assertEquals(wait == null ? null : Duration.parse(wait), r.retryAfter().orElse(null));
        assertEquals(status, r.httpStatus());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            timeout | timed out: boom
            connect | connection failed: boom
            other   | request failed: boom
            """)
    void noAnswerIsAlwaysWorthRetrying(String kind, String detail) {
        Throwable t = switch (kind) {
            case "timeout" -> new TimeoutException("boom");
            case "connect" -> new ConnectException("boom");
            default -> new IllegalStateException("boom");
        };
        DeliveryResult r = HttpOutcomes.noAnswer(t, "boom");
        assertEquals(DeliveryResult.Outcome.RETRYABLE, r.outcome());
        assertEquals(detail, r.detail());
    }
}
