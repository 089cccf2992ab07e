package io.tocsin.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReachabilityTest {
    private static final Instant NOW = Instant.parse("2026-12-05T06:00:00Z");

    @ParameterizedTest(name = "last answer {0} ms ago, problem ''{1}'' -> up={2}")
    @CsvSource(
            nullValues = "null",
            value = {
                // never answered: down, whatever the reason
                "null, null,                       false, Kafka has not answered yet",
                "null, TimeoutException: boom,     false, Kafka has not answered yet: TimeoutException: boom",
                // a fresh answer: up, even if the latest probe failed (one slow answer does not flap readiness)
                "0,    null,                       true,  Kafka answered 0 ms ago",
                "3999, TimeoutException: slow,     true,  Kafka answered 3999 ms ago",
                "4000, null,                       true,  Kafka answered 4000 ms ago",
                // silent past the bound: down, saying how long and why
                "4001, TimeoutException: gone,     false, no answer from Kafka for 4001 ms: TimeoutException: gone",
                "60000, null,                      false, no answer from Kafka for 60000 ms",
            })
    void kafkaIsReachableWhileItAnsweredWithinTheBound(Long agoMs, String problem, boolean up, String detail) {
        Instant last = agoMs == null ? null : NOW.minusMillis(agoMs);
        Health.Check check = Reachability.judge(last, problem, NOW, Duration.ofSeconds(4));
        assertEquals(up, check.up());
        assertEquals(detail, check.detail());
    }

    @org.junit.jupiter.api.Test
    void theProbeBoundKeepsReadinessWithinFiveSecondsOfTheLoss() {
        assertTrue(KafkaProbe.STALE_AFTER.compareTo(Duration.ofSeconds(5)) < 0);
        assertTrue(KafkaProbe.STALE_AFTER.compareTo(KafkaProbe.TIMEOUT.plus(KafkaProbe.INTERVAL)) > 0);
    }
}
