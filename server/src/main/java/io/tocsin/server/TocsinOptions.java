package io.tocsin.server;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
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

    /** TOCSIN_NOTIFIER_CONFIG, else the packs' routing when it is there, else null (the built-in defaults). */
    public static Path notifierConfigFrom(Env env) {
        return env.given(Setting.TOCSIN_NOTIFIER_CONFIG)
                .map(Path::of)
                .orElse(Files.isRegularFile(PACKS_ROUTING) ? PACKS_ROUTING : null);
    }

    public static TocsinOptions fromEnv(
            Map<String, String> vars, String bootstrap, Path dataDir, int replicationFactor) {
        Env env = new Env(vars);
        Path notifierConfig = notifierConfigFrom(env);
        return new TocsinOptions(
                bootstrap,
                dataDir.resolve("state"),
                env.path(Setting.TOCSIN_RULES_DIR),
                notifierConfig,
                env.port(Setting.TOCSIN_INGEST_PORT),
                env.port(Setting.TOCSIN_RULES_PORT),
                env.port(Setting.TOCSIN_NOTIFIER_PORT),
                replicationFactor,
                "",
                TopologySettings.DEFAULTS,
                vars);
    }
}
