package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /api/v2/alerts takes a whole batch or refuses it whole while the groups are behind. */
class AdmissionTest {
    private static final Admission BOUND_1000 = new Admission(1000, 1_000_000);

    @ParameterizedTest(name = "backlog {0}, unheld {1} ({2} B), batch {3} ({4} B) -> {5}, retry after {6} s")
    @CsvSource(delimiter = '|', textBlock = """
            # dispatch backlog | unheld posts | unheld bytes | batch | batch bytes | admitted | retry after
              0                | 0            | 0            | 100   | 50000       | true     | 0
              1000             | 900          | 450000       | 100   | 50000       | true     | 0
              1001             | 0            | 0            | 100   | 50000       | false    | 1
              2000             | 0            | 0            | 1     | 500         | false    | 2
              5000             | 0            | 0            | 1     | 500         | false    | 5
              1000000          | 0            | 0            | 1     | 500         | false    | 10
              0                | 901          | 450500       | 100   | 50000       | false    | 1
              0                | 0            | 0            | 5000  | 2500000     | true     | 0
              0                | 1            | 500          | 5000  | 2500000     | false    | 5
              0                | 10           | 990000       | 10    | 20000       | false    | 1
              2000             | 2000         | 1000000      | 0     | 0           | true     | 0
            """)
    void aBatchIsTakenWhileTheQueuesStayWithinTheBound(
            double backlog,
            long unheld,
            long unheldBytes,
            int batch,
            long batchBytes,
            boolean admitted,
            int retryAfter) {
        Admission.Verdict v = BOUND_1000.judge(new Admission.Queued(backlog, unheld, unheldBytes), batch, batchBytes);
        assertEquals(admitted, v.admitted(), v.reason());
        assertEquals(retryAfter, v.retryAfterSeconds());
    }

    @Test
    void aRefusalSaysWhatIsQueuedAndTheBound() {
        Admission.Verdict v = BOUND_1000.judge(new Admission.Queued(1500, 0, 0), 10, 100);
        assertEquals(
                "the notifier's dispatch has 1500 alerts queued for their groups (bound 1000): retry later",
                v.reason());
        assertTrue(BOUND_1000
                .judge(new Admission.Queued(0, 990, 0), 20, 100)
                .reason()
                .startsWith("990 posted alerts are not in their groups yet (bound 1000)"));
    }
}
