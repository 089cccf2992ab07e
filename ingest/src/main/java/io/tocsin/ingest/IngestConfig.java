package io.tocsin.ingest;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.ingest.auth.Client;
import io.tocsin.ingest.auth.ClientsFile;
import io.tocsin.ingest.collect.CollectorsConfig;
import io.tocsin.ingest.collect.CollectorsFile;
import io.tocsin.ingest.http.HttpLimits;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.webhook.WebhookMapping;
import io.tocsin.ingest.webhook.WebhooksFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the ingest service.
 *
 * @param http what clients may cost the HTTP server: body and buffer limits, connections, timeouts
 * @param maxInFlightSamples samples handed to Kafka but not yet acknowledged, across all requests
 * @param clients who may write, with their limits; empty means open (no authentication)
 * @param webhooks the mapping of each source of {@code POST /v1/webhook/<source>}
 * @param eventLoops HTTP verticle instances sharing the port, one event loop each
 * @param collectors targets ingest scrapes or probes itself
 */
public record IngestConfig(
        KafkaSettings kafka,
        String host,
        int port,
        HttpLimits http,
        int maxInFlightSamples,
        int maxLabelsPerSample,
        Duration maxSampleAge,
        Duration maxFutureSkew,
        List<Client> clients,
        Map<String, WebhookMapping> webhooks,
        int eventLoops,
        CollectorsConfig collectors) {

    /** Label values longer than this are refused; Prometheus has no limit, but a series key must stay small. */
    public static final int MAX_LABEL_VALUE_LENGTH = 2048;

    public IngestConfig {
        Objects.requireNonNull(kafka, "kafka");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("ingest host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ingest port must be 0..65535, got " + port);
        }
        Objects.requireNonNull(http, "http");
        requirePositive("maxInFlightSamples", maxInFlightSamples);
        requirePositive("maxLabelsPerSample", maxLabelsPerSample);
        requirePositive("maxSampleAge", maxSampleAge);
        requirePositive("maxFutureSkew", maxFutureSkew);
        clients = clients == null ? List.of() : List.copyOf(clients);
        webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
        requirePositive("eventLoops", eventLoops);
        collectors = collectors == null ? CollectorsConfig.NONE : collectors;
    }

    /**
     * The largest body after decompression (remote-write and Loki protobuf are snappy blocks):
     * snappy compresses metrics about 5-10x, so a full compressed body still fits.
     */
    public int maxDecodedBytes() {
        int bodyLimitBytes = http.bodyLimitBytes();
        return (int) Math.min(Integer.MAX_VALUE - 8, bodyLimitBytes * 16L);
    }

    /** Loopback only: exposing ingest on the network is a deliberate choice (TOCSIN_INGEST_HOST). */
    public static IngestConfig defaults(KafkaSettings kafka) {
        return fromEnv(Map.of(), kafka);
    }

    /**
     * {@link #defaults} with TOCSIN_INGEST_HOST, _PORT, _MAX_IN_FLIGHT and the HTTP limits
     * ({@link HttpLimits#fromEnv}) laid over, the mappings of TOCSIN_INGEST_WEBHOOKS_FILE and the clients of TOCSIN_INGEST_TOKENS_FILE
     * (read now, so that a bad file stops the start with file:line:col).
     */
    public static IngestConfig fromEnv(Map<String, String> vars, KafkaSettings kafka) {
        Env env = new Env(vars);
        return new IngestConfig(
                kafka,
                env.string(Setting.TOCSIN_INGEST_HOST),
                env.port(Setting.TOCSIN_INGEST_PORT),
                HttpLimits.fromEnv(env),
                env.integer(Setting.TOCSIN_INGEST_MAX_IN_FLIGHT),
                30,
                Duration.ofHours(1),
                Duration.ofMinutes(10),
                env.given(Setting.TOCSIN_INGEST_TOKENS_FILE)
                        .map(f -> ClientsFile.load(Path.of(f), vars))
                        .orElse(List.of()),
                env.given(Setting.TOCSIN_INGEST_WEBHOOKS_FILE)
                        .map(f -> WebhooksFile.load(Path.of(f)))
                        .orElse(Map.of()),
                env.integer(
                        Setting.TOCSIN_INGEST_EVENT_LOOPS, Runtime.getRuntime().availableProcessors()),
                env.given(Setting.TOCSIN_INGEST_COLLECTORS_FILE)
                        .map(f -> CollectorsFile.load(Path.of(f), vars))
                        .orElse(CollectorsConfig.NONE));
    }

    public IngestConfig withPort(int port) {
        return new IngestConfig(
                kafka,
                host,
                port,
                http,
                maxInFlightSamples,
                maxLabelsPerSample,
                maxSampleAge,
                maxFutureSkew,
                clients,
                webhooks,
                eventLoops,
                collectors);
    }

    public IngestConfig withClients(List<Client> clients) {
        return new IngestConfig(
                kafka,
                host,
                port,
                http,
                maxInFlightSamples,
                maxLabelsPerSample,
                maxSampleAge,
                maxFutureSkew,
                clients,
                webhooks,
                eventLoops,
                collectors);
    }

    public int bodyLimitBytes() {
        return http.bodyLimitBytes();
    }

    /** What the sample validator needs of this configuration. */
    public SampleLimits sampleLimits() {
        return new SampleLimits(maxLabelsPerSample, MAX_LABEL_VALUE_LENGTH, maxSampleAge, maxFutureSkew);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
