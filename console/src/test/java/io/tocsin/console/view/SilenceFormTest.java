package io.tocsin.console.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SilenceFormTest {
    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    @Test
    void theFormBecomesAnAlertmanagerSilenceEndingAfterTheDuration() {
        JsonObject body =
                new SilenceForm("", "alertname=\"X\", instance=~\"db.*\"", "2h", "ana", "maintenance", "").toApi(NOW);

        assertEquals(
                new JsonArray()
                        .add(new JsonObject()
                                .put("name", "alertname")
                                .put("value", "X")
                                .put("isRegex", false)
                                .put("isEqual", true))
                        .add(new JsonObject()
                                .put("name", "instance")
                                .put("value", "db.*")
                                .put("isRegex", true)
                                .put("isEqual", true)),
                body.getJsonArray("matchers"));
        assertEquals("2026-12-05T11:00:00Z", body.getString("endsAt"));
        assertEquals("ana", body.getString("createdBy"));
        assertEquals(null, body.getString("id"), "a new silence has no id");
    }

    @Test
    void editingSendsTheIdSoTheNotifierReplacesThatSilence() {
        JsonObject body = new SilenceForm("abc", "a!=\"b\"", "30m", "ana", "c", "").toApi(NOW);
        assertEquals("abc", body.getString("id"));
        assertEquals(false, body.getJsonArray("matchers").getJsonObject(0).getBoolean("isEqual"));
    }

    @Test
    void badInputIsAReasonForTheForm() {
        assertThrows(IllegalArgumentException.class, () -> SilenceForm.blank("").toApi(NOW));
        assertThrows(
                IllegalArgumentException.class, () -> new SilenceForm("", "a=\"b\"", "soon", "x", "y", "").toApi(NOW));
        assertThrows(IllegalArgumentException.class, () -> new SilenceForm("", "a=", "1h", "x", "y", "").toApi(NOW));
    }

    @Test
    void aSilencesMatchersReadBackAsTheFormTakesThem() {
        JsonObject s = new JsonObject()
                .put(
                        "matchers",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "a")
                                        .put("value", "x\"y")
                                        .put("isRegex", false)
                                        .put("isEqual", true))
                                .add(new JsonObject()
                                        .put("name", "b")
                                        .put("value", "z")
                                        .put("isRegex", true)
                                        .put("isEqual", false)));
        assertEquals("a=\"x\\\"y\", b!~\"z\"", SilenceRow.matchersText(s));
    }
}
