package io.tocsin.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class AlertDeserializerTest {
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00.123456789Z");
    private final AlertDeserializer fast = new AlertDeserializer();
    private final Deserializer<Alert> bound = JsonSerde.of(Alert.class).deserializer();

    @Test
    void readsWhatTheWireFormatWritesExactlyAsTheMapperDoes() {
        for (Alert a : List.of(
                new Alert(
                        Labels.of("alertname", "DiskFull", "instance", "db-1"),
                        Map.of("summary", "disk 97% full — «ça»", "runbook", "https://x/y?z=1"),
                        AlertState.FIRING,
                        0.97,
                        T0,
                        T0.plusSeconds(300),
                        "rule:disk/DiskFull",
                        "v3",
                        "http://prom/graph?g0.expr=disk",
                        "packs/disk.yml",
                        12),
                new Alert(
                        Labels.of("alertname", "Up"),
                        Map.of(),
                        AlertState.RESOLVED,
                        Double.NaN,
                        T0,
                        null,
                        "api",
                        "",
                        ""),
                new Alert(Labels.EMPTY, null, AlertState.PENDING, -1e300, null, null, null, null, null),
                new Alert(Labels.of("a", "b"), Map.of(), AlertState.FIRING, 3, Instant.EPOCH, T0, "", "", ""))) {
            byte[] json = Json.write(a);
            assertEquals(bound.deserialize("t", json), fast.deserialize("t", json), new String(json));
            assertEquals(a, fast.deserialize("t", json));
        }
    }

    @Test
    void whatItDoesNotExpectIsReadAsTheMapperReadsIt() {
        for (String json : List.of(
                "{\"labels\":{\"alertname\":\"X\"},\"state\":\"firing\",\"startsAt\":1767225600.5,\"value\":\"NaN\"}",
                "{\"labels\":{\"alertname\":\"X\"},\"state\":\"FIRING\",\"startsAt\":\"2026-01-10T11:00:00+01:00\"}",
                "{\"labels\":null,\"annotations\":null,\"state\":\"resolved\",\"value\":null,\"source\":null}",
                "{\"x\":{\"y\":[1,{\"z\":2}]},\"labels\":{\"alertname\":\"X\"},\"state\":\"firing\",\"ruleLine\":\"7\"}",
                "{\"labels\":{\"alertname\":\"X\"},\"state\":\"firing\",\"value\":\"12.5\",\"endsAt\":null}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(bound.deserialize("t", bytes), fast.deserialize("t", bytes), json);
        }
    }

    @Test
    void readsTheMappersInstantsDigitByDigitAndLeavesTheRestToIt() {
        for (Instant t : List.of(
                T0,
                Instant.EPOCH,
                Instant.parse("2026-01-10T10:00:00Z"),
                Instant.parse("2026-01-10T10:00:00.100Z"),
                Instant.parse("2026-12-31T23:59:59.999999Z"),
                Instant.parse("2024-02-29T00:00:00.000000001Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"))) {
            assertEquals(t, AlertDeserializer.isoUtc(t.toString()), t.toString());
        }
        for (String s : List.of(
                "2026-02-30T10:00:00Z",
                "2026-01-10T24:00:00Z",
                "2026-01-10T10:60:00Z",
                "2026-01-10T10:00:00.Z",
                "2026-01-10T10:00:00+01:00",
                "2026-01-10 10:00:00Z",
                "+12026-01-10T10:00:00Z",
                "2026-01-10T10:00:00.1234567890Z",
                "2026-1-10T10:00:00Z")) {
            assertEquals(null, AlertDeserializer.isoUtc(s), s);
        }
    }

    @Test
    void whatTheMapperRefusesItRefuses() {
        for (String json : List.of(
                "{\"labels\":{\"alertname\":\"X\"}}",
                "{\"labels\":{\"alertname\":\"X\"},\"state\":\"burning\"}",
                "{\"labels\":{\"alertname\":\"X\"},\"state\":\"firing\",\"startsAt\":\"yesterday\"}",
                "[1,2]",
                "{\"labels\":{\"alertname\":\"X\"},\"state\":\"firing\"")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThrows(SerializationException.class, () -> bound.deserialize("t", bytes), json);
            assertThrows(SerializationException.class, () -> fast.deserialize("t", bytes), json);
        }
    }
}
