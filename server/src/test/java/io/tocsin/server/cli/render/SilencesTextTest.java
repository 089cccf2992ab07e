package io.tocsin.server.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SilencesTextTest {
    private static final Instant NOW = Instant.parse("2026-12-05T03:00:00Z");

    @Test
    void silences_are_a_table_with_matchers_as_written_and_ends_relative_to_now() {
        JsonArray silences = new JsonArray("""
                [{"id": "11111111-aaaa", "status": {"state": "active"},
                  "matchers": [{"name": "alertname", "value": "DiskFull", "isRegex": false, "isEqual": true},
                               {"name": "instance", "value": "db.*", "isRegex": true, "isEqual": true},
                               {"name": "env", "value": "dev", "isRegex": false, "isEqual": false}],
                  "startsAt": "2026-12-05T02:00:00Z", "endsAt": "2026-12-05T05:30:00Z",
                  "createdBy": "ana", "comment": "disk swap"},
                 {"id": "22222222-bbbb", "status": {"state": "pending"},
                  "matchers": [{"name": "team", "value": "web|api", "isRegex": true, "isEqual": false}],
                  "startsAt": "2026-12-05T04:00:00Z", "endsAt": "2026-12-05T06:00:00Z",
                  "createdBy": "bob", "comment": "deploy"},
                 {"id": "33333333-cccc", "status": {"state": "expired"},
                  "matchers": [{"name": "a", "value": "b", "isRegex": false, "isEqual": true}],
                  "startsAt": "2026-12-04T00:00:00Z", "endsAt": "2026-12-04T03:00:00Z",
                  "createdBy": "cy", "comment": "old"}]
                """);
        assertEquals("""
                ID             STATE    MATCHERS                                            ENDS          CREATED BY  COMMENT
                11111111-aaaa  active   alertname="DiskFull", instance=~"db.*", env!="dev"  in 2h30m      ana         disk swap
                22222222-bbbb  pending  team!~"web|api"                                     starts in 1h  bob         deploy
                33333333-cccc  expired  a="b"                                               1d ago        cy          old
                """, SilencesText.render(silences, NOW));
    }

    @Test
    void none_says_so() {
        assertEquals("no silences\n", SilencesText.render(new JsonArray(), NOW));
    }
}
