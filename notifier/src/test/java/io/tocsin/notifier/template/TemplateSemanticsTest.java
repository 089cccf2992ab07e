package io.tocsin.notifier.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go text/template semantics, one behaviour per row, on the fixture group (2 firing, 1 resolved). */
class TemplateSemanticsTest {
    private static final TemplateData GROUP = Fixtures.data("group.json");

    private static String render(String text) {
        return Templates.defaults().render(text, GROUP, Escape.NONE);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiterString = " ==> ",
            quoteCharacter = '~',
            value = {
                "{{ .Status }} ==> firing",
                "{{ .Alerts | len }} {{ len .Alerts.Firing }} {{ .Alerts.Resolved | len }} ==> 3 2 1",
                "{{ range .Alerts }}{{ .Labels.instance }},{{ end }} ==> web-1:9090,web-2:9090,web-3:9090,",
                "{{ range $i, $a := .Alerts.Firing }}{{ $i }}={{ $a.Status }} {{ end }} ==> ~0=firing 1=firing ~",
                "{{ range .Alerts.Resolved }}{{ .EndsAt }}{{ end }} ==> 2024-03-01 09:30:00 +0000 UTC",
                "{{ (index .Alerts 0).StartsAt }} ==> 2024-03-01 10:00:00.123 +0000 UTC",
                "{{ range .CommonAnnotations }}x{{ else }}none{{ end }} ==> none",
                "{{ with .CommonAnnotations.summary }}{{ . }}{{ else }}no summary{{ end }} ==> no summary",
                "{{ if eq .Status \"resolved\" }}R{{ else if gt (len .Alerts.Firing) 1 }}many{{ else }}one{{ end }} ==> many",
                "{{ $n := len .Alerts }}{{ if ge $n 3 }}{{ $n }} alerts{{ end }} ==> 3 alerts",
                "{{ $x := 1 }}{{ range .Alerts }}{{ $x = 2 }}{{ end }}{{ $x }} ==> 2",
                "{{ .GroupLabels.SortedPairs.Values | join \", \" }} ==> HighErrorRate",
                "{{ .CommonLabels.Names | join \"+\" }} ==> alertname+cluster+severity",
                "{{ (.CommonLabels.Remove .GroupLabels.Names).Values | join \" \" }} ==> eu-1 critical",
                "{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }};{{ end }} ==> alertname=HighErrorRate;cluster=eu-1;severity=critical;",
                "{{ range $k, $v := .CommonLabels }}{{ $k }}:{{ $v }} {{ end }} ==> ~alertname:HighErrorRate cluster:eu-1 severity:critical ~",
                "{{ .CommonLabels.missing }} ==> ~~",
                "{{ \"Disk FULL\" | toLower | title }} ==> Disk Full",
                "{{ toUpper .Status }} ==> FIRING",
                "{{ reReplaceAll `(.*):(\\d+)` \"$1 port $2\" (index .Alerts 0).Labels.instance }} ==> web-1 port 9090",
                "{{ if match `^web-\\d` (index .Alerts 1).Labels.instance }}yes{{ end }} ==> yes",
                "{{ printf \"%s has %d alerts (%.1f%%) %q\" .Receiver (len .Alerts) 66.666 .Status }} ==> team-x & <ops> has 3 alerts (66.7%) \"firing\"",
                "{{ stringSlice \"a\" \"b\" | join \"-\" }} ==> a-b",
                "{{ and .Alerts .Status }} {{ or .CommonAnnotations \"fallback\" }} {{ not .Alerts }} ==> firing fallback false",
                "{{ trimSpace \"  x  \" }} ==> x",
                "{{ .Receiver | urlquery }} ==> team-x+%26+%3Cops%3E",
                "{{ html .Receiver }} ==> team-x &amp; &lt;ops&gt;",
                "{{- /* a comment */ -}}   {{ .Status -}}   ! ==> firing!",
                "a  {{- \" b \" -}}  c ==> a b c",
                "{{ define \"local\" }}[{{ . }}]{{ end }}{{ template \"local\" .Status }} ==> [firing]",
                "{{ range .Alerts }}{{ if eq .Status \"resolved\" }}{{ break }}{{ end }}{{ .Status }} {{ end }} ==> ~firing firing ~",
                "{{ print 1 2 \"x\" 3 }} {{ print 1.5 }} ==> 1 2x3 1.5",
                "{{ eq 3 (len .Alerts) 4 }} {{ lt \"a\" \"b\" }} {{ ne .Status \"firing\" }} ==> true true false",
                "{{ index .CommonLabels \"cluster\" }} ==> eu-1",
            })
    void evaluatesAsGoDoes(String template, String expected) {
        assertEquals(expected == null ? "" : expected, render(template));
    }

    @Test
    void htmlEscapesPrintedValuesButNotTheTemplatesOwnMarkupAndNotSafeHtml() {
        String out =
                Templates.defaults().render("<b>{{ .Receiver }}</b>{{ \"<i>ok</i>\" | safeHtml }}", GROUP, Escape.HTML);
        assertEquals("<b>team-x &amp; &lt;ops&gt;</b><i>ok</i>", out);
    }

    @Test
    void slackEscapingKeepsALabelFromMentioningTheChannel() {
        String out = Templates.defaults()
                .render("<{{ .ExternalURL }}|{{ .Status }}> {{ \"<!channel> & co\" }}", GROUP, Escape.SLACK);
        assertEquals("<http://alertmanager.example:9093|firing> &lt;!channel&gt; &amp; co", out);
    }

    @Test
    void userTemplatesReplaceDefaultsOfTheSameName() {
        Templates t = Templates.defaults()
                .with("mine.tmpl", "{{ define \"slack.default.title\" }}mine {{ .Status }}{{ end }}");
        assertEquals("mine firing", t.render("{{ template \"slack.default.title\" . }}", GROUP, Escape.NONE));
        assertEquals("Alertmanager", t.render("{{ template \"slack.default.username\" . }}", GROUP, Escape.NONE));
    }

    @ParameterizedTest(name = "{0} fails: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ .Nope }}|can't evaluate field Nope in type *template.Data",
                "{{ template \"nope\" . }}|no such template \"nope\"",
                "{{ nope . }}|function \"nope\" not defined",
                "{{ $y }}|undefined variable: $y",
                "{{ lt .Alerts 1 }}|incompatible types for comparison",
            })
    void anExecutionErrorSaysWhatAndWhere(String template, String reason) {
        TemplateException e = assertThrows(TemplateException.class, () -> render(template));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("template: text:1: "), e.getMessage());
    }

    @ParameterizedTest(name = "{0} does not parse: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{ if .Status }}x|if without {{end}}",
                "{{ end }}|unexpected {{end}}",
                "{{ .Status|unclosed action",
                "{{ \"x }}|unclosed action",
                "{{ define \"a\" }}x|define without {{end}}",
                "line1\\n{{ (len .Alerts }}|t.tmpl:2: unclosed left paren",
            })
    void aSyntaxErrorNamesTheSourceAndLine(String template, String reason) {
        TemplateException e = assertThrows(
                TemplateException.class, () -> Templates.defaults().with("t.tmpl", template.replace("\\n", "\n")));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("t.tmpl:"), e.getMessage());
    }
}
