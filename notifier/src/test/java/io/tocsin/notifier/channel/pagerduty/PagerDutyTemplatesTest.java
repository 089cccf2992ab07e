package io.tocsin.notifier.channel.pagerduty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.config.PagerDutyConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PagerDuty description/client/details from alertmanager.yml templates. */
class PagerDutyTemplatesTest {
    @Test
    void templatesFillTheSummaryClientAndDetails() {
        PagerDutyConfig pd = (PagerDutyConfig) NotifierConfig.parse("""
                external_url: https://tocsin.example
                route: {receiver: r}
                receivers:
                  - name: r
                    pagerduty_configs:
                      - routing_key: 0123456789abcdef0123456789abcdef
                        description: '{{ template "pagerduty.default.description" . }}'
                        client: '{{ template "pagerduty.default.client" . }}'
                        client_url: '{{ template "pagerduty.default.clientURL" . }}'
                        component: '{{ .CommonLabels.instance }}'
                        details:
                          firing: '{{ .Alerts.Firing | len }}'
                          instances: '{{ range .Alerts }}{{ .Labels.instance }} {{ end }}'
                """, "a.yml", Map.of())
                .receivers()
                .get("r")
                .channels()
                .get(0);
        Notification n = new Notification(
                "d1",
                "r",
                "g",
                Labels.of("alertname", "DbDown"),
                AlertState.FIRING,
                List.of(TestAlerts.firing("DbDown", "instance", "db-1")),
                null);
        JsonObject event = PagerDutyTemplates.apply(PagerDutyEvent.render(n, "k", "error", ""), pd, n);
        JsonObject payload = event.getJsonObject("payload");
        assertEquals("[FIRING:1] DbDown (db-1)", payload.getString("summary"));
        assertEquals("db-1", payload.getString("component"));
        assertEquals("Alertmanager", event.getString("client"));
        assertEquals("https://tocsin.example/#/alerts?receiver=r", event.getString("client_url"));
        assertEquals(
                new JsonObject().put("firing", "1").put("instances", "db-1 "), payload.getJsonObject("custom_details"));
    }
}
