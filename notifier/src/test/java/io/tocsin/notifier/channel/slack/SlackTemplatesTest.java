package io.tocsin.notifier.channel.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.config.SlackConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slack title/text/icon fields from alertmanager.yml templates, as Alertmanager sends them. */
class SlackTemplatesTest {
    private static final Notification GROUP = new Notification(
            "d1",
            "r",
            "g",
            Labels.of("alertname", "DiskFull"),
            AlertState.FIRING,
            List.of(
                    TestAlerts.firing("DiskFull", "instance", "db-1", "team", "<!channel>"),
                    TestAlerts.firing("DiskFull", "instance", "db-2", "team", "<!channel>")),
            null);

    private static SlackConfig slack(String fields) {
        NotifierConfig c = NotifierConfig.parse("""
                external_url: https://tocsin.example
                route: {receiver: r}
                receivers:
                  - name: r
                    slack_configs:
                      - api_url: https://hooks.slack.example/x
                """ + fields, "a.yml", Map.of());
        return (SlackConfig) c.receivers().get("r").channels().get(0);
    }

    private static JsonObject send(SlackConfig config) {
        return SlackTemplates.apply(
                SlackMessage.render(GROUP, config.channel(), config.username()), config.templates(), GROUP);
    }

    @Test
    void givenTitleAndTextMakeAlertmanagersAttachmentWithItsDefaultsForTheRest() {
        JsonObject body = send(slack("""
                        title: '{{ .Alerts.Firing | len }} × {{ .CommonLabels.alertname }}'
                        text: '{{ range .Alerts }}{{ .Labels.instance }} ({{ .Labels.team }}) {{ end }}'
                        icon_emoji: ':fire:'
                """));
        JsonObject a = body.getJsonArray("attachments").getJsonObject(0);
        assertEquals("2 × DiskFull", a.getString("title"));
        assertEquals(
                "db-1 (&lt;!channel&gt;) db-2 (&lt;!channel&gt;) ",
                a.getString("text"),
                "label values cannot mention the channel");
        assertEquals("danger", a.getString("color"));
        assertEquals("https://tocsin.example/#/alerts?receiver=r", a.getString("title_link"));
        assertEquals(
                "[FIRING:2] DiskFull (&lt;!channel&gt;) | https://tocsin.example/#/alerts?receiver=r",
                a.getString("fallback"));
        assertEquals(":fire:", body.getString("icon_emoji"));
        assertNull(body.getJsonArray("blocks"), "Alertmanager's attachment replaces Tocsin's blocks");
    }

    @Test
    void withoutMessageTemplatesTocsinsOwnBlocksStay() {
        JsonObject body = send(slack("        icon_url: https://img.example/{{ .Status }}.png\n"));
        assertFalse(body.getJsonArray("blocks").isEmpty());
        assertEquals("https://img.example/firing.png", body.getString("icon_url"));
    }
}
