package io.tocsin.server.cli.render;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code tocsin silences}: Alertmanager's {@code GET /api/v2/silences} as a table, in the order given. */
public final class SilencesText {
    private SilencesText() {}

    public static String render(JsonArray silences, Instant now) {
        if (silences.isEmpty()) {
            return "no silences\n";
        }
        TextTable t = new TextTable("ID", "STATE", "MATCHERS", "ENDS", "CREATED BY", "COMMENT");
        for (Object o : silences) {
            JsonObject s = (JsonObject) o;
            String state = s.getJsonObject("status", new JsonObject()).getString("state", "?");
            t.row(
                    s.getString("id", "?"),
                    state,
                    matchers(s.getJsonArray("matchers", new JsonArray())),
                    state.equals("pending")
                            ? "starts " + Text.relative(s.getString("startsAt"), now)
                            : Text.relative(s.getString("endsAt"), now),
                    s.getString("createdBy", ""),
                    s.getString("comment", ""));
        }
        return t.render("");
    }

    /** {@code alertname="X", severity=~"warn.*"}: the matchers as a person writes them. */
    static String matchers(JsonArray matchers) {
        List<String> out = new ArrayList<>();
        for (Object o : matchers) {
            JsonObject m = (JsonObject) o;
            boolean regex = m.getBoolean("isRegex", false);
            boolean equal = m.getBoolean("isEqual", true);
            String op = regex ? (equal ? "=~" : "!~") : (equal ? "=" : "!=");
            out.add(m.getString("name") + op + "\"" + m.getString("value") + "\"");
        }
        return String.join(", ", out);
    }
}
