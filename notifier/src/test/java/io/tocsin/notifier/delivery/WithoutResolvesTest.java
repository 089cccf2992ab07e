package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.dispatch.Decision;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a receiver with send_resolved: false hears, as Alertmanager 0.25 tells it. */
class WithoutResolvesTest {
    private static final Alert A = TestAlerts.firing("Down", "instance", "a");
    private static final Alert B = TestAlerts.firing("Down", "instance", "b");
    private static final Alert B_RESOLVED = TestAlerts.resolved("Down", "instance", "b");
    private static final Alert C = TestAlerts.firing("Down", "instance", "c");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | status   | decision        | alerts       | told
            a new alert fires                       | FIRING   | NOTIFY_FIRING   | A            | A
            a new one fires while another resolved  | FIRING   | NOTIFY_FIRING   | A B~ C       | A C
            one resolves while the rest fire        | FIRING   | NOTIFY_RESOLVED | A B~         | -
            all resolve                             | RESOLVED | NOTIFY_RESOLVED | B~           | -
            the group repeats                       | FIRING   | NOTIFY_REPEAT   | A B          | A B
            """)
    void isToldOnlyOfFiringAlertsAndNothingOfAResolveOnlyChange(
            String name, AlertState status, Decision decision, String alerts, String told) {
        LedgerEntry d = LedgerEntry.decision(
                "d1", "team", "{}:{alertname=\"Down\"}", status, parse(alerts), decision.reason(), TestAlerts.STARTS);
        List<Alert> expected = told.equals("-") ? List.of() : parse(told);
        List<Alert> actual = WithoutResolves.tells(d) ? WithoutResolves.alerts(d) : List.of();
        assertEquals(expected, actual, name);
    }

    private static List<Alert> parse(String names) {
        return java.util.Arrays.stream(names.trim().split(" "))
                .map(n -> switch (n) {
                    case "A" -> A;
                    case "B" -> B;
                    case "B~" -> B_RESOLVED;
                    case "C" -> C;
                    default -> throw new IllegalArgumentException(n);
                })
                .toList();
    }
}
