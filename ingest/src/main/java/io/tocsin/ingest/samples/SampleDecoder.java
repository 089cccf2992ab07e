package io.tocsin.ingest.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.tocsin.core.wire.Sample;
import io.tocsin.ingest.json.StrictJson;
import io.tocsin.ingest.text.StrictText;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the body of {@code POST /v1/samples} into samples, all or nothing: either
 * {@code {"samples":[...]}} or a bare array of the same objects. Reads the token stream straight
 * into samples ({@link SampleReader}): a tree costs about twice as much, and this is ingest's
 * hottest path. Pure: no I/O, time from the injected clock.
 *
 * <p>A body that is not JSON is refused as such even when an earlier sample was already found
 * wrong: after the first bad sample the rest is still read, without judging it, to the end.
 */
public final class SampleDecoder {

    /*
     * NaN and Infinity are parsed (and then refused by name) so that the client learns which
     * sample is wrong instead of "not JSON"; duplicate keys are refused because a label given
     * twice is ambiguous; trailing garbage is refused because it means a broken client.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final SampleLimits limits;
    private final Clock clock;

    public SampleDecoder(SampleLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public DecodeResult decode(byte[] body) {
        String notUtf8 = StrictText.utf8Problem(body);
        if (notUtf8 != null) {
            return new DecodeResult.Rejected("body is not valid UTF-8: " + notUtf8);
        }
        try (JsonParser p = JSON.createParser(body)) {
            Batch batch = new Batch(new SampleReader(limits), clock.millis());
            JsonToken root = p.nextToken();
            if (root == null) {
                return new DecodeResult.Rejected("body: is empty; send {\"samples\":[...]}");
            }
            if (root == JsonToken.START_ARRAY) {
                batch.readItems(p);
            } else if (root == JsonToken.START_OBJECT) {
                batch.readObject(p);
            } else {
                batch.refuse(new InvalidSample("body", "must be {\"samples\":[...]} or a JSON array of samples"));
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                return new DecodeResult.Rejected(
                        "body is not valid JSON: Trailing token (of type " + trailing + ") found after value");
            }
            return batch.result();
        } catch (JsonProcessingException e) {
            return new DecodeResult.Rejected("body is not valid JSON: " + StrictJson.describe(e));
        } catch (IOException e) {
            return new DecodeResult.Rejected("body could not be read");
        }
    }

    /** The samples read so far, or the first refusal. */
    private static final class Batch {
        private final SampleReader reader;
        // One instant for the whole batch: samples without a timestamp in one request are simultaneous.
        private final long nowMs;
        private final List<Sample> samples = new ArrayList<>();
        private InvalidSample refusal;
        private boolean sawSamples;

        Batch(SampleReader reader, long nowMs) {
            this.reader = reader;
            this.nowMs = nowMs;
        }

        /** {@code {"samples":[...], ...}}: other fields are ignored, as a tree reader would. */
        void readObject(JsonParser p) throws IOException {
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                if (!field.equals("samples") || t == JsonToken.VALUE_NULL) {
                    p.skipChildren();
                } else if (t != JsonToken.START_ARRAY) {
                    sawSamples = true;
                    p.skipChildren();
                    refuse(new InvalidSample("samples", "must be an array"));
                } else {
                    sawSamples = true;
                    readItems(p);
                }
            }
            if (!sawSamples) {
                refuse(new InvalidSample("samples", "required"));
            }
        }

        /** With the parser on START_ARRAY, reads to its END_ARRAY. */
        void readItems(JsonParser p) throws IOException {
            int i = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
                if (refusal != null) {
                    p.skipChildren();
                    continue;
                }
                try {
                    samples.add(reader.read(p, i, nowMs));
                } catch (InvalidSample e) {
                    refuse(e);
                }
            }
            if (i == 0) {
                refuse(new InvalidSample("samples", "batch is empty"));
            }
        }

        void refuse(InvalidSample e) {
            if (refusal == null) {
                refusal = e;
            }
        }

        DecodeResult result() {
            return refusal != null
                    ? new DecodeResult.Rejected(refusal.getMessage())
                    : new DecodeResult.Accepted(samples);
        }
    }
}
