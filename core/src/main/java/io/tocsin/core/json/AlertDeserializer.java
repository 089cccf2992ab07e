package io.tocsin.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
        Instant at = isoUtc(p.getText());
        if (at == null) {
            throw NOT_PLAIN;
        }
        return at;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, the form the mapper writes ({@link Instant#toString}), read
     * digit by digit: java.time's formatter was half of this reader's time. Null for any other
     * form, or an impossible date or time, which the mapper then reads or refuses.
     */
    static Instant isoUtc(String s) {
        int n = s.length();
        if (n < 20
                || n > 30
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code s[from, to)}, or -1 if any of it is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
