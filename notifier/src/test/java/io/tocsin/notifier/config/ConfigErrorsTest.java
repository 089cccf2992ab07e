package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** Every mistake is reported as file:line:col: what is wrong, and secrets never appear. */
class ConfigErrorsTest {
    private static final Map<String, String> ENV = Map.of("HOOK", "https://hooks.slack.com/services/T/B/s3cr3t");

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(
                        "a route names a receiver that does not exist",
                        """
                        route:
                          receiver: console
                          routes:
                            - receiver: nobody
                        receivers:
                          - name: console
                        """,
                        List.of("a.yml:4:17: unknown receiver 'nobody' (defined: console)")),
                Arguments.of(
                        "a matcher is malformed",
                        """
                        route:
                          receiver: c
                          routes:
                            - matchers: ['severity=~"(oops"']
                              receiver: c
                        receivers: [{name: c}]
                        """,
                        List.of("a.yml:4:29: matcher 'severity=~\"(oops\"': column 11: invalid regular expression "
                                + "\"(oops\": missing closing )")),
                Arguments.of(
                        "a field is misspelled",
                        """
                        route:
                          receiver: c
                          group_wiat: 10s
                        receivers: [{name: c}]
                        """,
                        List.of(
                                "a.yml:3:3: unknown field 'group_wiat' in route (known: active_time_intervals, continue, escalation_policy, "
                                        + "group_by, group_interval, group_wait, match, match_re, matchers, mute_time_intervals, receiver, "
                                        + "repeat_interval, resolve_wait, routes)")),
                Arguments.of(
                        "an Alertmanager feature is not implemented yet",
                        """
                        route: {receiver: c}
                        receivers: [{name: c}]
                        tracing: {endpoint: 'x:4317'}
                        """,
                        List.of("a.yml:3:1: 'tracing' in the config is not supported yet " + "(not implemented)")),
                Arguments.of(
                        "a time interval is malformed and a route names one that does not exist",
                        """
                        route:
                          receiver: c
                          routes:
                            - receiver: c
                              mute_time_intervals: [nights, weekend]
                        receivers: [{name: c}]
                        time_intervals:
                          - name: nights
                            time_intervals:
                              - times: [{start_time: '22:00', end_time: '25:00'}]
                                weekdays: ['monday:fryday']
                                location: Mars/Olympus
                        """,
                        List.of(
                                "a.yml:10:49: time_intervals[0].time_intervals[0].times[0].end_time must be HH:MM "
                                        + "between 00:00 and 24:00, not '25:00'",
                                "a.yml:12:19: time_intervals[0].time_intervals[0].location: unknown time zone 'Mars/Olympus'",
                                "a.yml:11:20: time_intervals[0].time_intervals[0].weekdays[0]: 'monday:fryday' is not "
                                        + "a valid weekdays or range (start:end)",
                                "a.yml:5:28: unknown time interval 'weekend' (defined: nights)")),
                Arguments.of(
                        "a weekday range ends before it starts (sunday is the week's first day, as in Alertmanager)",
                        """
                        route: {receiver: c}
                        receivers: [{name: c}]
                        time_intervals:
                          - name: week
                            time_intervals: [{weekdays: ['monday:sunday']}]
                        """,
                        List.of("a.yml:5:34: time_intervals[0].time_intervals[0].weekdays[0]: 'monday:sunday' is not "
                                + "a valid weekdays or range (start:end)")),
                Arguments.of(
                        "an escalation step names a receiver that does not exist",
                        """
                        route: {receiver: c, escalation_policy: db}
                        receivers: [{name: c}]
                        escalation_policies:
                          - name: db
                            steps:
                              - receivers: [pager]
                                wait: 5m
                        """,
                        List.of("a.yml:6:20: unknown receiver 'pager' (defined: c)")),
                Arguments.of(
                        "a route names an escalation policy that does not exist",
                        """
                        route: {receiver: c, escalation_policy: nope}
                        receivers: [{name: c}]
                        """,
                        List.of("a.yml:1:41: unknown escalation policy 'nope'")),
                Arguments.of(
                        "an inhibit rule without a target would mute everything",
                        """
                        route: {receiver: c}
                        receivers: [{name: c}]
                        inhibit_rules:
                          - source_matchers: ['severity="critical"']
                            equal: [instance]
                        """,
                        List.of("a.yml:4:5: inhibit_rules[0] needs source and target matchers")),
                Arguments.of(
                        "an inhibit rule's regex is checked",
                        """
                        route: {receiver: c}
                        receivers: [{name: c}]
                        inhibit_rules:
                          - source_match_re: {severity: '(crit'}
                            target_matchers: ['severity="warning"']
                            equal: ['bad-name']
                        """,
                        List.of(
                                "a.yml:4:23: inhibit_rules[0].source_match_re: invalid regular expression "
                                        + "\"(crit\": missing closing )",
                                "a.yml:6:13: inhibit_rules[0].equal: invalid label name \"bad-name\" (must match [a-zA-Z_][a-zA-Z0-9_]*)")),
                Arguments.of(
                        "the secret's variable is not set",
                        """
                        route: {receiver: s}
                        receivers:
                          - name: s
                            slack_configs:
                              - api_url_env: MISSING_HOOK
                        """,
                        List.of("a.yml:5:22: receiver 's' slack_configs[0].api_url_env: "
                                + "environment variable MISSING_HOOK is not set")),
                Arguments.of(
                        "a Slack config has no URL at all",
                        """
                        route: {receiver: s}
                        receivers:
                          - name: s
                            slack_configs:
                              - channel: '#x'
                        """,
                        List.of("a.yml:5:9: receiver 's' slack_configs[0] needs exactly one of api_url, "
                                + "api_url_file, api_url_env")),
                Arguments.of(
                        "a Slack config has two URLs",
                        """
                        route: {receiver: s}
                        receivers:
                          - name: s
                            slack_configs: [{api_url_env: HOOK, api_url: 'https://x.example/y'}]
                        """,
                        List.of("a.yml:4:21: receiver 's' slack_configs[0] needs exactly one of api_url, "
                                + "api_url_file, api_url_env (found api_url, api_url_env)")),
                Arguments.of(
                        "a duration is not a duration",
                        """
                        route: {receiver: c, repeat_interval: 4 hours}
                        receivers: [{name: c}]
                        """,
                        List.of("a.yml:1:39: route.repeat_interval: '4 hours' is not a duration "
                                + "(a number and a unit, largest first: 500ms, 30s, 5m, 1h30m, 2d, 1w; or 0)")),
                Arguments.of(
                        "the root route has matchers",
                        """
                        route:
                          receiver: c
                          matchers: ['a="b"']
                        receivers: [{name: c}]
                        """,
                        List.of("a.yml:3:3: the root route must not have 'matchers': it receives every alert")),
                Arguments.of("a receiver is defined twice", """
                        route: {receiver: c}
                        receivers:
                          - name: c
                          - name: c
                        """, List.of("a.yml:4:11: receiver 'c' is defined twice")),
                Arguments.of("a key is written twice", """
                        route:
                          receiver: c
                          receiver: d
                        receivers: [{name: c}]
                        """, List.of("a.yml:3:3: duplicate key 'receiver'")),
                Arguments.of("the YAML itself is broken", """
                        route:
                          receiver: [c
                        """, null),
                Arguments.of(
                        "there is nothing",
                        "",
                        List.of("a.yml:1:1: the config is empty: it needs a route and receivers")),
                Arguments.of(
                        "several mistakes are all reported",
                        """
                        route:
                          receiver: nobody
                          group_by: [alertname, 'not-a-label']
                        receivers:
                          - name: c
                            opsgenie_configs: []
                        """,
                        List.of(
                                "a.yml:3:25: route.group_by: invalid label name \"not-a-label\" (must match [a-zA-Z_][a-zA-Z0-9_]*)",
                                "a.yml:6:5: 'opsgenie_configs' in receivers[0] is not supported yet (not planned)",
                                "a.yml:2:13: unknown receiver 'nobody' (defined: c)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void reportsWhereAndWhat(String name, String yaml, List<String> expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.parse(yaml, "a.yml", ENV));
        if (expected == null) {
            assertEquals(1, e.problems().size(), e.getMessage());
            assertEquals("a.yml", e.problems().get(0).mark().source());
        } else {
            assertEquals(expected, e.problems().stream().map(Problem::toString).toList());
        }
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void aMissingSecretFileIsReportedByPathNotByContent(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("n.yml");
        Files.writeString(yaml, """
                route: {receiver: s}
                receivers:
                  - name: s
                    slack_configs: [{api_url_file: /nonexistent/slack_webhook}]
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.load(yaml, Map.of()));
        assertEquals(
                List.of(yaml + ":4:36: receiver 's' slack_configs[0].api_url_file: cannot read secret file "
                        + "/nonexistent/slack_webhook (NoSuchFileException)"),
                e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void aWebhookUrlThatIsNotAUrlIsRefusedWithoutQuotingIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hook"), "s3cr3t-but-not-a-url");
        Path yaml = dir.resolve("n.yml");
        Files.writeString(
                yaml, "route: {receiver: s}\nreceivers: [{name: s, slack_configs: [{api_url_file: hook}]}]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> NotifierConfig.load(yaml, Map.of()));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertEquals(1, e.problems().size(), e.getMessage());
    }
}
