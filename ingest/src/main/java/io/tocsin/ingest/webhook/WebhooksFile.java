package io.tocsin.ingest.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import io.tocsin.core.label.LabelNames;
import io.tocsin.ingest.config.YamlNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the webhook mappings (TOCSIN_INGEST_WEBHOOKS_FILE), one per source, each served at
 * {@code POST /v1/webhook/<source>}:
 *
 * <pre>
 * sources:
 *   deploys:
 *     items: /deployments            # optional: JSON Pointer to an array of items
 *     metric: deploy_events          # a sample per item ...
 *     value: /duration_seconds       # ... with this value (default 1)
 *     timestamp: /finished_at        # RFC 3339 or Unix ms (default: now)
 *     labels:
 *       repo: /repository/name       # "/..." is a JSON Pointer into the item ...
 *       env: prod                    # ... anything else a constant
 *     log_line: /message             # and/or a log record per item
 *     fields: {actor: /sender/login} # log fields (not labels: per-item values)
 * </pre>
 *
 * Every mistake is a {@link io.tocsin.ingest.config.ConfigError} at file:line:col.
 */
public final class WebhooksFile {
    private static final Pattern SOURCE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Set<String> FIELDS = Set.of("items", "metric", "value", "timestamp", "labels", "log_line",
            "fields");

    private WebhooksFile() {}

    public static Map<String, WebhookMapping> load(Path file) {
        return read(YamlNode.load(file));
    }

    static Map<String, WebhookMapping> read(YamlNode root) {
        Map<String, WebhookMapping> out = new LinkedHashMap<>();
        Map<String, YamlNode> sources = root.fields("the webhooks file", Set.of("sources"), Set.of("sources"))
                .get("sources").entries("sources");
        for (Map.Entry<String, YamlNode> e : sources.entrySet()) {
            if (!SOURCE.matcher(e.getKey()).matches()) {
                throw e.getValue().error("source name '" + e.getKey() + "' must match " + SOURCE.pattern()
                        + " (it is a URL path segment)");
            }
            out.put(e.getKey(), mapping(e.getKey(), e.getValue()));
        }
        if (out.isEmpty()) {
            throw root.error("sources is empty");
        }
        return out;
    }

    private static WebhookMapping mapping(String source, YamlNode node) {
        Map<String, YamlNode> f = node.fields("source " + source, FIELDS, Set.of());
        if (!f.containsKey("metric") && !f.containsKey("log_line")) {
            throw node.error("source " + source + " needs metric, log_line or both");
        }
        String metric = null;
        if (f.containsKey("metric")) {
            metric = f.get("metric").string("metric");
            String problem = LabelNames.metricNameProblem(metric);
            if (problem != null) {
                throw f.get("metric").error("metric: " + problem);
            }
        }
        if (f.containsKey("value") && metric == null) {
            throw f.get("value").error("value needs a metric");
        }
        if (f.containsKey("fields") && !f.containsKey("log_line")) {
            throw f.get("fields").error("fields need a log_line");
        }
        return new WebhookMapping(source,
                f.containsKey("items") ? pointer(f.get("items"), "items") : null,
                metric,
                f.containsKey("value") ? ref(f.get("value"), "value") : null,
                f.containsKey("timestamp") ? ref(f.get("timestamp"), "timestamp") : null,
                f.containsKey("labels") ? refs(f.get("labels"), "labels", true) : Map.of(),
                f.containsKey("log_line") ? ref(f.get("log_line"), "log_line") : null,
                f.containsKey("fields") ? refs(f.get("fields"), "fields", false) : Map.of());
    }

    private static Map<String, FieldRef> refs(YamlNode node, String what, boolean labels) {
        Map<String, FieldRef> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : node.entries(what).entrySet()) {
            String problem = LabelNames.userLabelNameProblem(e.getKey());
            if (problem != null) {
                throw e.getValue().error(what + ": '" + e.getKey() + "': " + problem);
            }
            out.put(e.getKey(), ref(e.getValue(), what + "." + e.getKey()));
        }
        if (labels && out.isEmpty()) {
            throw node.error("labels is empty: leave it out instead");
        }
        return out;
    }

    private static FieldRef ref(YamlNode node, String what) {
        String spec = node.string(what);
        if (spec.isEmpty()) {
            throw node.error(what + " must not be empty");
        }
        try {
            return FieldRef.parse(spec);
        } catch (IllegalArgumentException e) {
            throw node.error(what + ": not a JSON Pointer: " + e.getMessage());
        }
    }

    private static JsonPointer pointer(YamlNode node, String what) {
        String spec = node.string(what);
        if (!spec.startsWith("/")) {
            throw node.error(what + " must be a JSON Pointer starting with /");
        }
        return ref(node, what).pointer();
    }
}
