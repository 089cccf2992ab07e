package io.tocsin.ingest.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import io.tocsin.core.label.LabelNames;
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
 * Every mistake is reported at once, each at file:line:col ({@link io.tocsin.core.config.ConfigException}).
 */
public final class WebhooksFile {
    private static final Pattern SOURCE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Set<String> FIELDS =
            Set.of("items", "metric", "value", "timestamp", "labels", "log_line", "fields");

    private final ConfigReader reader = new ConfigReader();

    private WebhooksFile() {}

    public static Map<String, WebhookMapping> load(Path file) {
        return read(YamlLoader.load(file, file.toString()));
    }

    /** @throws io.tocsin.core.config.ConfigException with every problem found */
    static Map<String, WebhookMapping> read(YamlNode root) {
        WebhooksFile file = new WebhooksFile();
        Map<String, WebhookMapping> out = file.sources(root);
        file.reader.throwIfAny();
        return out;
    }

    private Map<String, WebhookMapping> sources(YamlNode root) {
        Map<String, WebhookMapping> out = new LinkedHashMap<>();
        YamlNode.Mapping top = reader.mapping(root, "the webhooks file");
        if (top == null) {
            return out;
        }
        reader.onlyKnown(top, "the webhooks file", Set.of("sources"));
        if (!reader.requireAll(top, "the webhooks file", "sources")) {
            return out;
        }
        YamlNode.Mapping sources = reader.mapping(top.get("sources"), "sources");
        if (sources == null) {
            return out;
        }
        for (YamlNode.Entry e : sources.entries().values()) {
            if (!SOURCE.matcher(e.key()).matches()) {
                reader.problem(
                        e.keyMark(),
                        "source name '" + e.key() + "' must match " + SOURCE.pattern() + " (it is a URL path segment)");
                continue;
            }
            WebhookMapping m = mapping(e.key(), e.value());
            if (m != null) {
                out.put(e.key(), m);
            }
        }
        if (out.isEmpty() && !reader.hasProblems()) {
            reader.problem(sources.mark(), "sources is empty");
        }
        return out;
    }

    private WebhookMapping mapping(String source, YamlNode node) {
        String what = "source " + source;
        YamlNode.Mapping f = reader.mapping(node, what);
        if (f == null) {
            return null;
        }
        int before = reader.problems().size();
        reader.onlyKnown(f, what, FIELDS);
        if (!f.has("metric") && !f.has("log_line")) {
            reader.problem(node.mark(), what + " needs metric, log_line or both");
        }
        String metric = null;
        if (f.has("metric")) {
            metric = reader.string(f.get("metric"), "metric");
            String problem = metric == null ? null : LabelNames.metricNameProblem(metric);
            if (problem != null) {
                reader.problem(f.get("metric").mark(), "metric: " + problem);
            }
        }
        if (f.has("value") && !f.has("metric")) {
            reader.problem(f.get("value").mark(), "value needs a metric");
        }
        if (f.has("fields") && !f.has("log_line")) {
            reader.problem(f.get("fields").mark(), "fields need a log_line");
        }
        JsonPointer items = f.has("items") ? pointer(f.get("items"), "items") : null;
        FieldRef value = f.has("value") ? ref(f.get("value"), "value") : null;
        FieldRef timestamp = f.has("timestamp") ? ref(f.get("timestamp"), "timestamp") : null;
        Map<String, FieldRef> labels = f.has("labels") ? refs(f.get("labels"), "labels", true) : Map.of();
        FieldRef logLine = f.has("log_line") ? ref(f.get("log_line"), "log_line") : null;
        Map<String, FieldRef> fields = f.has("fields") ? refs(f.get("fields"), "fields", false) : Map.of();
        return reader.problems().size() > before
                ? null
                : new WebhookMapping(source, items, metric, value, timestamp, labels, logLine, fields);
    }

    private Map<String, FieldRef> refs(YamlNode node, String what, boolean labels) {
        Map<String, FieldRef> out = new LinkedHashMap<>();
        YamlNode.Mapping m = reader.mapping(node, what);
        if (m == null) {
            return out;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String problem = LabelNames.namedUserLabelNameProblem(e.key());
            if (problem != null) {
                reader.problem(e.keyMark(), what + ": " + problem);
                continue;
            }
            FieldRef ref = ref(e.value(), what + "." + e.key());
            if (ref != null) {
                out.put(e.key(), ref);
            }
        }
        if (labels && m.entries().isEmpty()) {
            reader.problem(node.mark(), "labels is empty: leave it out instead");
        }
        return out;
    }

    private FieldRef ref(YamlNode node, String what) {
        String spec = reader.string(node, what);
        if (spec == null) {
            return null;
        }
        try {
            return FieldRef.parse(spec);
        } catch (IllegalArgumentException e) {
            reader.problem(node.mark(), what + ": not a JSON Pointer: " + e.getMessage());
            return null;
        }
    }

    private JsonPointer pointer(YamlNode node, String what) {
        String spec = reader.string(node, what);
        if (spec != null && !spec.startsWith("/")) {
            reader.problem(node.mark(), what + " must be a JSON Pointer starting with /");
            return null;
        }
        FieldRef ref = spec == null ? null : ref(node, what);
        return ref == null ? null : ref.pointer();
    }
}
