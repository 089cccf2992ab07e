package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandoffAdmissionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                              | reading | position | handedTo | offset | verdict
            the consumer stands at it: taken                                    | true    | 40       | -1       | 40     | TAKE
            the next of one transaction after a taken one: taken                | true    | 40       | 41       | 41     | TAKE
            already read by the consumer: left to the read, which delivered it  | true    | 41       | -1       | 40     | READ
            already taken from an earlier hand-off                              | true    | 40       | 41       | 40     | READ
            a record before it is unread (another writer's, a marker): the read | true    | 40       | -1       | 42     | GAP
            a gap after the taken ones                                          | true    | 40       | 41       | 43     | GAP
            not this worker's partition, or paused                              | false   | 40       | -1       | 40     | NOT_READING
            position not known without asking the broker                       | true    | -        | -1       | 40     | NOT_READING
            the consumer read past what was taken: its position counts          | true    | 45       | 41       | 45     | TAKE
            """)
    void aHandedRecordIsDeliveredEarlyOnlyWhenNothingBeforeItIsUnread(
            String what, boolean reading, Long position, long handedTo, long offset, HandoffAdmission.Verdict verdict) {
        OptionalLong at = position == null ? OptionalLong.empty() : OptionalLong.of(position);
        assertEquals(verdict, HandoffAdmission.judge(reading, at, handedTo, offset), what);
    }
}
