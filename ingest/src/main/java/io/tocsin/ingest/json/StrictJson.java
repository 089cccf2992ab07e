package io.tocsin.ingest.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tocsin.core.json.Json;
import io.tocsin.ingest.text.StrictText;
import java.io.IOException;

/**
 * How every JSON receiver reads a body, and how it says that a body is not JSON. Strict for our
 * own formats: a key given twice is refused because it is ambiguous (a label with two values),
 * trailing garbage because it means a broken client. Lenient for webhooks, whose payloads come
 * from tools we do not control.
 */
public final class StrictJson {
    private static final ObjectReader STRICT = Json.MAPPER
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {}

    /** @return the tree, MissingNode for an empty body */
    public static JsonNode read(byte[] body) throws NotJson {
        return read(STRICT, body);
    }

    /** As {@link #read}, accepting duplicate keys (the last wins) and ignoring what follows the value. */
    public static JsonNode readLenient(byte[] body) throws NotJson {
        return read(Json.MAPPER.reader(), body);
    }

    private static JsonNode read(ObjectReader reader, byte[] body) throws NotJson {
        String notUtf8 = StrictText.utf8Problem(body);
        if (notUtf8 != null) {
            // Jackson would decode an overlong C0 AF as '/': JSON is UTF-8, and only well-formed UTF-8.
            throw new NotJson("is not valid UTF-8: " + notUtf8);
        }
        try {
            return reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NotJson(e);
        } catch (IOException e) {
            throw new NotJson("could not be read");
        }
    }

    /** Jackson's own words and, for a syntax error, the position; never the body itself. */
    public static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage();
        if (e instanceof JsonParseException && e.getLocation() != null) {
            return what + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
        }
        return what;
    }

    /** A body that is not JSON; {@link #getMessage()} completes "body ...", e.g. "is not valid JSON: ...". */
    public static final class NotJson extends Exception {
        NotJson(JsonProcessingException e) {
            this("is not valid JSON: " + describe(e));
        }

        NotJson(String problem) {
            super(problem, null, false, false);
        }
    }
}
