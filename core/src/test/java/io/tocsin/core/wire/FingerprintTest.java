package io.tocsin.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tocsin.core.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void emptyLabelSetHasTheFnvOffsetLikeAlertmanager() {
        assertEquals("cbf29ce484222325", Fingerprint.of(Labels.EMPTY));
    }

    @Test
    void labelOrderDoesNotChangeTheFingerprint() {
        Labels a = Labels.of(Map.of("alertname", "X", "job", "api", "env", "prod"));
        Labels b = Labels.of("env", "prod", "job", "api", "alertname", "X");
        assertEquals(Fingerprint.of(a), Fingerprint.of(b));
    }

    @Test
    void separatorKeepsNameValueBoundariesApart() {
        assertNotEquals(Fingerprint.of(Labels.of("ab", "c")), Fingerprint.of(Labels.of("a", "bc")));
    }

    @Test
    void alertsSurviveTheWireFormatUnchanged() {
        Alert alert = new Alert(
                Labels.of("alertname", "HighCpu", "instance", "db-1"),
                Map.of("summary", "hot"),
                AlertState.FIRING,
                0.97,
                Instant.parse("2026-11-23T10:00:00Z"),
                null,
                "rule:demo/HighCpu",
                "3",
                null);
        Alert back = Json.read(Json.write(alert), Alert.class);
        assertEquals(alert, back);
        assertEquals(alert.fingerprint(), back.fingerprint());
    }

    @Test
    void hexDigitsAreTheFormattersForEveryKindOfValue() {
        long[] values = {0L, 1L, 0xfL, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0xcbf29ce484222325L, 0x00ab_cdefL};
        for (long v : values) {
            assertEquals(String.format("%016x", v), Fingerprint.hex(v));
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(14);
        for (int i = 0; i < 1000; i++) {
            long v = random.nextLong();
            assertEquals(String.format("%016x", v), Fingerprint.hex(v));
        }
    }

    @Test
    void aLabelSetAskedTwiceGivesTheSameFingerprintAsAFreshEqualOne() {
        Labels a = Labels.of("alertname", "X", "job", "ünï");
        String first = Fingerprint.of(a);
        assertEquals(first, Fingerprint.of(a));
        assertEquals(first, Fingerprint.of(Labels.of("job", "ünï", "alertname", "X")));
        assertEquals("cbf29ce484222325", Fingerprint.of(Labels.of(Map.of())));
    }
}
