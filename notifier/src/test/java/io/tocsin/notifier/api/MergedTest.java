package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedTest {
    private static JsonObject alert(String fp, String... receivers) {
        JsonArray rs = new JsonArray();
        for (String r : receivers) {
            rs.add(new JsonObject().put("name", r));
        }
        return new JsonObject()
                .put("fingerprint", fp)
                .put("labels", new JsonObject().put("instance", fp))
                .put("receivers", rs);
    }

    @Test
    void anAlertWithGroupsOnTwoInstancesIsListedOnceWithEveryReceiver() {
        JsonArray mine = new JsonArray().add(alert("a", "team")).add(alert("b", "team"));
        JsonArray theirs = new JsonArray().add(alert("a", "pager")).add(alert("c", "pager"));
        JsonArray merged = Merged.alerts(List.of(mine, theirs));
        assertEquals(
                new JsonArray()
                        .add(alert("a", "pager", "team"))
                        .add(alert("b", "team"))
                        .add(alert("c", "pager")),
                merged);
    }

    @Test
    void groupsAddUpBecauseEachHasOneOwner() {
        JsonArray mine = new JsonArray().add(new JsonObject().put("labels", new JsonObject().put("g", "1")));
        JsonArray theirs = new JsonArray().add(new JsonObject().put("labels", new JsonObject().put("g", "2")));
        assertEquals(2, Merged.groups(List.of(mine, theirs)).size());
    }

    @Test
    void aGroupTwoInstancesNameIsListedOnceWithTheUnionOfItsAlerts() {
        // The owner has a and b; the other instance answers for b, just posted to it, too.
        JsonObject labels = new JsonObject().put("alertname", "Ha");
        JsonObject team = new JsonObject().put("name", "team");
        JsonArray owner = new JsonArray()
                .add(new JsonObject()
                        .put("labels", labels)
                        .put("receiver", team)
                        .put("alerts", new JsonArray().add(alert("a", "team")).add(alert("b", "team"))));
        JsonArray other = new JsonArray()
                .add(new JsonObject()
                        .put("labels", labels)
                        .put("receiver", team)
                        .put("alerts", new JsonArray().add(alert("b", "team"))))
                .add(new JsonObject()
                        .put("labels", labels)
                        .put("receiver", new JsonObject().put("name", "pager"))
                        .put("alerts", new JsonArray().add(alert("a", "pager"))));
        JsonArray merged = Merged.groups(List.of(owner, other));
        assertEquals(2, merged.size(), merged.encode());
        assertEquals(2, merged.getJsonObject(0).getJsonArray("alerts").size());
        assertEquals(1, merged.getJsonObject(1).getJsonArray("alerts").size());
    }
}
