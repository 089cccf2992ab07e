package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffPolicyTest {
    private static final BackoffPolicy POLICY =
            new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofHours(1));

    @ParameterizedTest(name = "after attempt {0} the delay is at most {1} ms")
    @CsvSource({"1, 500", "2, 1000", "3, 2000", "4, 4000", "7, 30000", "8, 30000", "100, 30000", "2147483647, 30000"})
    void theCeilingDoublesUpToTheMaximum(int attempt, long ceilingMs) {
        assertEquals(Duration.ofMillis(ceilingMs), POLICY.ceiling(attempt));
    }

    @ParameterizedTest(name = "attempt {0}, random {1}, Retry-After {2} s -> {3} ms")
    @CsvSource({
        "1, 0.0,    , 0",
        "1, 0.5,    , 250",
        "3, 0.999,  , 1998",
        "9, 0.5,    , 15000",
        "1, 0.5,   1, 1000",
        "9, 0.9,   1, 27000",
        "2, 0.0, 120, 120000"
    })
    void fullJitterNeverWaitsLessThanRetryAfter(int attempt, double random, Long retryAfterSeconds, long expectedMs) {
        Optional<Duration> retryAfter = Optional.ofNullable(retryAfterSeconds).map(Duration::ofSeconds);
        assertEquals(Duration.ofMillis(expectedMs), POLICY.delay(attempt, random, retryAfter));
    }

    @ParameterizedTest(name = "{0} s elapsed + {1} s wait gives up: {2}")
    @CsvSource({"0, 30, false", "3570, 30, false", "3571, 30, true", "3600, 0, false", "3601, 0, true"})
    void givesUpWhenTheNextWaitWouldPassTheBudget(long elapsedSeconds, long delaySeconds, boolean exhausted) {
        assertEquals(exhausted, POLICY.exhausted(Duration.ofSeconds(elapsedSeconds), Duration.ofSeconds(delaySeconds)));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> POLICY.delay(1, 1.0, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> POLICY.ceiling(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BackoffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofHours(1)));
    }
}
