package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.notifier.escalation.EscalationPolicy;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.route.Route;
import io.tocsin.notifier.template.TemplateException;
import io.tocsin.notifier.template.Templates;
import io.tocsin.notifier.timeinterval.TimeInterval;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** alertmanager.yml (the subset Tocsin implements) to a validated {@link NotifierConfig}. */
final class ConfigParser {
    private static final Set<String> TOP_LEVEL = Set.of(
            "route",
            "receivers",
            "delivery",
            "inhibit_rules",
            "escalation_policies",
            "time_intervals",
            "mute_time_intervals",
            "external_url",
            "ack_links",
            "missing_secrets",
            "runbook_base_url",
            "global",
            "templates");
    private static final Map<String, String> TOP_LEVEL_NOT_YET = Map.of("tracing", "not implemented");
    private static final Set<String> ACK_LINK_FIELDS = Set.of("secret", "secret_file", "secret_env", "expires_after");
    private static final Set<String> DELIVERY_FIELDS =
            Set.of("backoff_base", "backoff_max", "retry_budget", "request_timeout");

    private ConfigParser() {}

    static NotifierConfig parse(YamlNode doc, Map<String, String> env, Path baseDir) {
        ConfigReader reader = new ConfigReader();
        if (YamlLoader.isEmpty(doc)) {
            reader.problem(doc.mark(), "the config is empty: it needs a route and receivers");
            reader.throwIfAny();
        }
        YamlNode.Mapping top = reader.mapping(doc, "the config");
        reader.throwIfAny();
        reader.onlyKnown(top, "the config", TOP_LEVEL, TOP_LEVEL_NOT_YET);

        RouteParser routes = new RouteParser(reader);
        YamlNode routeNode = top.get("route");
        Route root = null;
        if (routeNode == null) {
            reader.problem(top.mark(), "the config needs a 'route'");
        } else {
            root = routes.root(routeNode);
        }

        List<String> notices = new java.util.ArrayList<>();
        SecretReader secrets = new SecretReader(reader, env, baseDir, skipMissingSecrets(reader, top));
        GlobalConfig global = GlobalParser.parse(reader, secrets, top.get("global"));
        String globalMissing = secrets.takeMissing();
        if (globalMissing != null) {
            notices.add("global: " + globalMissing + "; its default is not set");
        }
        List<Path> templates =
                top.has("templates") ? TemplateFiles.resolve(reader, top.get("templates"), baseDir) : List.of();
        Templates templateSet = Templates.defaults();
        try {
            templateSet = Templates.load(templates);
        } catch (TemplateException e) {
            reader.problem(top.get("templates").mark(), "templates: " + e.getMessage());
        }
        LinksConfig links = links(reader, top, env, baseDir);
        YamlNode receiversNode = top.get("receivers");
        Map<String, Receiver> receivers = Map.of();
        if (receiversNode == null) {
            reader.problem(top.mark(), "the config needs 'receivers'");
        } else {
            receivers = new ReceiverParser(reader, secrets, global, templateSet, links.externalUrl(), notices)
                    .receivers(receiversNode);
        }
        List<RouteParser.Reference> references = new java.util.ArrayList<>(routes.references());
        YamlNode escalationNode = top.get("escalation_policies");
        Map<String, EscalationPolicy> policies =
                escalationNode == null ? Map.of() : EscalationParser.policies(reader, escalationNode, references);
        for (RouteParser.PolicyReference ref : routes.policyReferences()) {
            if (!policies.containsKey(ref.policy())) {
                reader.problem(
                        ref.mark(),
                        "unknown escalation policy '" + ref.policy() + "'"
                                + (policies.isEmpty()
                                        ? ""
                                        : " (defined: " + String.join(", ", policies.keySet()) + ")"));
            }
        }
        Map<String, List<TimeInterval>> intervals = new java.util.LinkedHashMap<>();
        for (String field : List.of("time_intervals", "mute_time_intervals")) {
            YamlNode n = top.get(field);
            if (n != null) {
                TimeIntervalParser.intervals(reader, n, field, intervals);
            }
        }
        for (RouteParser.IntervalReference ref : routes.intervalReferences()) {
            if (!intervals.containsKey(ref.name())) {
                reader.problem(
                        ref.mark(),
                        "unknown time interval '" + ref.name() + "'"
                                + (intervals.isEmpty()
                                        ? ""
                                        : " (defined: " + String.join(", ", intervals.keySet()) + ")"));
            }
        }
        for (RouteParser.Reference ref : references) {
            if (receiversNode != null && !receivers.containsKey(ref.receiver())) {
                reader.problem(
                        ref.mark(),
                        "unknown receiver '" + ref.receiver() + "'"
                                + (receivers.isEmpty()
                                        ? ""
                                        : " (defined: " + String.join(", ", receivers.keySet()) + ")"));
            }
        }

        YamlNode deliveryNode = top.get("delivery");
        DeliveryOptions delivery = deliveryNode == null ? DeliveryOptions.DEFAULTS : delivery(reader, deliveryNode);
        YamlNode inhibitNode = top.get("inhibit_rules");
        List<InhibitRule> inhibitRules = inhibitNode == null ? List.of() : InhibitParser.rules(reader, inhibitNode);
        reader.throwIfAny();
        return new NotifierConfig(
                root,
                receivers,
                delivery,
                inhibitRules,
                policies,
                intervals,
                links,
                notices,
                global,
                templates,
                templateSet,
                RedactedYaml.of(doc));
    }

