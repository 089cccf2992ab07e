package io.tocsin.console.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class WhyViewTest {
    @Test
    void theContractsAnswerIsLaidOutAsVerdictRouteWalkSilencesAndInhibitions() {
        JsonObject answer = new JsonObject()
                .put("at", "2026-12-05T03:00:00Z")
                .put("labels", new JsonObject().put("alertname", "X").put("instance", "db1"))
                .put("fingerprint", "0123456789abcdef")
                .put(
                        "routes",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("path", "0.1")
                                        .put("receiver", "pager")
                                        .put("matchers", new JsonArray().add("severity=\"critical\""))
                                        .put("matched", true)
                                        .put("continue", false)
                                        .put("groupKey", "{}:{alertname=\"X\"}")
                                        .put(
                                                "timing",
                                                new JsonObject()
                                                        .put("groupWait", "30s")
                                                        .put("groupInterval", "5m")
                                                        .put("repeatInterval", "4h"))
                                        .put("mutedBy", new JsonArray().add("weekends"))))
                .put(
                        "silencedBy",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("id", "s1")
                                        .put("matchers", new JsonArray().add("instance=\"db1\""))
                                        .put("createdBy", "ana")
                                        .put("comment", "maintenance")
                                        .put("endsAt", "2026-12-05T04:00:00Z")))
                .put(
                        "inhibitedBy",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("fingerprint", "fedcba9876543210")
                                        .put("labels", new JsonObject().put("alertname", "DCDown"))
                                        .put(
                                                "rule",
                                                new JsonObject()
                                                        .put("index", 0)
                                                        .put(
                                                                "sourceMatchers",
                                                                new JsonArray().add("alertname=\"DCDown\""))
                                                        .put(
                                                                "targetMatchers",
                                                                new JsonArray().add("severity=\"warning\""))
                                                        .put("equal", new JsonArray().add("dc")))))
                .put("verdict", "silenced")
                .put("receivers", new JsonArray())
                .put("summary", "Not paged: silenced by s1");

        WhyView w = WhyView.of("{alertname=\"X\"}", "", answer);

        assertEquals("silenced", w.verdict());
        assertEquals("Not paged: silenced by s1", w.summary());
        assertEquals("{alertname=\"X\", instance=\"db1\"}", w.labels());
        WhyView.Route r = w.routes().get(0);
        assertEquals("wait 30s, interval 5m, repeat 4h", r.timing());
        assertEquals("weekends", r.mutedBy());
        assertEquals("/silences/s1", w.silencedBy().get(0).link());
        assertEquals("{alertname=\"DCDown\"}", w.inhibitedBy().get(0).labels());
        assertEquals(
                "rule 0: source [alertname=\"DCDown\"], target [severity=\"warning\"], equal [dc]",
                w.inhibitedBy().get(0).rule());
    }
}
