package io.tocsin.ingest.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.ingest.json.StrictJson;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.Rfc3339;
import io.tocsin.ingest.samples.SeriesRules;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/logs}: {@code {"logs":[{"labels":{..},"line":"..","timestamp":..,
 * "fields":{..}}]}} or a bare array of the same objects, all or nothing. The timestamp is Unix
 * milliseconds or RFC 3339 (nanoseconds kept), now when absent. Pure.
 */
public final class LogDecoder {

    private final LogFields fields;
    private final Clock clock;

    public LogDecoder(LogLimits limits, Clock clock) {
        this.fields = new LogFields(limits);
        this.clock = clock;
    }

    public DecodeResult decode(byte[] body) {
        JsonNode root;
        try {
            root = StrictJson.read(body);
        } catch (StrictJson.NotJson e) {
            return new DecodeResult.Rejected("body " + e.getMessage());
        }
        try {
            return DecodeResult.Accepted.logs(records(items(root)));
        } catch (InvalidLog e) {
            return new DecodeResult.Rejected(e.getMessage());
        }
    }

    private static JsonNode items(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new InvalidLog("body", "is empty; send {\"logs\":[...]}");
        }
        JsonNode items = root.isObject() ? root.get("logs") : root;
        if (items == null || !items.isArray()) {
            throw new InvalidLog("logs", "required, an array");
        }
        if (items.isEmpty()) {
            throw new InvalidLog("logs", "batch is empty");
        }
        return items;
    }

    private List<LogRecord> records(JsonNode items) {
        long nowMs = clock.millis();
        List<LogRecord> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = "logs[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw new InvalidLog(path, "must be a JSON object");
            }
            JsonNode line = item.get("line");
            if (line == null || !line.isTextual()) {
                throw new InvalidLog(path + ".line", "required, a string");
            }
            out.add(fields.record(
                    path,
                    fields.streamLabels(path + ".labels", strings(path + ".labels", item.get("labels"))),
                    nanos(path + ".timestamp", item.get("timestamp"), nowMs),
                    line.textValue(),
                    strings(path + ".fields", item.get("fields")),
                    nowMs));
        }
        return out;
    }

    private static long nanos(String path, JsonNode node, long nowMs) {
        if (node == null || node.isNull()) {
            return nowMs * 1_000_000L;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long ms = node.longValue();
            if (Math.abs(ms) > Long.MAX_VALUE / 1_000_000L) {
                throw new InvalidLog(path, "out of range (numbers are Unix milliseconds)");
            }
            return ms * 1_000_000L;
        }
        if (node.isTextual()) {
            try {
                Instant t = Rfc3339.parse(node.textValue());
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidLog(
                        path,
                        SeriesRules.quote(node.textValue())
                                + " is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00.123456789Z)");
            }
        }
        throw new InvalidLog(path, "must be whole Unix milliseconds or an RFC 3339 string");
    }

    /** Labels and fields are flat string maps; numbers and booleans are the client's to stringify. */
    private static Map<String, String> strings(String path, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidLog(path, "must be a JSON object of string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new InvalidLog(path + "[" + SeriesRules.quote(e.getKey()) + "]", "value must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
