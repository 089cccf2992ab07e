package io.tocsin.notifier.provenance;

import io.tocsin.core.label.MatchOp;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.label.Selector;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Fingerprint;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.silence.SilenceBook;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /api/v1/alerts/{fingerprint}/history} and {@code GET /api/v1/why}, answered by the
 * instance that holds the fingerprint's history; another instance forwards the request there
 * (with the caller's Authorization) and relays the answer.
 */
public final class ProvenanceApi {
    static final String LOCAL = "local";
    private static final int DEFAULT_LIMIT = 200;
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    /** The current escalation is shown for an {@code at} this close to now. */
    private static final Duration NOW_ENOUGH = Duration.ofMinutes(1);

    private final Supplier<ReadOnlyKeyValueStore<String, History>> store;
    private final HistoryOwners owners;
    private final SilenceBook silences;
    private final Supplier<List<Alert>> inhibiting;
    private final Supplier<? extends Collection<AlertGroup>> groups;
    private final Supplier<NotifierConfig> config;
    private final Clock clock;
    private final WebClient http;

    public ProvenanceApi(
            Supplier<ReadOnlyKeyValueStore<String, History>> store,
            HistoryOwners owners,
            SilenceBook silences,
            Supplier<List<Alert>> inhibiting,
            Supplier<? extends Collection<AlertGroup>> groups,
            Supplier<NotifierConfig> config,
            Clock clock,
            WebClient http) {
        this.store = store;
        this.owners = owners;
        this.silences = silences;
        this.inhibiting = inhibiting;
        this.groups = groups;
        this.config = config;
        this.clock = clock;
        this.http = http;
    }

    public void mount(Router router) {
        router.get("/api/v1/alerts/:fingerprint/history").handler(this::history);
        router.get("/api/v1/why").handler(this::why);
    }

    private void history(RoutingContext ctx) {
        String fp = ctx.pathParam("fingerprint");
        int limit = limit(ctx.queryParams().get("limit"));
        if (forwarded(ctx, fp)) {
            return;
        }
        ctx.vertx()
                .executeBlocking(
                        () -> {
                            History h = store.get().get(fp);
                            if (h == null) {
                                throw new BadRequest(404, "no record of alert " + fp + " on this notifier", null);
                            }
                            return ProvenanceJson.history(h, limit);
                        },
                        false)
                .onSuccess(body -> send(ctx, body))
                .onFailure(ctx::fail);
    }

    private void why(RoutingContext ctx) {
        String match = ctx.queryParams().get("match");
        String fingerprint = ctx.queryParams().get("fingerprint");
        Instant at = at(ctx.queryParams().get("at"), clock.instant());
        Labels labels;
        String fp;
        if (match != null && !match.isBlank()) {
            labels = labels(match);
            fp = Fingerprint.of(labels);
        } else if (fingerprint != null && !fingerprint.isBlank()) {
            labels = null;
            fp = fingerprint;
        } else {
            throw new BadRequest("give match={label=\"value\",...} or fingerprint=<fingerprint>");
        }
        if (forwarded(ctx, fp)) {
            return;
        }
        ctx.vertx()
                .executeBlocking(() -> ProvenanceJson.why(Why.explain(input(fp, labels, at))), false)
                .onSuccess(body -> send(ctx, body))
                .onFailure(ctx::fail);
    }

    /** What the why walk needs at {@code at}, from this instance's stores. */
    private Why.Input input(String fp, Labels given, Instant at) {
        History h = store.get().get(fp);
        Labels labels = given;
        if (labels == null) {
            if (h == null || h.labels().isEmpty()) {
                throw new BadRequest(404, "no record of alert " + fp + " on this notifier", null);
            }
            labels = h.labels();
        }
        List<ProvenanceEvent> events = h == null ? List.of() : h.events();
        // Sources firing now that had started by then; ones that stopped since are known only
        // through the target's own recorded inhibition.
        List<Alert> sources = new ArrayList<>();
        for (Alert a : inhibiting.get()) {
            if (a.startsAt() == null || !a.startsAt().isAfter(at)) {
                sources.add(a);
            }
        }
        NotifierConfig c = config.get();
        return new Why.Input(
                labels,
                at,
                c.root(),
                c.inhibitRules(),
                c.timeIntervals(),
                silences.all(),
                sources,
                recordedInhibition(events, at),
                AlertStatus.at(events, at),
                escalation(fp, at));
    }

    /** The inhibition in force at {@code at} by the history: the last inhibited/uninhibited of the episode. */
    static Why.RecordedInhibition recordedInhibition(List<ProvenanceEvent> events, Instant at) {
        Why.RecordedInhibition in = null;
        for (ProvenanceEvent e : events) {
            if (e.at().isAfter(at)) {
                break;
            }
            switch (e.kind()) {
                case INHIBITED ->
                    in = new Why.RecordedInhibition(
                            String.valueOf(e.detail().get("sourceFingerprint")),
                            (String) e.detail().get("sourceAlertname"),
                            ((Number) e.detail().getOrDefault("ruleIndex", 0)).intValue());
                case UNINHIBITED, FIRED, RESOLVED -> in = null;
                default -> {}
            }
        }
        return in;
    }

    private Why.EscalationState escalation(String fp, Instant at) {
        if (Duration.between(at, clock.instant()).abs().compareTo(NOW_ENOUGH) > 0) {
            return null;
        }
        try {
            for (AlertGroup g : groups.get()) {
                if (g.escalation() != null && g.alerts().containsKey(fp)) {
                    return new Why.EscalationState(
                            g.escalation().policy(),
                            g.escalation().nextStep(),
                            g.escalation().nextDue());
                }
            }
        } catch (BadRequest e) {
            // The groups are not readable yet (starting, rebalancing): answer without escalation.
        }
        return null;
    }

    /** Relays the request to the instance holding {@code fp}'s history; false when that is this one. */
    private boolean forwarded(RoutingContext ctx, String fp) {
        if ("true".equals(ctx.queryParams().get(LOCAL))) {
            return false;
        }
        String owner = owners.ownerUrl(fp);
        if (owner == null) {
            return false;
        }
        String query = ctx.request().query();
        var request = http.getAbs(owner + ctx.request().path() + "?"
                        + (query == null || query.isEmpty() ? "" : query + "&") + LOCAL + "=true")
                .timeout(FORWARD_TIMEOUT.toMillis());
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null) {
            request.putHeader("Authorization", auth);
        }
        request.send()
                .onSuccess(r -> relay(ctx, r))
                .onFailure(e -> ctx.fail(new BadRequest(503, "instance " + owner + " did not answer", 1)));
        return true;
    }

    private static void relay(RoutingContext ctx, HttpResponse<Buffer> r) {
        ctx.response()
                .setStatusCode(r.statusCode())
                .putHeader("content-type", "application/json")
                .end(r.body() == null ? Buffer.buffer() : r.body());
    }

    private static void send(RoutingContext ctx, JsonObject body) {
        ctx.response()
                .setStatusCode(200)
                .putHeader("content-type", "application/json")
                .end(body.encode());
    }

    private static int limit(String s) {
        if (s == null || s.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n <= 0) {
                throw new BadRequest("limit must be positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest("limit must be a number");
        }
    }

    /** RFC 3339 or unix seconds (fractions allowed); now when absent. */
    static Instant at(String s, Instant now) {
        if (s == null || s.isBlank()) {
            return now;
        }
        String t = s.trim();
        try {
            if (t.matches("-?\\d+(\\.\\d+)?")) {
                double secs = Double.parseDouble(t);
                return Instant.ofEpochMilli(Math.round(secs * 1000));
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadRequest("at must be RFC 3339 or unix seconds, not '" + s + "'");
        }
    }

    /** A selector of equality matchers, e.g. {@code {alertname="X",instance="db1"}}, as a label set. */
    static Labels labels(String match) {
        Selector sel;
        try {
            sel = SelectorParser.promql(match.trim());
        } catch (RuntimeException e) {
            throw new BadRequest("match: " + e.getMessage());
        }
        TreeMap<String, String> out = new TreeMap<>();
        if (sel.metric() != null) {
            out.put("alertname", sel.metric());
        }
        for (Matcher m : sel.matchers()) {
            if (m.op() != MatchOp.EQUAL) {
                throw new BadRequest("match takes equality matchers only (a label set), not " + m);
            }
            out.put(m.name(), m.value());
        }
        if (out.isEmpty()) {
            throw new BadRequest("match names no label");
        }
        return Labels.of(out);
    }
}
