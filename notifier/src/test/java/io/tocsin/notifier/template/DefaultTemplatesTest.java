package io.tocsin.notifier.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Alertmanager's default templates, executed on one alert group (two firing, one resolved, values
 * with HTML and URL metacharacters), give byte for byte what amtool 0.25 renders from the same
 * data: {@code amtool template render --template.glob='/usr/share/prometheus/alertmanager/*.tmpl'
 * --template.data=group.json --template.text='{{ template "NAME" . }}'} (the .golden files).
 */
class DefaultTemplatesTest {
    private static final TemplateData GROUP = Fixtures.data("group.json");

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "slack.default.title, NONE",
        "slack.default.text, NONE",
        "slack.default.fallback, NONE",
        "slack.default.titlelink, NONE",
        "slack.default.username, NONE",
        "pagerduty.default.description, NONE",
        "pagerduty.default.client, NONE",
        "pagerduty.default.clientURL, NONE",
        "email.default.subject, NONE",
        "opsgenie.default.description, NONE",
        "email.default.html, HTML",
    })
    void rendersAsAlertmanagerDoes(String name, Escape escape) {
        assertEquals(
                Fixtures.resource(name + ".golden"),
                Templates.defaults().render("{{ template \"" + name + "\" . }}", GROUP, escape));
    }

    @ParameterizedTest(name = "{0} on .Alerts")
    @CsvSource("pagerduty.default.instances")
    void rendersAnAlertListAsAlertmanagerDoes(String name) {
        assertEquals(
                Fixtures.resource(name + ".golden"),
                Templates.defaults().render("{{ template \"" + name + "\" .Alerts }}", GROUP, Escape.NONE));
    }
}
