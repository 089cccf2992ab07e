package io.tocsin.ingest.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.ingest.json.StrictJson;
import io.tocsin.ingest.logs.InvalidLog;
import io.tocsin.ingest.logs.LogFields;
import io.tocsin.ingest.logs.LogLimits;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.InvalidSample;
import io.tocsin.ingest.samples.SampleFields;
import io.tocsin.ingest.samples.SampleLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook payload through its source's {@link WebhookMapping}, all or nothing. A label whose
 * pointer finds nothing is left out (payloads omit empty fields); a value or log line that is
 * missing refuses the request, naming the item and the pointer. Pure.
 */
public final class WebhookDecoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, WebhookMapping> sources;
    private final SampleFields samples;
    private final LogFields logs;
    private final Clock clock;

    public WebhookDecoder(Map<String, WebhookMapping> sources, SampleLimits limits, Clock clock) {
        this.sources = Map.copyOf(sources);
        this.samples = new SampleFields(limits);
        this.logs = new LogFields(LogLimits.of(limits));
        this.clock = clock;
    }

    /** @return null when no mapping is configured for {@code source} (the route answers 404) */
    public DecodeResult decode(String source, byte[] body) {
        WebhookMapping mapping = sources.get(source);
        if (mapping == null) {
            return null;
        }
        JsonNode root;
        try {
            root = StrictJson.readLenient(body);
        } catch (StrictJson.NotJson e) {
            return new DecodeResult.Rejected("body " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new DecodeResult.Rejected("body is empty");
        }
        JsonNode items = mapping.items() == null ? root : root.at(mapping.items());
        if (items.isMissingNode() || (mapping.items() != null && !items.isArray())) {
            return new DecodeResult.Rejected("items: " + mapping.items() + " is not an array in this payload");
        }
        List<JsonNode> list = new ArrayList<>();
        if (items.isArray()) {
            items.forEach(list::add);
        } else {
            list.add(items);
        }
        long nowMs = clock.millis();
        List<Sample> out = new ArrayList<>();
        List<LogRecord> lines = new ArrayList<>();
        try {
            for (int i = 0; i < list.size(); i++) {
                item(mapping, "items[" + i + "]", list.get(i), nowMs, out, lines);
            }
        } catch (InvalidSample | InvalidLog e) {
            return new DecodeResult.Rejected(e.getMessage());
        }
        return new DecodeResult.Accepted(out, lines);
    }

    private void item(
            WebhookMapping m, String path, JsonNode item, long nowMs, List<Sample> out, List<LogRecord> lines) {
        ObjectNode labels = NODES.objectNode();
        m.labels().forEach((name, ref) -> {
            JsonNode v = ref.in(item);
            if (v != null && v.isValueNode() && !v.asText().isEmpty()) {
                labels.put(name, v.asText());
            }
        });
        JsonNode timestamp = m.timestamp() == null ? null : m.timestamp().in(item);
        // The sample's rules check labels and time even for a logs-only mapping.
        ObjectNode shape = NODES.objectNode();
        shape.put("name", m.metric() == null ? "log" : m.metric());
        shape.set("labels", labels);
        shape.set("value", value(m, path, item));
        if (timestamp != null) {
            shape.set("timestamp", timestamp);
        }
        Sample sample = samples.sample(path, shape, nowMs);
        if (m.metric() != null) {
            out.add(sample);
        }
        if (m.logLine() != null) {
            JsonNode line = m.logLine().in(item);
            if (line == null || !line.isValueNode()) {
                throw new InvalidLog(path + ".log_line", m.logLine().spec() + " is missing or not a value");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            m.fields().forEach((name, ref) -> {
                JsonNode v = ref.in(item);
                if (v != null && v.isValueNode()) {
                    fields.put(name, v.asText());
                }
            });
            Labels streamLabels = sample.labels().with("source", m.source());
            lines.add(logs.record(path, streamLabels, sample.timestampMs() * 1_000_000L, line.asText(), fields, nowMs));
        }
    }

    private static JsonNode value(WebhookMapping m, String path, JsonNode item) {
        if (m.value() == null) {
            return NODES.numberNode(1);
        }
        JsonNode v = m.value().in(item);
        if (v == null) {
            throw new InvalidSample(path + ".value", m.value().spec() + " is missing");
        }
        if (v.isBoolean()) {
            return NODES.numberNode(v.booleanValue() ? 1 : 0);
        }
        if (v.isTextual()) {
            try {
                return NODES.numberNode(Double.parseDouble(v.textValue()));
            } catch (NumberFormatException e) {
                throw new InvalidSample(path + ".value", m.value().spec() + " is not a number");
            }
        }
        return v;
    }
}
