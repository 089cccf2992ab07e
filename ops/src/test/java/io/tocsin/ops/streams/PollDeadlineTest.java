package io.tocsin.ops.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollDeadlineTest {
    private static final long POLL_MS = 1_000;
    private static final long NOW = 50_000;

    /** Due moments as millis from now, separated by spaces; withdrawn ones likewise. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                   | due         | withdrawn | timeout | left
            nothing due: the poll blocks the whole poll.ms           | -           | -         | 1000    | 0
            a punctuation due sooner cuts the poll at its moment     | 40 700      | -         | 40      | 2
            one due after poll.ms does not lengthen the poll         | 5000        | -         | 1000    | 1
            a moment that has come returns at once and is dropped    | -3 0 40     | -         | 0       | 1
            a withdrawn punctuation no longer cuts the poll          | 40 700      | 40        | 700     | 1
            two punctuations due together: one withdrawn, one stays  | 40 40       | 40        | 40      | 1
            """)
    void thePollReturnsAtTheFirstDueMoment(String what, String due, String withdrawn, long timeout, int left) {
        PollDeadline deadline = new PollDeadline();
        if (due != null) {
            for (String d : due.split(" ")) {
                deadline.request(NOW + Long.parseLong(d));
            }
        }
        if (withdrawn != null) {
            for (String w : withdrawn.split(" ")) {
                deadline.withdraw(NOW + Long.parseLong(w));
            }
        }
        assertEquals(timeout, deadline.timeoutMs(POLL_MS, NOW), what);
        assertEquals(left, deadline.size(), what + ": moments left");
    }
}
