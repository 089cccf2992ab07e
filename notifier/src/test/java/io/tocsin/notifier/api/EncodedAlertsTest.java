package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each alert's JSON, split around updatedAt. */
class EncodedAlertsTest {
    private final JsonChunks scratch = new JsonChunks(16);
    private static final Alert DB1 = TestAlerts.firing("HighCpu", "instance", "db-1");

    @Test
    void thePartsAreTheAlertsFieldsAroundUpdatedAtInAlertmanagersOrder() {
        EncodedAlerts.Encoded e = EncodedAlerts.encode(DB1.fingerprint(), DB1, scratch);
        String head = new String(e.json, 0, e.split, StandardCharsets.UTF_8);
        String tail = new String(e.json, e.split, e.json.length - e.split, StandardCharsets.UTF_8);
        assertEquals(true, head.startsWith("{\"labels\":{\"alertname\":\"HighCpu\",\"instance\":\"db-1\"}"), head);
        assertEquals(true, head.endsWith(",\"endsAt\":\"0001-01-01T00:00:00Z\",\"updatedAt\":"), head);
        assertEquals(",\"generatorURL\":\"\",\"fingerprint\":\"" + DB1.fingerprint() + "\",\"receivers\":[", tail);
    }
}
