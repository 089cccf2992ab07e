package io.tocsin.console.view;

import io.tocsin.core.config.Durations;
import io.tocsin.core.label.MatchOp;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.label.SelectorParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The new/edit silence form as typed, and the Alertmanager silence it becomes.
 *
 * @param id       empty for a new silence; the silence to replace when editing
 * @param duration how long from now, as everywhere ({@code 2h}, {@code 30m})
 * @param error    why the last submission was refused, or ""
 */
public record SilenceForm(String id, String matchers, String duration, String createdBy, String comment, String error) {

    public static SilenceForm blank(String matchers) {
        return new SilenceForm("", matchers == null ? "" : matchers, "2h", "", "", "");
    }

    public SilenceForm withError(String e) {
        return new SilenceForm(id, matchers, duration, createdBy, comment, e);
    }

    public boolean editing() {
        return !id.isEmpty();
    }

    public String action() {
        return editing() ? "/silences/" + AlertRow.enc(id) : "/silences";
    }

    /**
     * The body of {@code POST /api/v2/silences}.
     *
     * @throws IllegalArgumentException with a reason to show next to the form
     */
    public JsonObject toApi(Instant now) {
        if (matchers.isBlank()) {
            throw new IllegalArgumentException("give at least one matcher, e.g. alertname=\"X\"");
        }
        List<Matcher> parsed = SelectorParser.alertmanager(matchers.strip());
        Duration d = Durations.parse(duration.strip());
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        JsonArray ms = new JsonArray();
        for (Matcher m : parsed) {
            ms.add(new JsonObject()
                    .put("name", m.name())
                    .put("value", m.value())
                    .put("isRegex", m.op() == MatchOp.REGEX || m.op() == MatchOp.NOT_REGEX)
                    .put("isEqual", m.op() == MatchOp.EQUAL || m.op() == MatchOp.REGEX));
        }
        JsonObject body = new JsonObject()
                .put("matchers", ms)
                .put("startsAt", now.toString())
                .put("endsAt", now.plus(d).toString())
                .put("createdBy", createdBy.strip())
                .put("comment", comment);
        if (editing()) {
            body.put("id", id);
        }
        return body;
    }
}
