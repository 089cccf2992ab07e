package io.tocsin.notifier.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.channel.Notification;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailMessageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', quoteCharacter = '`', textBlock = """
            plain                       ~ plain
            <b>bold</b>                 ~ &lt;b&gt;bold&lt;/b&gt;
            a & b                       ~ a &amp; b
            "quoted" 'single'           ~ &quot;quoted&quot; &#39;single&#39;
            &amp;                       ~ &amp;amp;
            """)
    void htmlIsEscaped(String raw, String escaped) {
        assertEquals(escaped, EmailMessage.escape(raw));
    }

    @ParameterizedTest(name = "{0} acked={1}")
    @CsvSource(delimiter = '|', textBlock = """
            FIRING   | 1 | false | [FIRING] HighCpu (db-1)
            FIRING   | 3 | false | [FIRING:3] HighCpu (db-1)
            FIRING   | 1 | true  | [FIRING, ACKNOWLEDGED] HighCpu (db-1)
            RESOLVED | 2 | true  | [RESOLVED:2] HighCpu (db-1)
            """)
    void theSubjectSaysStateCountAndGroup(AlertState state, int count, boolean acked, String subject) {
        List<Alert> alerts = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> TestAlerts.alert(state, "HighCpu", "instance", "db-1", "n", "" + i))
                .toList();
        Notification n = new Notification(
                "n",
                "r",
                "g",
                Labels.of("alertname", "HighCpu", "instance", "db-1"),
                state,
                alerts,
                acked ? new Acknowledgement("bob", "", Instant.EPOCH) : null);
        assertEquals(subject, EmailMessage.subject(n));
    }

    @Test
    void aLineBreakInALabelCannotInjectAHeader() {
        Notification n = new Notification(
                "n",
                "r",
                "g",
                Labels.of("team", "a\r\nBcc: evil@example.org"),
                AlertState.FIRING,
                List.of(TestAlerts.firing("X")),
                null);
        assertFalse(EmailMessage.subject(n).contains("\n"));
        assertFalse(EmailMessage.subject(n).contains("\r"));
    }

    @Test
    void onlyWebLinksBecomeAnchors() {
        Alert js = new Alert(
                Labels.of("alertname", "X"),
                null,
                AlertState.FIRING,
                Double.NaN,
                Instant.EPOCH,
                null,
                "t",
                "1",
                "javascript:alert(1)");
        String html = EmailMessage.html(new Notification("n", "r", "g", AlertState.FIRING, List.of(js)));
        assertFalse(html.contains("href=\"javascript"), html);
        Alert web = new Alert(
                Labels.of("alertname", "X"),
                null,
                AlertState.FIRING,
                Double.NaN,
                Instant.EPOCH,
                null,
                "t",
                "1",
                "https://prom.example/graph?g0.expr=a&b=\"c\"");
        String html2 = EmailMessage.html(new Notification("n", "r", "g", AlertState.FIRING, List.of(web)));
        assertTrue(html2.contains("href=\"https://prom.example/graph?g0.expr=a&amp;b=&quot;c&quot;\""), html2);
    }

    @Test
    void anAcknowledgeLinkIsInBothPartsAndEscapedInTheHtml() {
        Notification n = new Notification("n", "r", "g", AlertState.FIRING, List.of(TestAlerts.firing("HighCpu")));
        String link = "https://tocsin.example.org/api/tocsin/v1/ack/abc.def?x=1&y=2";
        EmailMessage.Parts parts = EmailMessage.render(n, link);
        assertTrue(parts.text().contains("Acknowledge: " + link), parts.text());
        assertTrue(
                parts.html()
                        .contains("<a href=\"https://tocsin.example.org/api/tocsin/v1/ack/abc.def?x=1&amp;y=2\">"
                                + "Acknowledge</a>"),
                parts.html());
        assertFalse(EmailMessage.render(n, null).html().contains("Acknowledge</a>"));
    }
}
