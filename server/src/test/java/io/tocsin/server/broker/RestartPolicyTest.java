package io.tocsin.server.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartPolicyTest {
    private final RestartPolicy policy = RestartPolicy.DEFAULT;

    @ParameterizedTest(name = "failure {0} in a row -> restart after {1} s")
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8", "5, 16"})
    void theBackoffDoublesWithEachFailureInARow(int failures, long seconds) {
        assertEquals(new RestartPolicy.Restart(Duration.ofSeconds(seconds), failures), policy.next(failures));
    }

    @Test
    void theBackoffStopsGrowingAtItsCeiling() {
        RestartPolicy patient =
                new RestartPolicy(50, Duration.ofSeconds(1), Duration.ofSeconds(16), Duration.ofSeconds(60));
        assertEquals(new RestartPolicy.Restart(Duration.ofSeconds(16), 40), patient.next(40));
    }

    @Test
    void oneFailureTooManyIsAGiveUpThatSaysWhy() {
        assertEquals(new RestartPolicy.GiveUp("the broker failed 6 times in a row (limit 5)"), policy.next(6));
    }

    @ParameterizedTest(name = "{0} failures so far, then up {1} s and dead -> {2}")
    @CsvSource({
        "0, 5,   1", // the first death
        "3, 5,   4", // died again soon after a restart: the count goes on
        "4, 59,  5",
        "4, 60,  1", // it ran stable for a minute: a new count
        "5, 3600, 1",
    })
    void aBrokerThatRanStableStartsANewCount(int soFar, long uptimeSeconds, int expected) {
        assertEquals(expected, policy.failuresAfterDeath(soFar, Duration.ofSeconds(uptimeSeconds)));
    }
}
