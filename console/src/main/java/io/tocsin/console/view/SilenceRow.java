package io.tocsin.console.view;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One silence as the Silences page lists it. */
public record SilenceRow(
        String id,
        String matchers,
        String state,
        String startsAt,
        String endsAt,
        String endsIn,
        String createdBy,
        String comment) {

    /** From Alertmanager's silence JSON ({@code GET /api/v2/silences}). */
    public static SilenceRow of(JsonObject s, Instant now) {
        return new SilenceRow(
                s.getString("id", ""),
                matchersText(s),
                s.getJsonObject("status", new JsonObject()).getString("state", ""),
                s.getString("startsAt", ""),
                s.getString("endsAt", ""),
                Ago.until(Ago.parse(s.getString("endsAt")), now),
                s.getString("createdBy", ""),
                s.getString("comment", ""));
    }

    /** {@code a="b", c=~"d"}: the matchers as the form takes them back. */
    public static String matchersText(JsonObject s) {
        List<String> out = new ArrayList<>();
        for (JsonObject m : BoardBuilder.objects(s.getJsonArray("matchers"))) {
            boolean regex = m.getBoolean("isRegex", false);
            boolean equal = m.getBoolean("isEqual", true);
            String op = equal ? (regex ? "=~" : "=") : (regex ? "!~" : "!=");
            out.add(m.getString("name", "") + op + LabelText.quote(m.getString("value", "")));
        }
        return String.join(", ", out);
    }

    public boolean expired() {
        return "expired".equals(state);
    }

    public String link() {
        return "/silences/" + AlertRow.enc(id);
    }

    public String shortId() {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
