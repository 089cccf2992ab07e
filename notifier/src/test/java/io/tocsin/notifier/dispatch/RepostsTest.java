package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which startsAt and endsAt a group keeps when an alert arrives again, case by case (times in seconds). */
class RepostsTest {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");

    private static Alert alert(AlertState state, Integer starts, Integer ends) {
        return new Alert(
                Labels.of("alertname", "DiskFull", "instance", "db-1"),
                Map.of(),
                state,
                Double.NaN,
                starts == null ? null : T0.plusSeconds(starts),
                ends == null ? null : T0.plusSeconds(ends),
                "api",
                "",
                "");
    }

    private static Alert firing(int starts, Integer ends) {
        return alert(AlertState.FIRING, starts, ends);
    }

    private static Alert resolved(int starts, int ends) {
        return alert(AlertState.RESOLVED, starts, ends);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing held: kept as it came", null, firing(2, 302), firing(2, 302)),
                Arguments.of(
                        "re-posted without startsAt while firing: first startsAt, refreshed endsAt",
                        firing(0, 300),
                        firing(2, 302),
                        firing(0, 302)),
                Arguments.of(
                        "Prometheus re-sending the same startsAt: the newer endsAt",
                        firing(0, 300),
                        firing(0, 360),
                        firing(0, 360)),
                Arguments.of(
                        "a resolve posted without startsAt ends the held firing",
                        firing(0, 300),
                        resolved(20, 20),
                        resolved(0, 20)),
                Arguments.of(
                        "posted again after it ended: a new firing", resolved(0, 20), firing(60, 360), firing(60, 360)),
                Arguments.of(
                        "posted again after its endsAt passed unrefreshed: a new firing",
                        firing(0, 300),
                        firing(400, 700),
                        firing(400, 700)),
                Arguments.of(
                        "held without endsAt (a rule's alert, its source names episodes): a new start is new",
                        firing(0, null),
                        firing(30, null),
                        firing(30, null)),
                Arguments.of(
                        "an earlier startsAt for the same firing is taken",
                        firing(10, 300),
                        firing(5, 305),
                        firing(5, 305)),
                Arguments.of(
                        "two resolves: the later explicit end wins",
                        resolved(0, 50),
                        resolved(10, 40),
                        resolved(0, 50)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergesAsAlertmanagerDoes(String when, Alert held, Alert incoming, Alert kept) {
        Alert merged = Reposts.merge(held, incoming);
        assertEquals(kept.startsAt(), merged.startsAt(), "startsAt");
        assertEquals(kept.endsAt(), merged.endsAt(), "endsAt");
        assertEquals(kept.state(), merged.state(), "state");
    }
}
