package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.ConfigException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An alertmanager.yml that amtool check-config accepts loads unchanged: global defaults, templates, http_config. */
class AlertmanagerConfigTest {
    static Path fixture() {
        try {
            return Path.of(AlertmanagerConfigTest.class
                    .getResource("/alertmanager/alertmanager.yml")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NotifierConfig loaded() {
        return NotifierConfig.load(fixture(), Map.of());
    }

    private static ChannelConfig channel(NotifierConfig c, String receiver, int i) {
        return c.receivers().get(receiver).channels().get(i);
    }

    @Test
    void globalSettingsBecomeTheReceiversDefaults() {
        NotifierConfig c = loaded();
        assertEquals(Duration.ofMinutes(2), c.global().resolveTimeout());
        EmailConfig mail = (EmailConfig) channel(c, "db-mail", 0);
        assertEquals("alertmanager@example.org", mail.from());
        assertEquals("smtp.example.org", mail.host());
        assertEquals(587, mail.port());
        assertEquals("localhost", mail.hello(), "Alertmanager's default smtp_hello");
        assertEquals("alertmanager", mail.authUsername());
        assertEquals("smtp-s3cret", mail.authPassword().reveal());
        assertTrue(mail.requireTls());
        SlackConfig slack = (SlackConfig) channel(c, "team-slack", 0);
        assertEquals(
                "https://hooks.slack.com/services/T000/B000/XXXX",
                slack.apiUrl().reveal());
        PagerDutyConfig pd = (PagerDutyConfig) channel(c, "pager", 0);
        assertEquals("https://events.pagerduty.com/v2/enqueue", pd.url());
    }

    @Test
    void withoutGlobalAlertmanagersDefaultsApply() {
        NotifierConfig c = NotifierConfig.parse("route: {receiver: r}\nreceivers: [{name: r}]\n", "a.yml", Map.of());
        assertEquals(GlobalConfig.DEFAULTS, c.global());
        assertEquals(Duration.ofMinutes(5), c.global().resolveTimeout());
    }

    @Test
    void templateFilesAreFoundByGlobNextToTheConfig() {
        assertEquals(List.of(fixture().getParent().resolve("templates/custom.tmpl")), loaded().templates());
    }

    @Test
    void messageFieldsAreKeptAsTheTemplatesTheyAre() {
        NotifierConfig c = loaded();
        SlackConfig slack = (SlackConfig) channel(c, "team-slack", 0);
        assertEquals("{{ template \"custom.title\" . }}", slack.templates().get("title"));
        assertEquals(":fire:", slack.templates().get("icon_emoji"));
        assertEquals("#alerts", slack.channel());
        PagerDutyConfig pd = (PagerDutyConfig) channel(c, "pager", 0);
        assertEquals(
                "{{ .CommonLabels.alertname }} on {{ .CommonLabels.cluster }}",
                pd.templates().get("description"));
        assertEquals("Tocsin", pd.templates().get("client"));
        assertEquals(Map.of("firing", "{{ .Alerts.Firing | len }}"), pd.details());
        EmailConfig mail = (EmailConfig) channel(c, "db-mail", 0);
        assertEquals("{{ template \"email.default.html\" . }}", mail.templates().get("html"));
        assertEquals(
                "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}",
                mail.headers().get("Subject"));
    }

    @Test
    void aReceiversHttpConfigReplacesTheGlobalOne() {
        NotifierConfig c = loaded();
        PagerDutyConfig pd = (PagerDutyConfig) channel(c, "pager", 0);
        assertEquals("Bearer pd-bearer", pd.http().authorization().reveal());
        WebhookConfig hook = (WebhookConfig) channel(c, "pager", 1);
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("am:basic-s3cret".getBytes(StandardCharsets.UTF_8));
        assertEquals(basic, hook.http().authorization().reveal(), "the global http_config");
        assertEquals(10, hook.maxAlerts());
    }

    @Test
    void aReceiverWithoutSmtpSettingsAndNoGlobalOnesIsRefusedNamingBoth() {
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.parse("""
                route: {receiver: r}
                receivers:
                  - name: r
                    email_configs: [{to: a@example.org}]
                """, "a.yml", Map.of()));
        assertTrue(e.getMessage().contains("needs 'from' (or global.smtp_from)"), e.getMessage());
        assertTrue(e.getMessage().contains("or global.smtp_smarthost"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is refused at {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tls_config: {ca_file: ca.pem}|a.yml:6:23: 'tls_config'|a per-receiver client is not built yet",
                "proxy_url: http://proxy:3128|a.yml:6:23: 'proxy_url'|a per-receiver client is not built yet",
                "oauth2: {client_id: x}|a.yml:6:23: 'oauth2'|OAuth 2 client credentials are not implemented",
                "basic_auth: {username: u}, bearer_token: t|a.yml:6:22: receiver|at most one of authorization, basic_auth, bearer_token",
            })
    void whatHttpConfigCannotDoYetIsRefusedWithItsPlace(String http, String place, String reason) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> NotifierConfig.parse("""
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                      - url: https://hooks.example.org/x
                        http_config: {%s}
                """.formatted(http), "a.yml", Map.of()));
        assertTrue(e.getMessage().startsWith(place), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void globalFieldsForReceiversTocsinLacksAreRefusedNotIgnored() {
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.parse("""
                global:
                  opsgenie_api_key: k
                route: {receiver: r}
                receivers: [{name: r}]
                """, "a.yml", Map.of()));
        assertTrue(
                e.getMessage().contains("a.yml:2:3: 'opsgenie_api_key' in global is not supported yet"),
                e.getMessage());
    }

    @Test
    void aMissingTemplateFileIsAProblemButAnEmptyGlobIsNot() {
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.parse("""
                templates: [nowhere/x.tmpl, 'nowhere/*.tmpl']
                route: {receiver: r}
                receivers: [{name: r}]
                """, "a.yml", Map.of()));
        assertTrue(e.getMessage().contains("a.yml:1:13: templates[0]: no such file"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void noHttpConfigMeansNoAuthorizationHeader() {
        NotifierConfig c = NotifierConfig.parse("""
                route: {receiver: r}
                receivers: [{name: r, webhook_configs: [{url: 'https://h.example/x'}]}]
                """, "a.yml", Map.of());
        assertNull(((WebhookConfig) channel(c, "r", 0)).http().authorization());
    }

    @Test
    void theOriginalShownByTheApiHasEveryCredentialRedacted() {
        String original = loaded().original();
        for (String secret : List.of(
                "smtp-s3cret",
                "basic-s3cret",
                "pd-bearer",
                "0123456789abcdef0123456789abcdef",
                "hooks.slack.com/services/T000",
                "hooks.example.org/alerts")) {
            assertTrue(!original.contains(secret), secret + " leaked:\n" + original);
        }
        assertTrue(original.contains("smtp_auth_password: <secret>"), original);
        assertTrue(original.contains("routing_key: <secret>"), original);
        assertTrue(original.contains("receiver: team-slack"), original);
        assertTrue(original.contains("- \"severity=\\\"critical\\\"\""), original);
        assertTrue(original.contains("title: \"{{ template \\\"custom.title\\\" . }}\""), original);
    }

    @Test
    void theDeployedExampleLoadsUnchanged() {
        NotifierConfig c =
                NotifierConfig.load(Path.of("..", "deploy", "alertmanager-example", "alertmanager.yml"), Map.of());
        assertEquals(
                List.of("team-slack", "pager", "db-mail"),
                List.copyOf(c.receivers().keySet()));
        assertEquals(1, c.templates().size());
    }
}
