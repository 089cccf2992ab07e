package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.route.RouteTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Alerts received at once (a read of recent posts) make the same group as one after the other (the dispatch). */
class AlertGroupBatchTest {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");
    private static final GroupRef REF = new GroupRef(
            "team",
            "{}:{alertname=\"DiskFull\"}",
            Labels.of("alertname", "DiskFull"),
            new RouteTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), null));

    private static Alert alert(String instance, AlertState state, int starts, Integer ends) {
        return new Alert(
                Labels.of("alertname", "DiskFull", "instance", instance),
                Map.of(),
                state,
                Double.NaN,
                T0.plusSeconds(starts),
                ends == null ? null : T0.plusSeconds(ends),
                "api",
                "",
                "");
    }

    @Test
    void receivingAlertsAtOnceIsReceivingThemOneAfterTheOther() {
        List<Alert> arrivals = List.of(
                alert("db-1", AlertState.FIRING, 0, null),
                alert("db-2", AlertState.FIRING, 1, 600),
                alert("db-1", AlertState.FIRING, 5, 900), // a re-post
                alert("db-3", AlertState.RESOLVED, 0, 2), // ends nothing the group holds: ignored
                alert("db-2", AlertState.RESOLVED, 1, 8));
        Instant now = T0.plusSeconds(10);
        AlertGroup oneByOne = AlertGroup.open(REF, T0);
        for (Alert a : arrivals) {
            oneByOne = oneByOne.receive(REF, a, now);
        }
        AlertGroup atOnce = AlertGroup.open(REF, T0).receive(REF, arrivals, now);
        assertEquals(oneByOne, atOnce);
        assertEquals(2, atOnce.alerts().size());
        assertEquals(
                T0.plusSeconds(900),
                atOnce.alerts().get(arrivals.get(0).fingerprint()).endsAt());
    }

    @Test
    void alertsThatConcernTheGroupNotLeaveItAsItWas() {
        AlertGroup g = AlertGroup.open(REF, T0);
        assertSame(g, g.receive(REF, List.of(alert("db-3", AlertState.RESOLVED, 0, 2)), T0.plusSeconds(3)));
    }

    @Test
    void aGroupKeepsNoMapItWasGivenAndItsOwnCannotChange() {
        TreeMap<String, Alert> given = new TreeMap<>();
        Alert a = alert("db-1", AlertState.FIRING, 0, null);
        given.put(a.fingerprint(), a);
        AlertGroup g = new AlertGroup(REF, T0, given, null, null, null, 0, null, null, false, null);
        given.clear();
        assertEquals(1, g.alerts().size());
        AlertGroup later = g.receive(REF, alert("db-2", AlertState.FIRING, 1, null), T0.plusSeconds(1));
        assertEquals(1, g.alerts().size());
        assertEquals(2, later.alerts().size());
        assertThrows(UnsupportedOperationException.class, () -> later.alerts().clear());
    }
}
