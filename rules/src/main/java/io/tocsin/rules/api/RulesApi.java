package io.tocsin.rules.api;

import io.tocsin.core.config.Mark;
import io.tocsin.core.config.Problem;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.reload.RuleReloader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Prometheus-compatible read API of the rules service: {@code GET /api/v1/rules} and {@code GET
 * /api/v1/alerts} (see {@link PromRules}). Reads go through the service's control auth (read scope).
 */
public final class RulesApi {
    private final Vertx vertx;
    private final Supplier<RuleSet> rules;
    private final Supplier<List<GroupEntry>> active;
    private final Path dir;
    private final Clock clock;
    private volatile LastReload lastReload;
    /** Rule positions, read again when the rule set is another one. */
    private volatile Sources sources = new Sources(null, Map.of());

    private record Sources(RuleSet of, Map<String, Mark> marks) {}

    /** @param active the pending and firing groups; may throw {@link InvalidStateStoreException} */
    public RulesApi(Vertx vertx, Supplier<RuleSet> rules, Supplier<List<GroupEntry>> active, Path dir, Clock clock) {
        this.vertx = vertx;
        this.rules = rules;
        this.active = active;
        this.dir = dir;
        this.clock = clock;
        this.lastReload = new LastReload(clock.instant(), true, List.of());
    }

    public void mount(Router router) {
        router.get("/api/v1/rules").handler(this::rules);
        router.get("/api/v1/alerts").handler(this::alerts);
    }

    /** Told of every reload attempt; one that found nothing changed is not a reload. */
    public void reloaded(RuleReloader.Outcome o) {
        if (o.applied() || !o.errors().isEmpty()) {
            lastReload = new LastReload(
                    clock.instant(),
                    o.applied(),
                    o.errors().stream().map(Problem::toString).toList());
        }
    }

    private void rules(RoutingContext ctx) {
        RuleSet current = rules.get();
        marks(current)
                .map(marks -> PromRules.rules(current, activeOrFail(), marks, lastReload))
                .onSuccess(body -> send(ctx, body))
                .onFailure(ctx::fail);
    }

    private void alerts(RoutingContext ctx) {
        send(ctx, PromRules.alerts(rules.get(), activeOrFail()));
    }

    private List<GroupEntry> activeOrFail() {
        try {
            return active.get();
        } catch (InvalidStateStoreException e) {
            throw new BadRequest(
                    503, "the rule state is not readable yet (the evaluator is starting or rebalancing)", 1);
        }
    }

    private Future<Map<String, Mark>> marks(RuleSet current) {
        Sources s = sources;
        if (s.of() == current) {
            return Future.succeededFuture(s.marks());
        }
        return vertx.executeBlocking(() -> {
            Map<String, Mark> marks = RuleSources.scan(dir);
            sources = new Sources(current, marks);
            return marks;
        });
    }

    private static void send(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("content-type", "application/json").end(body.encode());
    }
}