    /**
     * {@code missing_secrets: skip} drops a channel whose secret variable or file is not there
     * (and says so) instead of refusing the config: one routing file then serves a laptop with no
     * secrets and production with all of them. The default, {@code error}, refuses.
     */
    private static boolean skipMissingSecrets(ConfigReader reader, YamlNode.Mapping top) {
        YamlNode node = top.get("missing_secrets");
        if (node == null) {
            return false;
        }
        String mode = reader.string(node, "missing_secrets");
        if ("skip".equals(mode)) {
            return true;
        }
        if (mode != null && !"error".equals(mode)) {
            reader.problem(node.mark(), "missing_secrets must be error or skip, not '" + mode + "'");
        }
        return false;
    }

    private static DeliveryOptions delivery(ConfigReader reader, YamlNode node) {
        YamlNode.Mapping m = reader.mapping(node, "delivery");
        if (m == null) {
            return DeliveryOptions.DEFAULTS;
        }
        reader.onlyKnown(m, "delivery", DELIVERY_FIELDS, Map.of());
        DeliveryOptions d = DeliveryOptions.DEFAULTS;
        try {
            return new DeliveryOptions(
                    durationOr(reader, m, "backoff_base", d.backoffBase()),
                    durationOr(reader, m, "backoff_max", d.backoffMax()),
                    durationOr(reader, m, "retry_budget", d.retryBudget()),
                    durationOr(reader, m, "request_timeout", d.requestTimeout()));
        } catch (IllegalArgumentException e) {
            reader.problem(m.mark(), "delivery: " + e.getMessage());
            return d;
        }
    }

    /** {@link #linksWithoutRunbooks} plus runbook_base_url, or TOCSIN_RUNBOOK_BASE_URL when the file does not say. */
    private static LinksConfig links(ConfigReader reader, YamlNode.Mapping top, Map<String, String> env, Path baseDir) {
        LinksConfig links = linksWithoutRunbooks(reader, top, env, baseDir);
        YamlNode node = top.get("runbook_base_url");
        String base = node == null
                ? new Env(env).given(Setting.TOCSIN_RUNBOOK_BASE_URL).orElse("")
                : reader.string(node, "runbook_base_url");
        if (base == null || base.isEmpty()) {
            return links;
        }
        if (!SecretReader.isHttpUrl(base)) {
            reader.problem(
                    node == null ? top.mark() : node.mark(),
                    (node == null ? Setting.TOCSIN_RUNBOOK_BASE_URL.name() : "runbook_base_url")
                            + " must be an http(s) URL, e.g. https://github.com/you/ops/blob/main/");
            return links;
        }
        return links.withRunbookBaseUrl(base);
    }

    /** external_url, or TOCSIN_EXTERNAL_URL when the file does not say; ack_links with their secret. */
    private static LinksConfig linksWithoutRunbooks(
            ConfigReader reader, YamlNode.Mapping top, Map<String, String> env, Path baseDir) {
        YamlNode urlNode = top.get("external_url");
        String url = urlNode == null
                ? new Env(env).given(Setting.TOCSIN_EXTERNAL_URL).orElse("")
                : reader.string(urlNode, "external_url");
        if (url == null) {
            return LinksConfig.NONE;
        }
        if (!url.isEmpty() && !SecretReader.isHttpUrl(url)) {
            reader.problem(
                    urlNode == null ? top.mark() : urlNode.mark(),
                    (urlNode == null ? LinksConfig.EXTERNAL_URL_ENV : "external_url")
                            + " must be an http(s) URL, e.g. https://tocsin.example.com");
            return LinksConfig.NONE;
        }
        YamlNode ackNode = top.get("ack_links");
        if (ackNode == null) {
            return new LinksConfig(url, null, LinksConfig.DEFAULT_EXPIRY);
        }
        YamlNode.Mapping m = reader.mapping(ackNode, "ack_links");
        if (m == null) {
            return LinksConfig.NONE;
        }
        reader.onlyKnown(m, "ack_links", ACK_LINK_FIELDS, Map.of());
        var secret = new SecretReader(reader, env, baseDir, false).read(m, "ack_links", "secret", true, false);
        YamlNode expiryNode = m.get("expires_after");
        Duration expiry = expiryNode == null
                ? LinksConfig.DEFAULT_EXPIRY
                : reader.duration(expiryNode, "ack_links.expires_after");
        if (url.isEmpty()) {
            reader.problem(
                    m.mark(),
                    "ack_links need external_url (or " + LinksConfig.EXTERNAL_URL_ENV + "): the links point there");
            return LinksConfig.NONE;
        }
        if (secret == null || expiry == null) {
            return LinksConfig.NONE;
        }
        try {
            return new LinksConfig(url, secret, expiry);
        } catch (IllegalArgumentException e) {
            reader.problem(m.mark(), e.getMessage());
            return LinksConfig.NONE;
        }
    }

    private static Duration durationOr(ConfigReader reader, YamlNode.Mapping m, String name, Duration fallback) {
        YamlNode node = m.get(name);
        Duration d = node == null ? null : reader.duration(node, "delivery." + name);
        return d == null ? fallback : d;
    }
}
