package io.tocsin.server;

import io.tocsin.rules.topology.TopologySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the one-process mode needs to start the three services.
 *
 * @param notifierConfig a notifier YAML file, or null for the defaults (console, plus Slack
 *                       when SLACK_WEBHOOK_URL is set)
 * @param idPrefix       prefixes Streams application ids, so tests can run side by side on one broker
 * @param replicationFactor 0 or less: the cluster's default
 */
public record TocsinOptions(
        String bootstrap,
        Path stateDir,
        Path rulesDir,
        Path notifierConfig,
        int ingestPort,
        int rulesPort,
        int notifierPort,
        int replicationFactor,
        String idPrefix,
        TopologySettings topology,
        Map<String, String> env) {

    public TocsinOptions {
        env = Map.copyOf(env);
    }

    /** The routing of the alert packs, used when TOCSIN_NOTIFIER_CONFIG is not set and the file is there. */
    static final Path PACKS_ROUTING = Path.of("rules-examples", "routing.yml");

    public static TocsinOptions fromEnv(Map<String, String> env, String bootstrap, Path dataDir, int replicationFactor) {
        String config = env.get("TOCSIN_NOTIFIER_CONFIG");
        Path notifierConfig = config != null && !config.isBlank() ? Path.of(config)
                : Files.isRegularFile(PACKS_ROUTING) ? PACKS_ROUTING : null;
        return new TocsinOptions(bootstrap, dataDir.resolve("state"),
                Path.of(env.getOrDefault("TOCSIN_RULES_DIR", "rules-examples")),
                notifierConfig,
                Integer.parseInt(env.getOrDefault("TOCSIN_INGEST_PORT", "9470")),
                Integer.parseInt(env.getOrDefault("TOCSIN_RULES_PORT", "9471")),
                Integer.parseInt(env.getOrDefault("TOCSIN_NOTIFIER_PORT", "9472")),
                replicationFactor, "", TopologySettings.DEFAULTS, env);
    }
}
