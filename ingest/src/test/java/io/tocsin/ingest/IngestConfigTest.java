package io.tocsin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.ingest.http.HttpLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {
    private static final KafkaSettings KAFKA = new KafkaSettings("localhost:9092");

    @Test
    void defaultsListenOnLoopbackWithDocumentedLimits() {
        IngestConfig c = IngestConfig.defaults(KAFKA);
        assertEquals("127.0.0.1", c.host());
        assertEquals(9470, c.port());
        assertEquals(4 * 1024 * 1024, c.bodyLimitBytes());
        assertEquals(50_000, c.maxInFlightSamples());
        assertEquals(30, c.maxLabelsPerSample());
        assertEquals(Duration.ofHours(1), c.maxSampleAge());
        assertEquals(Duration.ofMinutes(10), c.maxFutureSkew());
    }

    @Test
    void environmentOverridesHostPortBodyLimitAndInFlight() {
        IngestConfig c = IngestConfig.fromEnv(
                Map.of(
                        "TOCSIN_INGEST_HOST", "0.0.0.0",
                        "TOCSIN_INGEST_PORT", "8080",
                        "TOCSIN_INGEST_BODY_LIMIT_BYTES", "1024",
                        "TOCSIN_INGEST_MAX_IN_FLIGHT", " 7 "),
                KAFKA);
        assertEquals(
                new IngestConfig(
                        KAFKA,
                        "0.0.0.0",
                        8080,
                        HttpLimits.withBodyLimit(1024),
                        7,
                        30,
                        Duration.ofHours(1),
                        Duration.ofMinutes(10),
                        List.of(),
                        Map.of(),
                        Runtime.getRuntime().availableProcessors(),
                        io.tocsin.ingest.collect.CollectorsConfig.NONE),
                c);
    }

    @Test
    void environmentSetsEveryHttpLimit() {
        IngestConfig c = IngestConfig.fromEnv(
                Map.of(
                        "TOCSIN_INGEST_BODY_LIMIT_BYTES", "1000",
                        "TOCSIN_INGEST_BUFFER_LIMIT_BYTES", "5000",
                        "TOCSIN_INGEST_MAX_CONNECTIONS", "20",
                        "TOCSIN_INGEST_HEADER_TIMEOUT", "500ms",
                        "TOCSIN_INGEST_BODY_TIMEOUT", "3s",
                        "TOCSIN_INGEST_IDLE_TIMEOUT", "2m"),
                KAFKA);
        assertEquals(
                new HttpLimits(1000, 5000, 20, Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMinutes(2)),
                c.http());
    }

    @Test
    void aBufferLimitBelowOneBodyIsRefusedAtStart() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> IngestConfig.fromEnv(
                        Map.of("TOCSIN_INGEST_BODY_LIMIT_BYTES", "1000", "TOCSIN_INGEST_BUFFER_LIMIT_BYTES", "999"),
                        KAFKA));
        assertTrue(e.getMessage().contains("must hold at least one body"), e.getMessage());
    }

    @Test
    void emptyEnvironmentGivesTheDefaults() {
        assertEquals(IngestConfig.defaults(KAFKA), IngestConfig.fromEnv(Map.of("TOCSIN_INGEST_PORT", ""), KAFKA));
    }

    @Test
    void unreadableVariableIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> IngestConfig.fromEnv(Map.of("TOCSIN_INGEST_PORT", "eighty"), KAFKA));
        assertEquals("TOCSIN_INGEST_PORT must be a whole number, not 'eighty'", e.getMessage());
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> IngestConfig.fromEnv(Map.of("TOCSIN_INGEST_PORT", "70000"), KAFKA));
        assertThrows(
                IllegalArgumentException.class,
                () -> IngestConfig.fromEnv(Map.of("TOCSIN_INGEST_MAX_IN_FLIGHT", "0"), KAFKA));
    }

    @Test
    void withPortChangesOnlyThePort() {
        IngestConfig d = IngestConfig.defaults(KAFKA);
        IngestConfig ephemeral = d.withPort(0);
        assertEquals(0, ephemeral.port());
        assertEquals(d, ephemeral.withPort(d.port()));
    }

    @Test
    void theTokensFileIsReadAtOnceAndItsMistakesStopTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clients.yml");
        Files.writeString(file, "clients:\n  - name: web\n    token_env: WEB_TOKEN\n");
        IngestConfig c = IngestConfig.fromEnv(
                Map.of("TOCSIN_INGEST_TOKENS_FILE", file.toString(), "WEB_TOKEN", "web-token-0123456789abcdef"), KAFKA);
        assertEquals("web", c.clients().get(0).name());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> IngestConfig.fromEnv(Map.of("TOCSIN_INGEST_TOKENS_FILE", file.toString()), KAFKA));
        assertEquals(file + ":3:16: environment variable WEB_TOKEN is not set", e.getMessage());
    }
}
