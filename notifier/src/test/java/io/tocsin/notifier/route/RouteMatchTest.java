package io.tocsin.notifier.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.config.NotifierConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The routing tree as Alertmanager's route_test.go does it: one inline config, a table of cases. */
class RouteMatchTest {
    private static final String CONFIG = """
            route:
              receiver: default
              group_by: [alertname]
              routes:
                - matchers: ['owner="team-A"']
                  receiver: team-A
                  group_by: [alertname, env]
                  routes:
                    - matchers: ['env="prod"']
                      receiver: team-A-pager
                - matchers: ['owner=~"team-(B|C)"']
                  receiver: team-BC
                  continue: true
                - matchers: ['severity="critical"', 'owner!="team-A"']
                  receiver: pager
                  group_by: ['...']
                  repeat_interval: 1h
                - match: {service: db}
                  match_re: {instance: 'db-\\d+'}
                  receiver: dba
            receivers:
              - name: default
              - name: team-A
              - name: team-A-pager
              - name: team-BC
              - name: pager
              - name: dba
            """;
    private static final Route ROOT =
            NotifierConfig.parse(CONFIG, "route_test.yml", Map.of()).root();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "an alert no route matches goes to the root receiver",
                        Labels.of("alertname", "X"),
                        List.of("default {}:{alertname=\"X\"}")),
                Arguments.of(
                        "a child's own group_by replaces the parent's",
                        Labels.of("alertname", "X", "owner", "team-A", "env", "dev"),
                        List.of("team-A {}/{owner=\"team-A\"}:{alertname=\"X\", env=\"dev\"}")),
                Arguments.of(
                        "the deepest matching route wins and inherits group_by",
                        Labels.of("alertname", "X", "owner", "team-A", "env", "prod"),
                        List.of("team-A-pager {}/{owner=\"team-A\"}/{env=\"prod\"}:{alertname=\"X\", env=\"prod\"}")),
                Arguments.of(
                        "a match without continue stops at the first matching sibling",
                        Labels.of("alertname", "X", "owner", "team-A", "severity", "critical"),
                        List.of("team-A {}/{owner=\"team-A\"}:{alertname=\"X\"}")),
                Arguments.of(
                        "continue lets the next sibling match too",
                        Labels.of("alertname", "X", "owner", "team-B", "severity", "critical"),
                        List.of(
                                "team-BC {}/{owner=~\"team-(B|C)\"}:{alertname=\"X\"}",
                                "pager {}/{owner!=\"team-A\",severity=\"critical\"}:"
                                        + "{alertname=\"X\", owner=\"team-B\", severity=\"critical\"}")),
                Arguments.of(
                        "regular expressions are anchored at both ends",
                        Labels.of("alertname", "X", "owner", "team-BB"),
                        List.of("default {}:{alertname=\"X\"}")),
                Arguments.of(
                        "a missing label matches != as the empty string",
                        Labels.of("alertname", "X", "severity", "critical"),
                        List.of(
                                "pager {}/{owner!=\"team-A\",severity=\"critical\"}:{alertname=\"X\", severity=\"critical\"}")),
                Arguments.of(
                        "match and match_re are matchers too",
                        Labels.of("alertname", "X", "service", "db", "instance", "db-12"),
                        List.of("dba {}/{instance=~\"db-\\\\d+\",service=\"db\"}:{alertname=\"X\"}")),
                Arguments.of(
                        "a group_by label the alert lacks is left out of the group",
                        Labels.of("alertname", "X", "owner", "team-A"),
                        List.of("team-A {}/{owner=\"team-A\"}:{alertname=\"X\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void routesAlertsToReceiversAndGroups(String name, Labels labels, List<String> expected) {
        List<String> actual = ROOT.match(labels).stream()
                .map(m -> m.receiver() + " " + m.groupKey())
                .toList();
        assertEquals(expected, actual);
    }

    @Test
    void childRoutesInheritTimingUnlessTheyOverrideIt() {
        RouteMatch pager =
                ROOT.match(Labels.of("alertname", "X", "severity", "critical")).get(0);
        RouteMatch teamA =
                ROOT.match(Labels.of("alertname", "X", "owner", "team-A")).get(0);
        assertEquals(Duration.ofHours(1), pager.timing().repeatInterval());
        assertEquals(RouteTiming.DEFAULTS, teamA.timing());
    }

    @Test
    void theTreeKnowsEveryReceiverItRoutesTo() {
        assertEquals(List.of("dba", "default", "pager", "team-A", "team-A-pager", "team-BC"), ROOT.receivers());
    }
}
