package io.tocsin.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void unsetAndBlankFallBackToTheOneListedDefault() {
        Env env = new Env(Map.of("TOCSIN_RULES_PORT", "  "));
        assertEquals(9471, env.port(Setting.TOCSIN_RULES_PORT));
        assertEquals(9470, env.port(Setting.TOCSIN_INGEST_PORT));
        assertEquals("127.0.0.1", env.string(Setting.TOCSIN_NOTIFIER_HOST));
    }

    @Test
    void givenValuesAreStripped() {
        assertEquals(9999, new Env(Map.of("TOCSIN_NOTIFIER_PORT", " 9999 ")).port(Setting.TOCSIN_NOTIFIER_PORT));
    }

    @Test
    void aBadValueNamesTheVariableAndWhatItGot() {
        Env env = new Env(Map.of("TOCSIN_INGEST_PORT", "http", "TOCSIN_RULES_PORT", "70000"));
        assertEquals(
                "TOCSIN_INGEST_PORT must be a whole number, not 'http'",
                assertThrows(IllegalArgumentException.class, () -> env.port(Setting.TOCSIN_INGEST_PORT))
                        .getMessage());
        assertEquals(
                "TOCSIN_RULES_PORT must be a port number (0..65535, 0 for any free port), not 70000",
                assertThrows(IllegalArgumentException.class, () -> env.port(Setting.TOCSIN_RULES_PORT))
                        .getMessage());
    }

    @Test
    void settingsWithoutADefaultAreEmptyWhenUnset() {
        assertEquals(java.util.Optional.empty(), new Env(Map.of()).given(Setting.KAFKA_BOOTSTRAP));
        assertEquals(
                java.util.Optional.of("k:9092"),
                new Env(Map.of("KAFKA_BOOTSTRAP", "k:9092")).given(Setting.KAFKA_BOOTSTRAP));
    }
}
