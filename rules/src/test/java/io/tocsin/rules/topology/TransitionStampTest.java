package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a transition is stamped: see {@link TransitionStamp}. */
class TransitionStampTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a window that read nothing newer than the judgement time: the judgement time      | 20500 | 19800 | 0    | 21600 | 20500
            a sample exactly at the judgement time                                              | 20500 | 20500 | 0    | 21600 | 20500
            a sample read ahead of the watermark: stamped at the sample, not a push before it   | 20500 | 21500 | 0    | 21600 | 21500
            a window that read no sample at all                                                 | 20500 |       | 0    | 21600 | 20500
            with grace a sample at s is read at s + grace                                       | 20500 | 21000 | 500  | 21600 | 21500
            grace that puts it later than the judgement time still counts                       | 21000 | 20800 | 500  | 21600 | 21300
            never after the moment it was decided: a writer's clock ahead of ours               | 20500 | 23000 | 0    | 21600 | 21600
            the judgement time itself is never moved back                                       | 21600 | 23000 | 0    | 21600 | 21600
            """)
    void at(String what, long judgedUntil, Long newestRead, long graceMs, long wallClock, long expected) {
        assertEquals(
                expected,
                TransitionStamp.at(judgedUntil, newestRead == null ? Long.MIN_VALUE : newestRead, graceMs, wallClock),
                what);
    }
}
