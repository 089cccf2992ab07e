package io.tocsin.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.io.IOException;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@link Sample} of tocsin.samples.v1 straight from Jackson's token stream: the rules
 * stage reads every sample, and binding through the mapper was a tenth of its time. Same format
 * and leniency as {@link JsonSerde}: unknown fields are skipped, missing labels and kind default.
 */
public final class SampleDeserializer implements Deserializer<Sample> {

    @Override
    public Sample deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a valid Sample on " + topic, e);
        }
    }

    /** A sample's value and time, read without its name and labels. */
    public record Point(double value, long timestampMs) {}

    /**
     * The value and time of a sample whose series the reader already knows by its key: name and
     * labels are skipped, not decoded, which is most of a sample's bytes and all of its strings.
     *
     * @throws SerializationException when the bytes are not a sample
     */
    public static Point point(String topic, byte[] bytes) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a sample is a JSON object");
            }
            double value = 0;
            long timestampMs = 0;
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                switch (field) {
                    case "value" -> value = number(p, t, field);
                    case "timestampMs" -> timestampMs = (long) number(p, t, field);
                    default -> p.skipChildren();
                }
            }
            return new Point(value, timestampMs);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a valid Sample on " + topic, e);
        }
    }

    private static Sample read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("a sample is a JSON object");
        }
        String name = null;
        Labels labels = Labels.EMPTY;
        double value = 0;
        long timestampMs = 0;
        SampleKind kind = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "name" -> name = t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                case "labels" -> labels = t == JsonToken.START_OBJECT ? labels(p) : Labels.EMPTY;
                case "value" -> value = number(p, t, field);
                case "timestampMs" -> timestampMs = (long) number(p, t, field);
                case "kind" -> kind = t == JsonToken.VALUE_NULL ? null : SampleKind.fromWire(p.getText());
                default -> p.skipChildren();
            }
        }
        return new Sample(name, labels, value, timestampMs, kind);
    }

    private static Labels labels(JsonParser p) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        for (String label = p.nextFieldName(); label != null; label = p.nextFieldName()) {
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IOException("label " + label + " is not a string");
            }
            m.put(label, p.getText());
        }
        return m.isEmpty() ? Labels.EMPTY : new Labels(m);
    }

    private static double number(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) { // Jackson's binding coerces "NaN" and numeric text alike
            return Double.parseDouble(p.getText());
        }
        throw new IOException(field + " is not a number");
    }
}
