package io.tocsin.ingest;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.ingest.auth.Client;
import io.tocsin.ingest.auth.ClientsFile;
import io.tocsin.ingest.collect.CollectorsFile;
import io.tocsin.ingest.collect.CollectorsConfig;
import io.tocsin.ingest.config.ConfigError;
import io.tocsin.ingest.http.HttpLimits;
import io.tocsin.ingest.webhook.WebhookMapping;
import io.tocsin.ingest.webhook.WebhooksFile;
import io.tocsin.ingest.samples.SampleLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

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
        return new IngestConfig(kafka, "127.0.0.1", 9470, HttpLimits.withBodyLimit(4 * 1024 * 1024), 50_000, 30,
                Duration.ofHours(1), Duration.ofMinutes(10), List.of(), Map.of(),
                Runtime.getRuntime().availableProcessors(), CollectorsConfig.NONE);
    }

    /**
     * {@link #defaults} with TOCSIN_INGEST_HOST, _PORT, _MAX_IN_FLIGHT and the HTTP limits
     * ({@link #httpLimits}) laid over, the mappings of TOCSIN_INGEST_WEBHOOKS_FILE and the clients of TOCSIN_INGEST_TOKENS_FILE
     * (read now, so that a bad file stops the start with file:line:col).
     */
    public static IngestConfig fromEnv(Map<String, String> env, KafkaSettings kafka) {
        IngestConfig d = defaults(kafka);
        return new IngestConfig(kafka,
                setting(env, "TOCSIN_INGEST_HOST", Function.identity(), d.host()),
                setting(env, "TOCSIN_INGEST_PORT", Integer::parseInt, d.port()),
                httpLimits(env),
                setting(env, "TOCSIN_INGEST_MAX_IN_FLIGHT", Integer::parseInt, d.maxInFlightSamples()),
                d.maxLabelsPerSample(), d.maxSampleAge(), d.maxFutureSkew(),
                setting(env, "TOCSIN_INGEST_TOKENS_FILE", file -> ClientsFile.load(Path.of(file), env), List.of()),
                setting(env, "TOCSIN_INGEST_WEBHOOKS_FILE", file -> WebhooksFile.load(Path.of(file)), Map.of()),
                setting(env, "TOCSIN_INGEST_EVENT_LOOPS", Integer::parseInt, d.eventLoops()),
                setting(env, "TOCSIN_INGEST_COLLECTORS_FILE", file -> CollectorsFile.load(Path.of(file), env), CollectorsConfig.NONE));
    }

    public IngestConfig withPort(int port) {
        return new IngestConfig(kafka, host, port, http, maxInFlightSamples, maxLabelsPerSample,
                maxSampleAge, maxFutureSkew, clients, webhooks, eventLoops, collectors);
    }

    public IngestConfig withClients(List<Client> clients) {
        return new IngestConfig(kafka, host, port, http, maxInFlightSamples, maxLabelsPerSample,
                maxSampleAge, maxFutureSkew, clients, webhooks, eventLoops, collectors);
    }

    public int bodyLimitBytes() {
        return http.bodyLimitBytes();
    }

    /**
     * TOCSIN_INGEST_BODY_LIMIT_BYTES, _BUFFER_LIMIT_BYTES, _MAX_CONNECTIONS, _HEADER_TIMEOUT,
     * _BODY_TIMEOUT and _IDLE_TIMEOUT over their defaults (timeouts as 500ms, 10s, 2m).
     */
    static HttpLimits httpLimits(Map<String, String> env) {
        int body = setting(env, "TOCSIN_INGEST_BODY_LIMIT_BYTES", Integer::parseInt, 4 * 1024 * 1024);
        HttpLimits d = HttpLimits.withBodyLimit(body);
        return new HttpLimits(body,
                setting(env, "TOCSIN_INGEST_BUFFER_LIMIT_BYTES", Long::parseLong, d.bufferLimitBytes()),
                setting(env, "TOCSIN_INGEST_MAX_CONNECTIONS", Integer::parseInt, d.maxConnections()),
                setting(env, "TOCSIN_INGEST_HEADER_TIMEOUT", IngestConfig::duration, d.headerTimeout()),
                setting(env, "TOCSIN_INGEST_BODY_TIMEOUT", IngestConfig::duration, d.bodyTimeout()),
                setting(env, "TOCSIN_INGEST_IDLE_TIMEOUT", IngestConfig::duration, d.idleTimeout()));
    }

    /** 500ms, 10s, 2m. A stop-gap until core's settings vocabulary has a duration type. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> throw new IllegalArgumentException("a duration is like 500ms, 10s or 2m");
        };
    }

    /** What the sample validator needs of this configuration. */
    public SampleLimits sampleLimits() {
        return new SampleLimits(maxLabelsPerSample, MAX_LABEL_VALUE_LENGTH, maxSampleAge, maxFutureSkew);
    }

    private static <T> T setting(Map<String, String> env, String name, Function<String, T> parse, T fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(raw.trim());
        } catch (ConfigError e) {
            throw e; // already says file:line:col
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": cannot read '" + raw + "' (" + e.getMessage() + ")");
        }
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
