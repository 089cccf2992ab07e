package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.notifier.escalation.EscalationPolicy;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.route.Route;
import io.tocsin.notifier.timeinterval.TimeInterval;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The notifier's routing config: a route tree, the receivers it names, the inhibit rules, the
 * escalation policies and the time intervals, in alertmanager.yml's shape. Once built it is valid: every receiver a route names exists and every secret resolved.
 *
 * @param notices what the config left out on purpose, to be shown at start and by config check:
 *                channels skipped under {@code missing_secrets: skip} because their secret is not there
 * @param global    the {@code global:} defaults (Alertmanager's when the file has none)
 * @param templates the template files {@code templates:} names, in the order they are read
 * @param messageTemplates Alertmanager's default templates and those files', which channels render with
 * @param original  the config as loaded, credentials replaced by {@code <secret>} (API: config.original)
 */
public record NotifierConfig(
        Route root,
        Map<String, Receiver> receivers,
        DeliveryOptions delivery,
        List<InhibitRule> inhibitRules,
        Map<String, EscalationPolicy> escalationPolicies,
        Map<String, List<TimeInterval>> timeIntervals,
        LinksConfig links,
        List<String> notices,
        GlobalConfig global,
        List<Path> templates,
        io.tocsin.notifier.template.Templates messageTemplates,
        String original) {
    public static final String DEFAULT_SLACK_ENV = "SLACK_WEBHOOK_URL";

    public NotifierConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(delivery, "delivery");
        links = links == null ? LinksConfig.NONE : links;
        inhibitRules = inhibitRules == null ? List.of() : List.copyOf(inhibitRules);
        escalationPolicies = escalationPolicies == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(escalationPolicies));
        timeIntervals =
                timeIntervals == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timeIntervals));
        notices = notices == null ? List.of() : List.copyOf(notices);
        global = global == null ? GlobalConfig.DEFAULTS : global;
        templates = templates == null ? List.of() : List.copyOf(templates);
        original = original == null ? "" : original;
        messageTemplates =
                messageTemplates == null ? io.tocsin.notifier.template.Templates.defaults() : messageTemplates;
        Map<String, Receiver> copy = Collections.unmodifiableMap(new LinkedHashMap<>(receivers));
        receivers = copy;
        List<String> missing =
                root.receivers().stream().filter(r -> !copy.containsKey(r)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("routes name receivers that do not exist: " + missing);
        }
    }

    /** @throws ConfigException with {@code file:line:col: what is wrong} for each problem */
    public static NotifierConfig load(Path yamlFile, Map<String, String> env) {
        YamlNode doc = YamlLoader.load(yamlFile, yamlFile.toString());
        return ConfigParser.parse(doc, env, yamlFile.toAbsolutePath().getParent());
    }

    /** Parses config text; relative secret file paths start in the working directory. */
    public static NotifierConfig parse(String yaml, String sourceName, Map<String, String> env) {
        return ConfigParser.parse(
                YamlLoader.parse(yaml, sourceName), env, Path.of("").toAbsolutePath());
    }

    /**
     * What runs with nothing configured: everything to the console, and to Slack as well when
     * {@value #DEFAULT_SLACK_ENV} is set. Timing is {@link io.tocsin.notifier.route.RouteTiming#DEFAULTS}:
     * group_wait 1s (Alertmanager's is 30s), so a first page is not held back.
     */
    public static NotifierConfig defaults(Map<String, String> env) {
        StringBuilder yaml = new StringBuilder("""
                route:
                  receiver: console
                  group_by: [alertname]
                  routes:
                    - receiver: console
                      continue: true
                """);
        String slack = env.get(DEFAULT_SLACK_ENV);
        if (slack != null && !slack.isBlank()) {
            yaml.append("    - receiver: slack\n");
        }
        yaml.append("""
                receivers:
                  - name: console
                    console_configs: [{}]
                """);
        if (slack != null && !slack.isBlank()) {
            yaml.append("  - name: slack\n    slack_configs: [{api_url_env: " + DEFAULT_SLACK_ENV + "}]\n");
        }
        return parse(yaml.toString(), "<defaults>", env);
    }
}
