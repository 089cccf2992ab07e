package io.tocsin.notifier.channel.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.channel.Notification;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackMessageTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '~', textBlock = """
            plain               ~ plain
            <!channel>          ~ &lt;!channel&gt;
            a & b               ~ a &amp; b
            <http://x|click>    ~ &lt;http://x|click&gt;
            &amp;               ~ &amp;amp;
            """)
    void mrkdwnControlCharactersAreEscaped(String raw, String escaped) {
        assertEquals(escaped, SlackMessage.escape(raw));
    }

    @ParameterizedTest(name = "{0} acked={1}")
    @CsvSource(delimiter = '|', textBlock = """
            FIRING   | false | :red_circle: [FIRING] HighCpu
            FIRING   | true  | :large_orange_circle: [FIRING, ACKNOWLEDGED] HighCpu
            RESOLVED | false | :large_green_circle: [RESOLVED] HighCpu
            RESOLVED | true  | :large_green_circle: [RESOLVED] HighCpu
            """)
    void theTitleSaysTheState(AlertState state, boolean acked, String title) {
        Acknowledgement ack = acked ? new Acknowledgement("bob", "", Instant.EPOCH) : null;
        Notification n = new Notification(
                "n", "r", "g", null, state, List.of(TestAlerts.alert(state, "HighCpu", "instance", "db-1")), ack);
        assertEquals(title, SlackMessage.title(n));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            <@U123>  | looks <bad> | :eyes: *Acknowledged* by &lt;@U123&gt;: looks &lt;bad&gt;
            alice    | ''          | :eyes: *Acknowledged* by alice
            """)
    void theAcknowledgementIsEscaped(String by, String comment, String shown) {
        assertEquals(shown, SlackMessage.acknowledgement(new Acknowledgement(by, comment, Instant.EPOCH)));
        assertTrue(SlackMessage.cap("&amp;".repeat(1000)).endsWith("&amp;…"), "never cuts an escape in half");
    }

    @org.junit.jupiter.api.Test
    void anAbsoluteRunbookIsALinkInTheAlertsText() {
        io.tocsin.core.wire.Alert a = new io.tocsin.core.wire.Alert(
                io.tocsin.core.wire.Labels.of("alertname", "A"),
                java.util.Map.of("runbook_url", "https://wiki.example.org/web#a|b"),
                AlertState.FIRING,
                Double.NaN,
                java.time.Instant.EPOCH,
                null,
                "t",
                "1",
                "");
        assertTrue(
                SlackMessage.alertText(a).contains("<https://wiki.example.org/web#a%7Cb|Runbook>"),
                SlackMessage.alertText(a));
    }
}
