package io.tocsin.console.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesViewTest {
    @Test
    void eachRuleReadsWithItsFileLineForValuesPerGroupAndTheRejectedReloadsReasons() {
        JsonObject body = new JsonObject()
                .put("status", "success")
                .put(
                        "data",
                        new JsonObject()
                                .put(
                                        "groups",
                                        new JsonArray()
                                                .add(
                                                        new JsonObject()
                                                                .put("name", "shop")
                                                                .put("file", "shop.rules.yml")
                                                                .put(
                                                                        "rules",
                                                                        new JsonArray()
                                                                                .add(
                                                                                        new JsonObject()
                                                                                                .put(
                                                                                                        "name",
                                                                                                        "CheckoutSlow")
                                                                                                .put(
                                                                                                        "file",
                                                                                                        "shop.rules.yml")
                                                                                                .put("line", 4)
                                                                                                .put(
                                                                                                        "query",
                                                                                                        "max(x[5m]) > 1")
                                                                                                .put("duration", 90)
                                                                                                .put("state", "pending")
                                                                                                .put(
                                                                                                        "lastEvaluation",
                                                                                                        "2026-12-05T08:59:30Z")
                                                                                                .put(
                                                                                                        "values",
                                                                                                        new JsonArray()
                                                                                                                .add(
                                                                                                                        new JsonObject()
                                                                                                                                .put(
                                                                                                                                        "group",
                                                                                                                                        new JsonObject()
                                                                                                                                                .put(
                                                                                                                                                        "instance",
                                                                                                                                                        "web-1"))
                                                                                                                                .put(
                                                                                                                                        "value",
                                                                                                                                        2.5)
                                                                                                                                .put(
                                                                                                                                        "state",
                                                                                                                                        "pending")))))))
                                .put(
                                        "lastReload",
                                        new JsonObject()
                                                .put("at", "2026-12-05T08:00:00Z")
                                                .put("ok", false)
                                                .put(
                                                        "errors",
                                                        new JsonArray()
                                                                .add("shop.rules.yml:3:5: unknown field 'selct'"))));

        RulesView v = RulesView.of(body, Instant.parse("2026-12-05T09:00:00Z"));

        RulesView.Rule r = v.groups().get(0).rules().get(0);
        assertEquals("shop.rules.yml:4", r.fileLine());
        assertEquals("1m 30s", r.forText());
        assertEquals("2026-12-05T08:59:30Z (30s ago)", r.lastEvaluation());
        assertEquals(List.of(new RulesView.Value("{instance=\"web-1\"}", "2.5", "pending")), r.values());
        assertEquals(false, v.reload().ok());
        assertEquals(
                List.of("shop.rules.yml:3:5: unknown field 'selct'"), v.reload().errors());
    }
}
