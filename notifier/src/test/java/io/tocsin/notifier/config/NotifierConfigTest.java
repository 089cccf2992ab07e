package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.route.GroupBy;
import io.tocsin.notifier.route.RouteMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierConfigTest {
    private static final String HOOK = "https://hooks.slack.com/services/T0/B0/s3cr3tT0ken";

    @Test
    void readsTheAlertmanagerShapedExample() {
        NotifierConfig config = NotifierConfig.parse("""
                route:
                  receiver: console
                  group_by: [alertname]
                  repeat_interval: 4h
                  routes:
                    - matchers: ['severity=~"warning|critical"', 'team="web"']
                      receiver: team-slack
                      continue: true
                receivers:
                  - name: console
                    console_configs: [{}]
                  - name: team-slack
                    slack_configs:
                      - api_url_env: SLACK_WEBHOOK_URL
                        channel: '#alerts'
                """, "alertmanager.yml", Map.of("SLACK_WEBHOOK_URL", HOOK));

        assertEquals(
                List.of("console", "team-slack"), List.copyOf(config.receivers().keySet()));
        assertEquals(GroupBy.of("alertname"), config.root().groupBy());
        SlackConfig slack =
                (SlackConfig) config.receivers().get("team-slack").channels().get(0);
        assertEquals(HOOK, slack.apiUrl().reveal());
        assertEquals("#alerts", slack.channel());
        assertTrue(slack.sendResolved());
        assertEquals(DeliveryOptions.DEFAULTS, config.delivery());
        List<RouteMatch> web = config.root().match(Labels.of("alertname", "X", "severity", "warning", "team", "web"));
        assertEquals(
                List.of("team-slack"), web.stream().map(RouteMatch::receiver).toList());
    }

    @Test
    void readsTheWebhookUrlFromAFileNextToTheConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("slack_webhook"), HOOK + "\n");
        Path yaml = dir.resolve("notifier.yml");
        Files.writeString(yaml, """
                route: {receiver: s}
                receivers:
                  - name: s
                    slack_configs: [{api_url_file: slack_webhook, send_resolved: false}]
                """);
        SlackConfig slack = (SlackConfig) NotifierConfig.load(yaml, Map.of())
                .receivers()
                .get("s")
                .channels()
                .get(0);
        assertEquals(HOOK, slack.apiUrl().reveal());
        assertFalse(slack.sendResolved());
    }

    @Test
    void neverPrintsTheWebhookUrl() {
        NotifierConfig config = NotifierConfig.parse("""
                route: {receiver: s}
                receivers: [{name: s, slack_configs: [{api_url: '%s'}]}]
                """.formatted(HOOK), "inline.yml", Map.of());
        assertFalse(config.toString().contains("s3cr3tT0ken"), config.toString());
        assertTrue(config.toString().contains("<secret from inline>"));
    }

    @Test
    void readsDeliveryTuning() {
        NotifierConfig config = NotifierConfig.parse("""
                route: {receiver: c}
                receivers: [{name: c, console_configs: [{}]}]
                delivery: {backoff_base: 100ms, backoff_max: 5s, retry_budget: 10m, request_timeout: 3s}
                """, "d.yml", Map.of());
        assertEquals(
                new DeliveryOptions(
                        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(3)),
                config.delivery());
    }

    @Test
    void defaultsSendEverythingToTheConsole() {
        NotifierConfig config = NotifierConfig.defaults(Map.of());
        assertEquals(List.of("console"), List.copyOf(config.receivers().keySet()));
        assertInstanceOf(
                ConsoleConfig.class,
                config.receivers().get("console").channels().get(0));
        assertEquals(List.of("console"), receivers(config, Labels.of("alertname", "Anything")));
    }

    @Test
    void defaultsAddSlackWhenTheWebhookVariableIsSet() {
        NotifierConfig config = NotifierConfig.defaults(Map.of("SLACK_WEBHOOK_URL", HOOK));
        assertEquals(List.of("console", "slack"), receivers(config, Labels.of("alertname", "Anything", "x", "y")));
        SlackConfig slack =
                (SlackConfig) config.receivers().get("slack").channels().get(0);
        assertEquals("env SLACK_WEBHOOK_URL", slack.apiUrl().origin());
    }

    @Test
    void defaultsRefuseAWebhookVariableThatIsNotAUrlWithoutPrintingIt() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> NotifierConfig.defaults(Map.of("SLACK_WEBHOOK_URL", "not a url s3cr3t")));
        assertTrue(e.getMessage().contains("is not an http(s) URL"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    private static List<String> receivers(NotifierConfig config, Labels labels) {
        return config.root().match(labels).stream().map(RouteMatch::receiver).toList();
    }
}
