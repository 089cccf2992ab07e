package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each alert's JSON is encoded once per alert object, split around updatedAt, and let go when idle. */
class EncodedAlertsTest {
    private final EncodedAlerts encoded = new EncodedAlerts();
    private final JsonChunks scratch = new JsonChunks(16);
    private static final Alert DB1 = TestAlerts.firing("HighCpu", "instance", "db-1");

    @Test
    void theSameAlertObjectIsEncodedOnce() {
        EncodedAlerts.Encoded first = encoded.of(DB1.fingerprint(), DB1, 0, scratch);
        assertSame(first, encoded.of(DB1.fingerprint(), DB1, 1, scratch));
        assertEquals(1, encoded.size());
    }

    @Test
    void anotherObjectForTheFingerprintIsEncodedAnew() {
        EncodedAlerts.Encoded first = encoded.of(DB1.fingerprint(), DB1, 0, scratch);
        Alert annotated = TestAlerts.withAnnotations(DB1, Map.of("summary", "hotter"));
        EncodedAlerts.Encoded second = encoded.of(DB1.fingerprint(), annotated, 1, scratch);
        assertNotSame(first, second);
        assertEquals(true, text(second).contains("\"summary\":\"hotter\""));
        assertSame(second, encoded.of(DB1.fingerprint(), annotated, 2, scratch));
    }

    @Test
    void thePartsAreTheAlertsFieldsAroundUpdatedAtInAlertmanagersOrder() {
        EncodedAlerts.Encoded e = encoded.of(DB1.fingerprint(), DB1, 0, scratch);
        String head = new String(e.json, 0, e.split, StandardCharsets.UTF_8);
        String tail = new String(e.json, e.split, e.json.length - e.split, StandardCharsets.UTF_8);
        assertEquals(true, head.startsWith("{\"labels\":{\"alertname\":\"HighCpu\",\"instance\":\"db-1\"}"), head);
        assertEquals(true, head.endsWith(",\"endsAt\":\"0001-01-01T00:00:00Z\",\"updatedAt\":"), head);
        assertEquals(",\"generatorURL\":\"\",\"fingerprint\":\"" + DB1.fingerprint() + "\",\"receivers\":[", tail);
    }

    @Test
    void entriesNoAnswerUsedForTheIdleTimeAreLetGo() {
        long t0 = 1_000_000_000L;
        Alert db2 = TestAlerts.firing("HighCpu", "instance", "db-2");
        encoded.of(DB1.fingerprint(), DB1, t0, scratch);
        encoded.of(db2.fingerprint(), db2, t0 + Duration.ofSeconds(5).toNanos(), scratch);
        assertEquals(2, encoded.sweep(t0 + Duration.ofSeconds(9).toNanos(), Duration.ofSeconds(10)));
        assertEquals(1, encoded.sweep(t0 + Duration.ofSeconds(10).toNanos(), Duration.ofSeconds(10)));
        assertEquals(0, encoded.sweep(t0 + Duration.ofSeconds(15).toNanos(), Duration.ofSeconds(10)));
    }

    private static String text(EncodedAlerts.Encoded e) {
        return new String(e.json, StandardCharsets.UTF_8);
    }
}
