package io.tocsin.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.tocsin.ingest.samples.SeriesRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/events}: one event per request or job outcome,
 * {@code {"events":[{"name":"http_request","labels":{"route":"/checkout"},"status":500,
 * "duration_ms":812,"message":"...","attributes":{"trace_id":"..."},"timestamp":...}]}}.
 *
 * <p>How an event becomes data rules can use, without any state in ingest:
 * <ul>
 *   <li>a sample {@code <name>_events{labels, status}} with value 1 — one per event, so that
 *       {@code count} over a window is the request count and a ratio of two selections
 *       ({@code status=~"5.."} over all) is the error rate;
 *   <li>with a duration, a sample {@code <name>_duration_seconds{labels, status}} whose value is
 *       the duration, so that {@code quantile}/{@code avg}/{@code max} over raw values give latency;
 *   <li>with a message, a log record with the same labels plus {@code event=<name>}, the
 *       message as its line and the attributes (plus status and duration) as fields, so that log
 *       rules and line patterns work on it too.
 * </ul>
 * Attributes never become labels: they are per-event values (ids, users) that would explode the
 * number of series. All or nothing, pure.
 */
public final class EventDecoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SampleFields samples;
    private final LogFields logs;
    private final Clock clock;

    public EventDecoder(SampleLimits limits, Clock clock) {
        this.samples = new SampleFields(limits);
        this.logs = new LogFields(LogLimits.of(limits));
        this.clock = clock;
    }

    public DecodeResult decode(byte[] body) {
        JsonNode root;
        try {
            root = StrictJson.read(body);
        } catch (StrictJson.NotJson e) {
            return new DecodeResult.Rejected("body " + e.getMessage());
        }
        JsonNode items = root == null ? null : root.isObject() ? root.get("events") : root;
        if (items == null || !items.isArray()) {
            return new DecodeResult.Rejected("events: required, an array (send {\"events\":[...]})");
        }
        if (items.isEmpty()) {
            return new DecodeResult.Rejected("events: batch is empty");
        }
        long nowMs = clock.millis();
        List<Sample> out = new ArrayList<>();
        List<LogRecord> lines = new ArrayList<>();
        try {
            for (int i = 0; i < items.size(); i++) {
                event("events[" + i + "]", items.get(i), nowMs, out, lines);
            }
        } catch (InvalidSample | InvalidLog e) {
            return new DecodeResult.Rejected(e.getMessage());
        }
        return new DecodeResult.Accepted(out, lines);
    }

    private void event(String path, JsonNode event, long nowMs, List<Sample> out, List<LogRecord> lines) {
        if (!event.isObject()) {
            throw new InvalidSample(path, "must be a JSON object");
        }
        JsonNode name = event.get("name");
        if (name == null || !name.isTextual()) {
            throw new InvalidSample(path + ".name", "required, a string");
        }
        String problem = SeriesRules.metricNameProblem(name.textValue());
        if (problem != null) {
            throw new InvalidSample(path + ".name", problem);
        }
        ObjectNode labels = labels(path, event);
        Sample counted =
                samples.sample(path, sample(name.textValue() + "_events", labels, 1, event.get("timestamp")), nowMs);
        out.add(counted);
        Double seconds = duration(path, event);
        if (seconds != null) {
            out.add(new Sample(
                    name.textValue() + "_duration_seconds",
                    counted.labels(),
                    seconds,
                    counted.timestampMs(),
                    counted.kind()));
        }
        JsonNode message = event.get("message");
        if (message != null && !message.isNull()) {
            if (!message.isTextual()) {
                throw new InvalidLog(path + ".message", "must be a string");
            }
            Map<String, String> fields = attributes(path, event.get("attributes"));
            if (seconds != null) {
                fields.put("duration_seconds", String.valueOf(seconds));
            }
            lines.add(logs.record(
                    path,
                    counted.labels().with("event", name.textValue()),
                    counted.timestampMs() * 1_000_000L,
                    message.textValue(),
                    fields,
                    nowMs));
        }
    }

    /** The event's labels with its status as one more, as text: 500 and "500" are the same status. */
    private static ObjectNode labels(String path, JsonNode event) {
        JsonNode given = event.get("labels");
        ObjectNode labels = NODES.objectNode();
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new InvalidSample(path + ".labels", "must be a JSON object of string values");
            }
            labels.setAll((ObjectNode) given);
        }
        JsonNode status = event.get("status");
        if (status != null && !status.isNull()) {
            if (labels.has("status")) {
                throw new InvalidSample(path + ".status", "given both as a field and as labels.status");
            }
            if (!status.isTextual() && !status.isIntegralNumber()) {
                throw new InvalidSample(path + ".status", "must be a string or a whole number");
            }
            labels.put("status", status.asText());
        }
        return labels;
    }

    private static Double duration(String path, JsonNode event) {
        JsonNode ms = event.get("duration_ms");
        JsonNode s = event.get("duration_seconds");
        if (ms != null && s != null) {
            throw new InvalidSample(path, "give duration_ms or duration_seconds, not both");
        }
        JsonNode d = ms != null ? ms : s;
        if (d == null || d.isNull()) {
            return null;
        }
        String field = path + (ms != null ? ".duration_ms" : ".duration_seconds");
        if (!d.isNumber() || !Double.isFinite(d.doubleValue()) || d.doubleValue() < 0) {
            throw new InvalidSample(field, "must be a number, zero or more");
        }
        return ms != null ? d.doubleValue() / 1000 : d.doubleValue();
    }

    private static Map<String, String> attributes(String path, JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidLog(path + ".attributes", "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new InvalidLog(
                        path + ".attributes[" + SeriesRules.quote(e.getKey()) + "]",
                        "must be a string, number or boolean");
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    private static ObjectNode sample(String name, ObjectNode labels, double value, JsonNode timestamp) {
        ObjectNode n = NODES.objectNode();
        n.put("name", name);
        n.set("labels", labels);
        n.put("value", value);
        if (timestamp != null) {
            n.set("timestamp", timestamp);
        }
        return n;
    }
}
