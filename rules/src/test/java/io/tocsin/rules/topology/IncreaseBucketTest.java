package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which bucket a sample's contribution goes to: see {@link IncreaseBucket}. */
class IncreaseBucketTest {
    private static final long NONE = Long.MIN_VALUE;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an increase judged by arrival leaves the window with its previous sample     | 62390 | 61390 | true  | 60000
            both samples in one bucket: the same bucket either way                       | 61390 | 60390 | true  | 60000
            a value that is no increase stays at its own time                            | 62390 |       | true  | 62000
            a series' first sample has nothing to count from                             | 62390 |       | true  | 62000
            an increase judged by event time stays at its own time (closed-bucket reads) | 62390 | 61390 | false | 62000
            a previous time not before the sample's is not trusted                       | 62390 | 62390 | true  | 62000
            """)
    void bucketOf(String what, long ts, Long previousTs, boolean byArrival, long expected) {
        assertEquals(expected, IncreaseBucket.of(ts, previousTs == null ? NONE : previousTs, 2_000, byArrival), what);
    }
}
