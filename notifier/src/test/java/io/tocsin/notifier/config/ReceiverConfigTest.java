package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The channel configs of alertmanager.yml receivers: what they read, and every mistake with file:line:col. */
class ReceiverConfigTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final Map<String, String> ENV = Map.of("PD_KEY", KEY, "HOOK", "https://hooks.example/s3cr3t");

    private static List<ChannelConfig> channels(String receiversYaml) {
        NotifierConfig c = NotifierConfig.parse("route: {receiver: r}\nreceivers:\n" + receiversYaml, "a.yml", ENV);
        return c.receivers().get("r").channels();
    }

    @Test
    void missingSecretsSkipLeavesOutTheWholeChannelAndSaysWhy() {
        NotifierConfig c = NotifierConfig.parse("""
                missing_secrets: skip
                route: {receiver: r}
                receivers:
                  - name: r
                    pagerduty_configs:
                      - routing_key_env: PD_KEY
                      - routing_key_env: NOT_SET_ANYWHERE
                    email_configs:
                      - to: a@example.org
                        from: b@example.org
                        smarthost: 127.0.0.1:25
                        auth_username: u
                        auth_password_env: SMTP_PASSWORD_NOT_SET
                    slack_configs:
                      - api_url_file: no-such-secret-file
                """, "a.yml", ENV);
        List<ChannelConfig> kept = c.receivers().get("r").channels();
        assertEquals(1, kept.size(), "only the channel whose secret is there");
        assertEquals(KEY, ((PagerDutyConfig) kept.get(0)).routingKey().reveal());
        assertEquals(3, c.notices().size(), c.notices().toString());
        String notices = String.join("\n", c.notices());
        assertTrue(
                notices.contains(
                        "receiver 'r' pagerduty_configs[1] skipped: environment variable NOT_SET_ANYWHERE is not set"),
                notices);
        assertTrue(
                notices.contains(
                        "receiver 'r' email_configs[0] skipped: environment variable SMTP_PASSWORD_NOT_SET is not set"),
                notices);
        assertTrue(notices.contains("receiver 'r' slack_configs[0] skipped: secret file"), notices);
    }

    @Test
    void withoutMissingSecretsSkipAnUnsetVariableIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.parse("""
                route: {receiver: r}
                receivers:
                  - name: r
                    pagerduty_configs: [{routing_key_env: NOT_SET_ANYWHERE}]
                """, "a.yml", ENV));
        assertTrue(e.getMessage().contains("NOT_SET_ANYWHERE is not set"), e.getMessage());
        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> NotifierConfig.parse(
                        "missing_secrets: ignore\nroute: {receiver: r}\nreceivers: [{name: r}]\n", "a.yml", ENV));
        assertTrue(
                bad.getMessage().contains("a.yml:1:18: missing_secrets must be error or skip, not 'ignore'"),
                bad.getMessage());
    }

    @Test
    void pagerDutyReadsItsKeyFromTheEnvironmentAndDefaults() {
        List<ChannelConfig> cs = channels("""
                  - name: r
                    pagerduty_configs:
                      - routing_key_env: PD_KEY
                      - routing_key: inline-key
                        url: http://127.0.0.1:1/v2/enqueue
                        severity: critical
                        send_resolved: false
                """);
        PagerDutyConfig first = (PagerDutyConfig) cs.get(0);
        assertEquals(KEY, first.routingKey().reveal());
        assertEquals(PagerDutyConfig.DEFAULT_URL, first.url());
        assertEquals("error", first.defaultSeverity());
        PagerDutyConfig second = (PagerDutyConfig) cs.get(1);
        assertEquals("critical", second.defaultSeverity());
        assertFalse(second.sendResolved());
        assertFalse(first.toString().contains(KEY), first.toString());
    }

    @Test
    void aRoutingKeyFileIsReadNextToTheConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pd.key"), KEY + "\n");
        Path yaml = dir.resolve("n.yml");
        Files.writeString(
                yaml,
                "route: {receiver: r}\nreceivers: [{name: r, pagerduty_configs: [{routing_key_file: pd.key}]}]\n");
        PagerDutyConfig pd = (PagerDutyConfig) NotifierConfig.load(yaml, Map.of())
                .receivers()
                .get("r")
                .channels()
                .get(0);
        assertEquals(KEY, pd.routingKey().reveal());
    }

    @Test
    void aWebhookTakesItsUrlFromTheEnvironmentAndCapsAlerts() {
        WebhookConfig hook = (WebhookConfig) channels("""
                  - name: r
                    webhook_configs: [{url_env: HOOK, max_alerts: 5, send_resolved: false}]
                """).get(0);
        assertEquals("https://hooks.example/s3cr3t", hook.url().reveal());
        assertEquals(5, hook.maxAlerts());
        assertFalse(hook.sendResolved());
    }

    @Test
    void emailReadsAlertmanagerFields() {
        EmailConfig email = (EmailConfig) channels("""
                  - name: r
                    email_configs:
                      - to: 'oncall@example.org, lead@example.org'
                        from: tocsin@example.org
                        smarthost: smtp.example.org:587
                        auth_username: tocsin
                        auth_password_env: PD_KEY
                        headers: {X-Team: storage}
                """).get(0);
        assertEquals(List.of("oncall@example.org", "lead@example.org"), email.to());
        assertEquals("smtp.example.org", email.host());
        assertEquals(587, email.port());
        assertEquals(KEY, email.authPassword().reveal());
        assertEquals(true, email.requireTls());
        assertEquals(Map.of("X-Team", "storage"), email.headers());
        assertFalse(email.toString().contains(KEY), email.toString());
    }

    @Test
    void slackWithATokenPostsToAChannelThroughTheWebApi() {
        SlackConfig slack = (SlackConfig) channels("""
                  - name: r
                    slack_configs: [{token_env: PD_KEY, channel: '#alerts'}]
                """).get(0);
        assertEquals(true, slack.botMode());
        assertEquals(SlackConfig.DEFAULT_API_URL, slack.apiUrl().reveal());
        assertEquals(KEY, slack.token().reveal());
        assertEquals("#alerts", slack.channel());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(
                        "PagerDuty without a key",
                        """
                          - name: r
                            pagerduty_configs:
                              - severity: warning
                        """,
                        List.of("a.yml:5:9: receiver 'r' pagerduty_configs[0] needs exactly one of routing_key, "
                                + "routing_key_file, routing_key_env")),
                Arguments.of(
                        "PagerDuty with an unknown severity",
                        """
                          - name: r
                            pagerduty_configs: [{routing_key_env: PD_KEY, severity: page}]
                        """,
                        List.of("a.yml:4:61: receiver 'r' pagerduty_configs[0].severity must be one of critical, "
                                + "error, warning, info (it is the default when an alert has no such severity label)")),
                Arguments.of(
                        "PagerDuty v1 service keys",
                        """
                          - name: r
                            pagerduty_configs: [{service_key: abc}]
                        """,
                        List.of(
                                "a.yml:4:26: 'service_key' in receiver 'r' pagerduty_configs[0] is not supported "
                                        + "yet (Events API v1 is not supported: use routing_key (v2))",
                                "a.yml:4:25: receiver 'r' pagerduty_configs[0] needs exactly one of routing_key, "
                                        + "routing_key_file, routing_key_env")),
                Arguments.of(
                        "PagerDuty URL that is not one",
                        """
                          - name: r
                            pagerduty_configs: [{routing_key: k, url: 'ftp://x'}]
                        """,
                        List.of("a.yml:4:47: receiver 'r' pagerduty_configs[0].url is not an http(s) URL")),
                Arguments.of(
                        "a webhook URL that is not one, from a variable",
                        """
                          - name: r
                            webhook_configs: [{url_env: PD_KEY}]
                        """,
                        List.of("a.yml:4:33: receiver 'r' webhook_configs[0].url_env: the webhook URL from env PD_KEY "
                                + "is not an http(s) URL")),
                Arguments.of(
                        "max_alerts that is not a count",
                        """
                          - name: r
                            webhook_configs: [{url: 'http://x/y', max_alerts: -1}]
                        """,
                        List.of("a.yml:4:55: receiver 'r' webhook_configs[0].max_alerts must be a whole number, "
                                + "0 for all, found a number")),
                Arguments.of(
                        "e-mail without its addresses",
                        """
                          - name: r
                            email_configs: [{smarthost: 'smtp:25', require_tls: false}]
                        """,
                        List.of(
                                "a.yml:4:21: receiver 'r' email_configs[0] needs 'to' (one address or several "
                                        + "separated by commas)",
                                "a.yml:4:21: receiver 'r' email_configs[0] needs 'from' (or global.smtp_from)")),
                Arguments.of(
                        "a smarthost without a port, a user without a password",
                        """
                          - name: r
                            email_configs:
                              - {to: a@b, from: c@d, smarthost: smtp.example.org, auth_username: u}
                        """,
                        List.of(
                                "a.yml:5:41: receiver 'r' email_configs[0].smarthost must be host:port, like "
                                        + "smtp.example.org:587",
                                "a.yml:5:74: receiver 'r' email_configs[0].auth_username needs one "
                                        + "of auth_password, auth_password_file, auth_password_env")),
                Arguments.of(
                        "a header that would inject another",
                        """
                          - name: r
                            email_configs:
                              - {to: a@b, from: c@d, smarthost: 'x:25', headers: {X-A: "1\\r\\nBcc: e@f"}}
                        """,
                        List.of("a.yml:5:64: receiver 'r' email_configs[0].headers.X-A must not contain a line "
                                + "break")),
                Arguments.of(
                        "a Slack token without a channel",
                        """
                          - name: r
                            slack_configs: [{token: xoxb-1}]
                        """,
                        List.of("a.yml:4:21: receiver 'r' slack_configs[0] with a token needs 'channel' "
                                + "(like '#alerts' or C0123456789)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void reportsWhereAndWhat(String name, String receivers, List<String> expected) {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> NotifierConfig.parse("route: {receiver: r}\nreceivers:\n" + receivers, "a.yml", ENV));
        assertEquals(expected, e.problems().stream().map(Problem::toString).toList());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }
}
