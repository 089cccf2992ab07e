package io.tocsin.server.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BeatTest {
    private static String payload(String status, String alertname, String heartbeatAt) {
        return """
                {"version":"4","status":"%s","alerts":[
                  {"status":"%s","labels":{"alertname":"%s"},"annotations":{"heartbeat_at":"%s"}}]}
                """.formatted(status, status, alertname, heartbeatAt);
    }

    @Test
    void aFiringWatchdogAlertCarriesTheHeartbeatsOwnTime() {
        assertEquals(
                Optional.of(Instant.ofEpochSecond(1_796_000_000)),
                Beat.newestIn(payload("firing", "TocsinWatchdog", "1796000000")));
    }

    @Test
    void theNewestOfSeveralAlertsCounts() {
        String body = """
                {"alerts":[
                  {"status":"firing","labels":{"alertname":"TocsinWatchdog"},"annotations":{"heartbeat_at":"100"}},
                  {"status":"firing","labels":{"alertname":"TocsinWatchdog"},"annotations":{"heartbeat_at":"250.5"}}]}
                """;
        assertEquals(Optional.of(Instant.ofEpochMilli(250_500)), Beat.newestIn(body));
    }

    @Test
    void aResolvedWatchdogProvesNothing() {
        assertEquals(Optional.empty(), Beat.newestIn(payload("resolved", "TocsinWatchdog", "1796000000")));
    }

    @Test
    void anotherAlertOrAMissingOrGarbledTimeProvesNothing() {
        assertEquals(Optional.empty(), Beat.newestIn(payload("firing", "HighErrorRate", "1796000000")));
        assertEquals(Optional.empty(), Beat.newestIn(payload("firing", "TocsinWatchdog", "soon")));
        assertEquals(Optional.empty(), Beat.newestIn(payload("firing", "TocsinWatchdog", "NaN")));
        assertEquals(Optional.empty(), Beat.newestIn("not json"));
    }
}
