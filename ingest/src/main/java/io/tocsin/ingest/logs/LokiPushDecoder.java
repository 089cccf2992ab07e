package io.tocsin.ingest.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.label.SelectorSyntaxException;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.ingest.json.StrictJson;
import io.tocsin.ingest.loki.proto.Push.EntryAdapter;
import io.tocsin.ingest.loki.proto.Push.LabelPairAdapter;
import io.tocsin.ingest.loki.proto.Push.PushRequest;
import io.tocsin.ingest.loki.proto.Push.StreamAdapter;
import io.tocsin.ingest.remotewrite.SnappyBlock;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SeriesRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The body of Loki's {@code POST /loki/api/v1/push}, in either of its flavours, into log
 * records, all or nothing. JSON: {@code {"streams":[{"stream":{..},"values":[["<ns>","line",{..}]]}]}}
 * with the timestamp a string of Unix nanoseconds, optionally gzip. Protobuf: a snappy block of
 * {@code logproto.PushRequest}, which promtail and Loki4j send without Content-Encoding. Pure.
 */
public final class LokiPushDecoder {

    private final LogFields fields;
    private final int maxDecodedBytes;
    private final Clock clock;

    public LokiPushDecoder(LogLimits limits, int maxDecodedBytes, Clock clock) {
        this.fields = new LogFields(limits);
        this.maxDecodedBytes = maxDecodedBytes;
        this.clock = clock;
    }

    public DecodeResult decode(String contentType, String contentEncoding, byte[] body) {
        String type = contentType == null
                ? "application/json"
                : contentType.toLowerCase(Locale.ROOT).trim();
        try {
            if (type.startsWith("application/x-protobuf")) {
                if (contentEncoding != null
                        && !contentEncoding.isBlank()
                        && !contentEncoding.trim().equalsIgnoreCase("snappy")) {
                    return new DecodeResult.Rejected(
                            "Content-Encoding: protobuf pushes are snappy blocks, not " + contentEncoding.trim(), 415);
                }
                return DecodeResult.Accepted.logs(protobuf(body));
            }
            if (type.startsWith("application/json")) {
                return DecodeResult.Accepted.logs(json(decodeJsonBody(contentEncoding, body)));
            }
            return new DecodeResult.Rejected(
                    "Content-Type: must be application/json or application/x-protobuf, not " + contentType.trim(), 415);
        } catch (InvalidLog e) {
            return new DecodeResult.Rejected(e.getMessage());
        }
    }

    // ---- protobuf ----

    private List<LogRecord> protobuf(byte[] body) {
        PushRequest request;
        try {
            request = PushRequest.parseFrom(SnappyBlock.uncompress(body, maxDecodedBytes));
        } catch (SnappyBlock.BadBlock e) {
            throw new InvalidLog("body", e.getMessage());
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidLog("body", "not a protobuf PushRequest (" + e.getMessage() + ")");
        }
        long nowMs = clock.millis();
        List<LogRecord> out = new ArrayList<>();
        for (int i = 0; i < request.getStreamsCount(); i++) {
            StreamAdapter stream = request.getStreams(i);
            String path = "streams[" + i + "]";
            Map<String, String> given;
            try {
                given = SelectorParser.streamLabels(stream.getLabels());
            } catch (SelectorSyntaxException e) {
                throw new InvalidLog(path + ".labels", SeriesRules.quote(stream.getLabels()) + ": " + e.getMessage());
            }
            Labels labels = fields.streamLabels(path + ".labels", given);
            for (int j = 0; j < stream.getEntriesCount(); j++) {
                EntryAdapter entry = stream.getEntries(j);
                Map<String, String> metadata = new LinkedHashMap<>();
                for (LabelPairAdapter pair : entry.getStructuredMetadataList()) {
                    metadata.put(pair.getName(), pair.getValue());
                }
                long ns;
                try {
                    ns = Math.addExact(
                            Math.multiplyExact(entry.getTimestamp().getSeconds(), 1_000_000_000L),
                            entry.getTimestamp().getNanos());
                } catch (ArithmeticException e) {
                    throw new InvalidLog(path + ".entries[" + j + "].timestamp", "out of range");
                }
                out.add(fields.record(path + ".entries[" + j + "]", labels, ns, entry.getLine(), metadata, nowMs));
            }
        }
        return out;
    }

    // ---- JSON ----

    private byte[] decodeJsonBody(String contentEncoding, byte[] body) {
        if (contentEncoding == null
                || contentEncoding.isBlank()
                || contentEncoding.trim().equalsIgnoreCase("identity")) {
            return body;
        }
        if (!contentEncoding.trim().equalsIgnoreCase("gzip")) {
            throw new InvalidLog("Content-Encoding", "only gzip is accepted for JSON, not " + contentEncoding.trim());
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] out = in.readNBytes(maxDecodedBytes + 1);
            if (out.length > maxDecodedBytes) {
                throw new InvalidLog("body", "uncompresses to more than " + maxDecodedBytes + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new InvalidLog("body", "is not valid gzip");
        }
    }

    private List<LogRecord> json(byte[] body) {
        JsonNode root;
        try {
            root = StrictJson.read(body);
        } catch (StrictJson.NotJson e) {
            throw new InvalidLog("body", e.getMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new InvalidLog("body", "must be {\"streams\":[...]}");
        }
        JsonNode streams = root.get("streams");
        if (streams == null || !streams.isArray()) {
            throw new InvalidLog("streams", "required, an array");
        }
        long nowMs = clock.millis();
        List<LogRecord> out = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            String path = "streams[" + i + "]";
            JsonNode stream = streams.get(i);
            if (!stream.isObject()) {
                throw new InvalidLog(path, "must be a JSON object");
            }
            Labels labels =
                    fields.streamLabels(path + ".stream", strings(path + ".stream", stream.get("stream"), true));
            JsonNode values = stream.get("values");
            if (values == null || !values.isArray()) {
                throw new InvalidLog(path + ".values", "required, an array of [\"<unix ns>\", \"line\"]");
            }
            for (int j = 0; j < values.size(); j++) {
                out.add(entry(path + ".values[" + j + "]", labels, values.get(j), nowMs));
            }
        }
        return out;
    }

    private LogRecord entry(String path, Labels labels, JsonNode value, long nowMs) {
        if (!value.isArray() || value.size() < 2 || value.size() > 3) {
            throw new InvalidLog(path, "must be [\"<unix ns>\", \"line\"] or [\"<unix ns>\", \"line\", {metadata}]");
        }
        JsonNode ts = value.get(0);
        if (!ts.isTextual()) {
            // Loki itself refuses a numeric timestamp: precision would be lost in JSON numbers.
            throw new InvalidLog(
                    path + "[0]", "timestamp must be a string of Unix nanoseconds, e.g. \"1700000000000000000\"");
        }
        long ns;
        try {
            ns = Long.parseLong(ts.textValue());
        } catch (NumberFormatException e) {
            throw new InvalidLog(path + "[0]", SeriesRules.quote(ts.textValue()) + " is not Unix nanoseconds");
        }
        JsonNode line = value.get(1);
        if (!line.isTextual()) {
            throw new InvalidLog(path + "[1]", "log line must be a string");
        }
        Map<String, String> metadata = value.size() == 3 ? strings(path + "[2]", value.get(2), false) : Map.of();
        return fields.record(path, labels, ns, line.textValue(), metadata, nowMs);
    }

    private static Map<String, String> strings(String path, JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidLog(path, "required, an object of labels");
            }
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
