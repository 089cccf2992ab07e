package io.tocsin.server.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AlertsTextTest {
    private static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("{}", null, "active"),
                Arguments.of("{\"silencedBy\":[\"1a2b3c4d-5e6f\"]}", null, "silenced by 1a2b3c4d"),
                Arguments.of("{\"inhibitedBy\":[\"0123456789abcdef\"]}", null, "inhibited by 0123456789abcdef"),
                Arguments.of("{\"mutedBy\":[\"weekends\"]}", null, "muted by weekends"),
                Arguments.of("{}", "ana", "acked by ana"),
                Arguments.of(
                        "{\"silencedBy\":[\"s1\",\"s2\"],\"inhibitedBy\":[\"f\"]}",
                        "bob",
                        "silenced by s1, s2; inhibited by f; acked by bob"));
    }

    @ParameterizedTest(name = "status {0}, acked by {1}: {2}")
    @MethodSource("states")
    void an_alert_state_names_what_holds_it_back(String status, String ackedBy, String expected) {
        JsonObject alert = new JsonObject().put("status", new JsonObject(status));
        assertEquals(expected, AlertsText.state(alert, ackedBy));
    }

    @Test
    void alerts_are_listed_per_group_with_their_receiver_and_group_labels() {
        JsonArray groups = new JsonArray("""
                [{"labels": {"alertname": "PostgresDown"}, "receiver": {"name": "pager"},
                  "alerts": [
                    {"labels": {"alertname": "PostgresDown", "instance": "db1"}, "startsAt": "2026-12-05T02:55:00Z",
                     "fingerprint": "f1", "status": {"state": "active", "silencedBy": [], "inhibitedBy": []}},
                    {"labels": {"alertname": "PostgresDown", "instance": "db22"}, "startsAt": "2026-12-05T01:00:00Z",
                     "fingerprint": "f2", "status": {"state": "suppressed", "silencedBy": ["abcdef0123"], "inhibitedBy": []}}
                  ]}]
                """);
        assertEquals("""
                pager  {alertname="PostgresDown"}  (2 alerts)
                  ALERTNAME     LABELS             SINCE   STATE
                  PostgresDown  {instance="db1"}   5m ago  acked by ana
                  PostgresDown  {instance="db22"}  2h ago  silenced by abcdef01

                2 alerts in 1 group
                """, AlertsText.render(groups, Map.of("f1", "ana"), NOW));
    }

    @Test
    void no_groups_says_no_alerts() {
        assertEquals("no alerts\n", AlertsText.render(new JsonArray(), Map.of(), NOW));
    }
}
