package io.tocsin.server.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HistoryTextTest {

    @Test
    void each_event_is_a_line_with_its_detail_beneath_in_the_order_given() {
        String json = """
                {"fingerprint": "0123456789abcdef", "labels": {"alertname": "PostgresDown"},
                 "events": [
                   {"at": "2026-12-05T02:55:00.000Z", "kind": "fired", "summary": "PostgresDown fired",
                    "detail": {"rule": "PostgresDown", "file": "db.rules.yml", "line": 12, "value": 0}},
                   {"at": "2026-12-05T02:55:30.120Z", "kind": "delivery", "summary": "pager answered 503, will retry",
                    "detail": {"receiver": "pager", "attempt": 1, "outcome": "retry", "httpStatus": 503}},
                   {"at": "2026-12-05T02:56:00.000Z", "kind": "silenced", "summary": "silenced by 1a2b3c4d",
                    "detail": {}}
                 ]}
                """;
        assertEquals("""
                history of 0123456789abcdef  {alertname="PostgresDown"}
                  2026-12-05T02:55:00.000Z  fired     PostgresDown fired
                                                      rule=PostgresDown file=db.rules.yml line=12 value=0
                  2026-12-05T02:55:30.120Z  delivery  pager answered 503, will retry
                                                      receiver=pager attempt=1 outcome=retry httpStatus=503
                  2026-12-05T02:56:00.000Z  silenced  silenced by 1a2b3c4d
                """, HistoryText.render(new JsonObject(json)));
    }

    @Test
    void no_events_says_so() {
        assertEquals(
                "history of f  {}\n  (no events recorded)\n",
                HistoryText.render(new JsonObject("{\"fingerprint\":\"f\",\"labels\":{},\"events\":[]}")));
    }

    @Test
    void list_details_are_bracketed() {
        assertEquals(
                "receivers=[a, b] n=2", HistoryText.detail(new JsonObject("{\"receivers\":[\"a\",\"b\"],\"n\":2}")));
    }
}
