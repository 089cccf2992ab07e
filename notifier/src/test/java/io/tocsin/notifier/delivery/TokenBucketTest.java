package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");

    /**
     * A timeline: at each millisecond offset one send is attempted; the answer is the wait in ms
     * (0 = sent).
     */
    @ParameterizedTest(name = "{0}/s burst {1}: at {2} -> waits {3}")
    @CsvSource(delimiter = '|', textBlock = """
            1   | 1  | 0 0 0          | 0 1000 1000
            1   | 1  | 0 500 1000     | 0 500 0
            1   | 3  | 0 0 0 0        | 0 0 0 1000
            1   | 3  | 0 0 0 0 2000   | 0 0 0 1000 0
            2   | 10 | 0 0 0 0 0 0 0 0 0 0 0 | 0 0 0 0 0 0 0 0 0 0 500
            2   | 1  | 0 100 500      | 0 400 0
            1   | 1  | 0 60000 60000  | 0 0 1000
            """)
    void sendsWithinRateAndBurstAndSaysHowLongToWait(double perSecond, int burst, String at, String waits) {
        TokenBucket bucket = new TokenBucket(perSecond, burst, T0);
        List<Long> got = new ArrayList<>();
        for (String ms : at.trim().split("\\s+")) {
            got.add(bucket.take(T0.plusMillis(Long.parseLong(ms))).toMillis());
        }
        assertEquals(
                Arrays.stream(waits.trim().split("\\s+")).map(Long::parseLong).toList(), got);
    }

    @ParameterizedTest(name = "a clock going back by {0} ms takes nothing extra")
    @CsvSource({"1", "1000"})
    void aClockThatGoesBackDoesNotMintTokens(long ms) {
        TokenBucket bucket = new TokenBucket(1, 1, T0);
        assertEquals(Duration.ZERO, bucket.take(T0));
        assertEquals(Duration.ofMillis(1000), bucket.take(T0.minusMillis(ms)));
    }
}
