package io.tocsin.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogRecordTest {

    @Test
    void survivesTheWireUnchanged() throws Exception {
        LogRecord r = new LogRecord(
                Labels.of("app", "shop", "level", "error"),
                1_795_000_000_123L,
                456_789,
                "authentication failed for \"bob\"",
                Map.of("trace_id", "abc"));
        String json = Json.MAPPER.writeValueAsString(r);
        assertEquals(r, Json.MAPPER.readValue(json, LogRecord.class));
    }

    @Test
    void isKeyedByItsStreamLabels() {
        LogRecord r = new LogRecord(Labels.of("level", "error", "app", "shop"), 0, 0, "x", null);
        assertEquals("{app=\"shop\", level=\"error\"}", r.streamId());
        assertEquals(Map.of(), r.fields());
    }

    @Test
    void refusesALineThatIsMissingOrANanoPartOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new LogRecord(Labels.EMPTY, 0, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new LogRecord(Labels.EMPTY, 0, 1_000_000, "x", null));
    }
}
