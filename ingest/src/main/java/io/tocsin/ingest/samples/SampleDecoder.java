package io.tocsin.ingest.samples;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tocsin.core.json.Json;
import io.tocsin.core.wire.Sample;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the body of {@code POST /v1/samples} into samples, all or nothing: either
 * {@code {"samples":[...]}} or a bare array of the same objects. Pure: no I/O, time from the
 * injected clock.
 */
public final class SampleDecoder {

    /*
     * NaN and Infinity are parsed (and then refused by name) so that the client learns which
     * sample is wrong instead of "not JSON"; duplicate keys are refused because a label given
     * twice is ambiguous; trailing garbage is refused because it means a broken client.
     */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final SampleFields fields;
    private final Clock clock;

    public SampleDecoder(SampleLimits limits, Clock clock) {
        this.fields = new SampleFields(limits);
        this.clock = clock;
    }

    public DecodeResult decode(byte[] body) {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            return new DecodeResult.Rejected("body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            return new DecodeResult.Rejected("body could not be read");
        }
        try {
            return new DecodeResult.Accepted(samples(items(root)));
        } catch (InvalidSample e) {
            return new DecodeResult.Rejected(e.getMessage());
        }
    }

    private static JsonNode items(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            throw new InvalidSample("body", "is empty; send {\"samples\":[...]}");
        }
        JsonNode items = root;
        if (root.isObject()) {
            items = root.get("samples");
            if (items == null || items.isNull()) {
                throw new InvalidSample("samples", "required");
            }
        } else if (!root.isArray()) {
            throw new InvalidSample("body", "must be {\"samples\":[...]} or a JSON array of samples");
        }
        if (!items.isArray()) {
            throw new InvalidSample("samples", "must be an array");
        }
        if (items.isEmpty()) {
            throw new InvalidSample("samples", "batch is empty");
        }
        return items;
    }

    private List<Sample> samples(JsonNode items) {
        // One instant for the whole batch: samples without a timestamp in one request are simultaneous.
        long nowMs = clock.millis();
        List<Sample> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(fields.sample("samples[" + i + "]", items.get(i), nowMs));
        }
        return out;
    }

    /** Jackson's own words and the position, never the body itself. */
    private static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        if (e instanceof JsonParseException && e.getLocation() != null) {
            return what + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return what;
    }
}
