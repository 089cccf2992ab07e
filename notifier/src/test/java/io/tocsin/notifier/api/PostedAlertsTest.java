package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Prometheus' alert payload read the way Alertmanager reads it. */
class PostedAlertsTest {
    /** What global.resolve_timeout says (Alertmanager's default is 5m). */
    private static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(3);

    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

    private static Alert one(String json) {
        return PostedAlerts.parse(new JsonArray(json), NOW, RESOLVE_TIMEOUT).get(0);
    }

    @Test
    void aFiringAlertAsPrometheusSendsIt() {
        Alert a = one("""
                [{"labels":{"alertname":"NodeDown","instance":"n-1"},"annotations":{"summary":"down"},
                  "startsAt":"2026-01-10T09:59:00.123+01:00","endsAt":"2026-01-10T10:04:00Z",
                  "generatorURL":"http://prom/graph"}]""");
        assertEquals(AlertState.FIRING, a.state());
        assertEquals(Instant.parse("2026-01-10T08:59:00.123Z"), a.startsAt());
        assertEquals("down", a.annotations().get("summary"));
        assertEquals("http://prom/graph", a.generatorURL());
        assertEquals("api", a.source());
    }

    @Test
    void anEndsAtInThePastMeansResolved() {
        assertEquals(AlertState.RESOLVED, one("""
                [{"labels":{"alertname":"X"},"startsAt":"2026-01-10T09:00:00Z","endsAt":"2026-01-10T09:59:59Z"}]""").state());
    }

    @Test
    void aResolveWithoutStartsAtStartsWhenItEndsAsAlertmanagerReadsIt() {
        Alert a = one("[{\"labels\":{\"alertname\":\"X\"},\"endsAt\":\"2026-01-10T09:59:59Z\"}]");
        assertEquals(AlertState.RESOLVED, a.state());
        assertEquals(Instant.parse("2026-01-10T09:59:59Z"), a.startsAt());
        assertEquals(a.startsAt(), a.endsAt());
    }

    @Test
    void anAlertWithAFutureEndsAtAndNoStartsAtIsAcceptedStartingAtItsEndsAtAsAlertmanagerDoes() {
        Alert a = one("""
                [{"labels":{"alertname":"X"},"endsAt":"2026-01-10T10:30:00Z"}]""");
        assertEquals(Instant.parse("2026-01-10T10:30:00Z"), a.startsAt());
        assertEquals(a.startsAt(), a.endsAt());
        assertEquals(AlertState.FIRING, a.state());
    }

    @Test
    void withoutEndsAtTheAlertEndsAfterTheResolveTimeoutUnlessSentAgain() {
        Alert a = one("[{\"labels\":{\"alertname\":\"X\"},\"endsAt\":\"0001-01-01T00:00:00Z\"}]");
        assertEquals(AlertState.FIRING, a.state());
        assertEquals(NOW, a.startsAt());
        assertEquals(NOW.plus(RESOLVE_TIMEOUT), a.endsAt());
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("[1]", "alerts[0] must be an object"),
                Arguments.of("[{}]", "alerts[0].labels must be an object of strings"),
                Arguments.of("[{\"labels\":{}}]", "alerts[0].labels must name at least one label"),
                Arguments.of(
                        "[{\"labels\":{\"a b\":\"x\"}}]",
                        "alerts[0].labels: invalid label name \"a b\" (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                Arguments.of("[{\"labels\":{\"a\":1}}]", "alerts[0].labels.a must be a string"),
                Arguments.of(
                        "[{\"labels\":{\"a\":\"x\"},\"startsAt\":\"yesterday\"}]",
                        "alerts[0].startsAt is not an RFC 3339 time: yesterday"),
                Arguments.of(
                        "[{\"labels\":{\"a\":\"x\"},\"startsAt\":\"2026-01-10T10:00:00Z\",\"endsAt\":\"2026-01-10T09:00:00Z\"}]",
                        "alerts[0]: endsAt is before startsAt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badInputSaysWhatAndWhere(String body, String reason) {
        assertEquals(
                reason,
                assertThrows(BadRequest.class, () -> PostedAlerts.parse(new JsonArray(body), NOW, RESOLVE_TIMEOUT))
                        .getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            100,000 labels           | labels      | 100000 | 1    | alerts[0].labels: 100001 labels, at most 128 allowed
            a 1 MB label value       | value       | 1      | 1000000 | alerts[0].labels.l0 is 1000000 characters, at most 4096 allowed
            a 1 MB annotation        | annotation  | 1      | 1000000 | alerts[0].annotations: 1000007 characters in all, at most 65536 allowed
            """)
    void anOversizedAlertIsABadRequestNamingTheLimit(String what, String where, int count, int size, String message) {
        JsonObject labels = new JsonObject().put("alertname", "Big");
        JsonObject annotations = new JsonObject();
        for (int i = 0; i < count; i++) {
            String value = "v".repeat(size);
            if (where.equals("annotation")) {
                annotations.put("summary", value);
            } else {
                labels.put("l" + i, value);
            }
        }
        JsonArray body =
                new JsonArray().add(new JsonObject().put("labels", labels).put("annotations", annotations));
        BadRequest e = assertThrows(BadRequest.class, () -> PostedAlerts.parse(body, NOW, RESOLVE_TIMEOUT));
        assertEquals(message, e.getMessage(), what);
    }
}
