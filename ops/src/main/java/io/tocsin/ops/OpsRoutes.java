package io.tocsin.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** /health, /health/live, /health/ready and /metrics (all of it, or the {@code name[]} asked), the same on every service. */
public final class OpsRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Health health;
    private final PrometheusMeterRegistry registry;

    private OpsRoutes(Health health, PrometheusMeterRegistry registry) {
        this.health = health;
        this.registry = registry;
    }

    public static void mount(Router router, Health health, PrometheusMeterRegistry registry) {
        OpsRoutes ops = new OpsRoutes(health, registry);
        router.get("/health/live").handler(ops::live);
        router.get("/health/ready").handler(ops::ready);
        router.get("/health").handler(ops::ready);
        router.get("/metrics").handler(ops::metrics);
    }

    private void live(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
    }

    private void ready(RoutingContext ctx) {
        Map<String, Health.Check> checks = health.evaluate();
        boolean up = checks.values().stream().allMatch(Health.Check::up);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        ctx.response()
                .setStatusCode(up ? 200 : 503)
                .putHeader("content-type", "application/json")
                .end(Json.writeString(body));
    }

    private void metrics(RoutingContext ctx) {
        // As Prometheus' own client libraries do, ?name[]=a&name[]=b exposes only those metrics: a
        // scraper that reads a few (./tocsin up's self-scrape) spares the walk over thousands of
        // Kafka client meters, their text, and every sample's way through ingest and the rules.
        List<String> asked = ctx.queryParam("name[]");
        Set<String> families = asked.isEmpty() ? null : MetricFamilies.of(asked);
        // scrape() walks every meter; keep it off the event loop.
        ctx.vertx()
                .executeBlocking(
                        () -> families == null ? registry.scrape() : registry.scrape(PROMETHEUS_TEXT, families), false)
                .onSuccess(text -> ctx.response()
                        .putHeader("content-type", PROMETHEUS_TEXT)
                        .end(text))
                .onFailure(ctx::fail);
    }
}
