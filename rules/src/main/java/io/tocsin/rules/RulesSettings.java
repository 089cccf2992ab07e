package io.tocsin.rules;

import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.rules.topology.TopologySettings;
import java.nio.file.Path;
import java.util.Map;

/** Where the rules service listens, what it reads, and where it keeps its state. */
public record RulesSettings(
        KafkaSettings kafka,
        String host,
        int port,
        Path rulesDir,
        Path stateDir,
        int replicationFactor,
        String applicationId,
        TopologySettings topology) {

    /**
     * The Streams application id. Its suffix is the version of the state's stored format: a
     * format change starts a new application (rebuilt from the input topics) instead of failing
     * on state it cannot read. v2: the binary state of the due-time rework; v3: one window ring
     * per input shared by its rules, and a repartition record per slot; v4: counters stored a
     * page of series per record ({@code CounterPage}); v5: repartition records name their source
     * and carry its progress (watermarks).
     */
    public static final String APPLICATION_ID = "tocsin-rules-v5";

    public static RulesSettings fromEnv(
            Map<String, String> vars, KafkaSettings kafka, Path rulesDir, Path stateDir, int replicationFactor) {
        Env env = new Env(vars);
        return new RulesSettings(
                kafka,
                env.string(Setting.TOCSIN_RULES_HOST),
                env.port(Setting.TOCSIN_RULES_PORT),
                rulesDir,
                stateDir,
                replicationFactor,
                APPLICATION_ID,
                TopologySettings.DEFAULTS.withIdleAfter(env.duration(Setting.TOCSIN_RULES_IDLE_AFTER)));
    }

    public RulesSettings withPort(int newPort) {
        return new RulesSettings(kafka, host, newPort, rulesDir, stateDir, replicationFactor, applicationId, topology);
    }

    public RulesSettings withApplicationId(String id) {
        return new RulesSettings(kafka, host, port, rulesDir, stateDir, replicationFactor, id, topology);
    }

    public RulesSettings withTopology(TopologySettings t) {
        return new RulesSettings(kafka, host, port, rulesDir, stateDir, replicationFactor, applicationId, t);
    }
}
