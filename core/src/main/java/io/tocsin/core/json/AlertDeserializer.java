package io.tocsin.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an {@link Alert} of tocsin.alerts.v1 straight from Jackson's token stream, in the shape
 * Tocsin writes it ({@link Json#write}): the dispatch's stream thread reads every alert, and
 * binding it through the mapper (a bean per record, ISO instants through the mapper's formatter)
 * was a seventh of that thread in an emission run. Anything this reader does not expect (an
 * instant as a number, a null where a string was, a label that is not a string) is read again by
 * the mapper, so the result, and what is refused, are the mapper's. Unknown fields are skipped.
 */
public final class AlertDeserializer implements Deserializer<Alert> {
    private static final ObjectReader MAPPER = Json.MAPPER.readerFor(Alert.class);

    /** The fast path met something only the mapper reads; not an error. */
    private static final class NotPlain extends Exception {
        NotPlain() {
            super(null, null, false, false);
        }
    }

    private static final NotPlain NOT_PLAIN = new NotPlain();

    @Override
    public Alert deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes)) {
                return read(p);
            } catch (NotPlain | IOException | RuntimeException e) {
                return MAPPER.readValue(bytes);
            }
        } catch (Exception e) {
            throw new SerializationException("not a valid Alert on " + topic, e);
        }
    }

    private static Alert read(JsonParser p) throws IOException, NotPlain {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw NOT_PLAIN;
        }
        Labels labels = null;
        Map<String, String> annotations = null;
        AlertState state = null;
        double value = 0;
        Instant startsAt = null;
        Instant endsAt = null;
        String source = null;
        String ruleVersion = null;
        String generatorURL = null;
        String ruleFile = null;
        int ruleLine = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "labels" -> {
                    TreeMap<String, String> m = strings(p, t, new TreeMap<>());
                    labels = m == null || m.isEmpty() ? Labels.EMPTY : new Labels(m);
                }
                case "annotations" -> annotations = strings(p, t, new HashMap<>());
                case "state" -> state = AlertState.fromWire(string(p, t));
                case "value" -> value = number(p, t);
                case "startsAt" -> startsAt = instant(p, t);
                case "endsAt" -> endsAt = instant(p, t);
                case "source" -> source = string(p, t);
                case "ruleVersion" -> ruleVersion = string(p, t);
                case "generatorURL" -> generatorURL = string(p, t);
                case "ruleFile" -> ruleFile = t == JsonToken.VALUE_NULL ? null : string(p, t);
                case "ruleLine" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw NOT_PLAIN;
                    }
                    ruleLine = p.getIntValue();
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw NOT_PLAIN; // trailing content: the mapper says what it makes of it
        }
        return new Alert(
                labels,
                annotations,
                state,
                value,
                startsAt,
                endsAt,
                source,
                ruleVersion,
                generatorURL,
                ruleFile,
                ruleLine);
    }

    /** A JSON object of strings, or null; anything else is the mapper's to read. */
    private static <M extends Map<String, String>> M strings(JsonParser p, JsonToken t, M into)
            throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw NOT_PLAIN;
        }
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw NOT_PLAIN;
            }
            into.put(name, p.getText());
        }
        return into;
    }

    private static String string(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t != JsonToken.VALUE_STRING) {
            throw NOT_PLAIN;
        }
        return p.getText();
    }

    private static double number(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING && p.getText().equals("NaN")) {
            return Double.NaN; // how the mapper writes an unknown value
        }
        throw NOT_PLAIN;
    }

    /** An instant as the mapper writes it (ISO-8601, UTC), or null. */
    private static Instant instant(JsonParser p, JsonToken t) throws IOException, NotPlain {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw NOT_PLAIN;
        }
        String s = p.getText();
        if (s.isEmpty() || s.charAt(s.length() - 1) != 'Z') {
            throw NOT_PLAIN;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw NOT_PLAIN;
        }
    }
}
