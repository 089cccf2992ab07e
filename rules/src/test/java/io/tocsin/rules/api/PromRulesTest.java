package io.tocsin.rules.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.config.Mark;
import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.topology.GroupKey;
import io.tocsin.rules.topology.GroupState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromRulesTest {
    private static final String RULES = """
            groups:
              - name: shop
                rules:
                  - alert: CheckoutSlow
                    select: 'checkout_latency_seconds{env="prod"}'
                    aggregate: max
                    window: 5m
                    by: [instance]
                    condition: '> 1'
                    for: 1m
                    labels: {severity: warning}
                    annotations:
                      summary: 'Checkout on {{ $labels.instance }} took {{ $value }}s'
                  - alert: CheckoutDown
                    select: 'checkout_up'
                    aggregate: min
                    window: 1m
                    condition: '< 1'
            """;

    @TempDir
    Path dir;

    private RuleSet load() throws Exception {
        Files.writeString(dir.resolve("shop.rules.yml"), RULES);
        RuleLoader.Loaded loaded = RuleLoader.load(dir);
        assertEquals(List.of(), loaded.errors());
        return loaded.rules();
    }

    private static GroupEntry entry(RuleSet rules, String id, String instance, Phase phase, double value) {
        return new GroupEntry(
                new GroupKey(id, Labels.of("instance", instance)),
                new GroupState(
                        rules.get(id).version(),
                        new AlertStatus(phase, 1_000_000, value, 1_000_000, 1_060_000),
                        null,
                        0));
    }

    @Test
    void everyRuleIsListedInItsGroupWithItsFileLineStateAndCurrentValuePerGroup() throws Exception {
        RuleSet rules = load();
        Map<String, Mark> sources = RuleSources.scan(dir);
        List<GroupEntry> active = List.of(
                entry(rules, "shop/CheckoutSlow", "web-1", Phase.PENDING, 2.5),
                entry(rules, "shop/CheckoutSlow", "web-2", Phase.FIRING, 3));

        JsonObject body = PromRules.rules(
                rules, active, sources, new LastReload(Instant.parse("2026-12-05T09:00:00Z"), true, List.of()));

        assertEquals("success", body.getString("status"));
        JsonArray groups = body.getJsonObject("data").getJsonArray("groups");
        assertEquals(1, groups.size());
        JsonObject group = groups.getJsonObject(0);
        assertEquals("shop", group.getString("name"));
        assertEquals(2, group.getJsonArray("rules").size());
        JsonObject down = group.getJsonArray("rules").getJsonObject(0);
        assertEquals("CheckoutDown", down.getString("name"));
        assertEquals("inactive", down.getString("state"));
        assertEquals(PromRules.NEVER, down.getString("lastEvaluation"));
        JsonObject slow = group.getJsonArray("rules").getJsonObject(1);
        assertEquals("CheckoutSlow", slow.getString("name"));
        assertEquals("firing", slow.getString("state"), "firing wins over pending");
        assertEquals("alerting", slow.getString("type"));
        assertEquals(60, slow.getLong("duration"));
        assertEquals(4, slow.getInteger("line"), "the line of its - alert: item");
        assertEquals(sources.get("shop/CheckoutSlow").source(), slow.getString("file"));
        assertEquals("max(checkout_latency_seconds{env=\"prod\"}[5m]) by (instance) > 1", slow.getString("query"));
        assertEquals("1970-01-01T00:17:40Z", slow.getString("lastEvaluation"));
        JsonObject first = slow.getJsonArray("values").getJsonObject(0);
        assertEquals(new JsonObject().put("instance", "web-1"), first.getJsonObject("group"));
        assertEquals(2.5, first.getDouble("value"));
        assertEquals("pending", first.getString("state"));
        assertEquals(
                true, body.getJsonObject("data").getJsonObject("lastReload").getBoolean("ok"));
    }

    @Test
    void alertsCarryTheirLabelsRenderedAnnotationsStateActiveAtAndValueAsPrometheusDoes() throws Exception {
        RuleSet rules = load();
        JsonObject body =
                PromRules.alerts(rules, List.of(entry(rules, "shop/CheckoutSlow", "web-1", Phase.PENDING, 2.5)));

        JsonObject alert = body.getJsonObject("data").getJsonArray("alerts").getJsonObject(0);
        assertEquals(
                new JsonObject()
                        .put("alertname", "CheckoutSlow")
                        .put("instance", "web-1")
                        .put("severity", "warning"),
                alert.getJsonObject("labels"));
        assertEquals(
                "Checkout on web-1 took 2.5s",
                alert.getJsonObject("annotations").getString("summary"));
        assertEquals("pending", alert.getString("state"));
        assertEquals("1970-01-01T00:16:40Z", alert.getString("activeAt"));
        assertEquals("2.5", alert.getString("value"));
        assertEquals(60, alert.getLong("for"));
    }

    @Test
    void aRejectedReloadIsReportedWithItsReasons() throws Exception {
        RuleSet rules = load();
        JsonObject reload = PromRules.rules(
                        rules,
                        List.of(),
                        Map.of(),
                        new LastReload(Instant.EPOCH, false, List.of("shop.rules.yml:3:5: unknown field")))
                .getJsonObject("data")
                .getJsonObject("lastReload");
        assertEquals(false, reload.getBoolean("ok"));
        assertEquals(
                List.of("shop.rules.yml:3:5: unknown field"),
                reload.getJsonArray("errors").getList());
    }

    @Test
    void valuesAreWrittenAsPrometheusWritesThem() {
        assertEquals("3", PromRules.value(3));
        assertEquals("2.5", PromRules.value(2.5));
        assertEquals("NaN", PromRules.value(Double.NaN));
        assertEquals("+Inf", PromRules.value(Double.POSITIVE_INFINITY));
    }
}
