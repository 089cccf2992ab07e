package io.tocsin.notifier;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the notifier runs: Kafka, its HTTP address, its Streams state. Routing lives in
 * {@link io.tocsin.notifier.config.NotifierConfig}.
 *
 * @param port 0 for any free port
 * @param maxBacklog alerts waiting for their groups beyond which POST /api/v2/alerts answers 429
 */
public record NotifierSettings(
        KafkaSettings kafka,
        String host,
        int port,
        Path stateDir,
        int replicationFactor,
        String applicationId,
        long maxBacklog) {
    public static final String DEFAULT_APPLICATION_ID = "tocsin-notifier";

    /** With the default backlog bound ({@link Setting#TOCSIN_NOTIFIER_MAX_BACKLOG}). */
    public NotifierSettings(
            KafkaSettings kafka, String host, int port, Path stateDir, int replicationFactor, String applicationId) {
        this(
                kafka,
                host,
                port,
                stateDir,
                replicationFactor,
                applicationId,
                Long.parseLong(Setting.TOCSIN_NOTIFIER_MAX_BACKLOG.fallback()));
    }

    public NotifierSettings {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(stateDir, "stateDir");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("notifier host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("notifier port must be 0..65535, not " + port);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException(
                    "replication factor must be at least 1, or -1 for the cluster's default");
        }
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("application id is required");
        }
        if (maxBacklog < 1) {
            throw new IllegalArgumentException(
                    Setting.TOCSIN_NOTIFIER_MAX_BACKLOG.name() + " must be at least 1, not " + maxBacklog);
        }
    }

    /** TOCSIN_NOTIFIER_HOST (default 127.0.0.1) and TOCSIN_NOTIFIER_PORT (default 9472). */
    public static NotifierSettings fromEnv(
            Map<String, String> vars, KafkaSettings kafka, Path stateDir, int replicationFactor) {
        Env env = new Env(vars);
        return new NotifierSettings(
                kafka,
                env.string(Setting.TOCSIN_NOTIFIER_HOST),
                env.port(Setting.TOCSIN_NOTIFIER_PORT),
                stateDir,
                replicationFactor,
                DEFAULT_APPLICATION_ID,
                env.longInteger(Setting.TOCSIN_NOTIFIER_MAX_BACKLOG));
    }

    public NotifierSettings withPort(int port) {
        return new NotifierSettings(kafka, host, port, stateDir, replicationFactor, applicationId, maxBacklog);
    }

    public NotifierSettings withApplicationId(String id) {
        return new NotifierSettings(kafka, host, port, stateDir, replicationFactor, id, maxBacklog);
    }

    public NotifierSettings withMaxBacklog(long bound) {
        return new NotifierSettings(kafka, host, port, stateDir, replicationFactor, applicationId, bound);
    }
}
