package io.tocsin.notifier.channel.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.Notification;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookPayloadTest {
    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
        "2026-12-05T09:08:30.490Z, 2026-12-05T09:08:30.49Z",
        "2026-12-05T09:08:30.096479694Z, 2026-12-05T09:08:30.096479694Z",
        "2026-12-05T09:08:30.100Z, 2026-12-05T09:08:30.1Z",
        "2026-12-05T09:08:30Z, 2026-12-05T09:08:30Z"
    })
    void timesAreWrittenAsAlertmanagerWritesThemWithoutTrailingZeros(String instant, String written) {
        assertEquals(written, WebhookPayload.time(java.time.Instant.parse(instant)));
    }

    @Test
    void theVersion4PayloadHasEveryFieldAlertmanagerSends() {
        var firing = TestAlerts.firing("HighCpu", "instance", "db-1", "severity", "page");
        var resolved = TestAlerts.resolved("HighCpu", "instance", "db-2", "severity", "page");
        JsonObject p = WebhookPayload.render(
                new Notification(
                        "n",
                        "team",
                        "{}:{alertname=\"HighCpu\"}",
                        Labels.of("alertname", "HighCpu"),
                        AlertState.FIRING,
                        List.of(firing, resolved),
                        null),
                0,
                "http://t:9093");
        JsonObject expected = new JsonObject("""
                {"version":"4","groupKey":"{}:{alertname=\\"HighCpu\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"team","groupLabels":{"alertname":"HighCpu"},
                 "commonLabels":{"alertname":"HighCpu","severity":"page"},"commonAnnotations":{},
                 "externalURL":"http://t:9093",
                 "alerts":[
                   {"status":"firing","labels":{"alertname":"HighCpu","instance":"db-1","severity":"page"},
                    "annotations":{"summary":"HighCpu on db-1"},"startsAt":"2026-01-10T10:00:00Z",
                    "endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"%s"},
                   {"status":"resolved","labels":{"alertname":"HighCpu","instance":"db-2","severity":"page"},
                    "annotations":{"summary":"HighCpu on db-2"},"startsAt":"2026-01-10T10:00:00Z",
                    "endsAt":"2026-01-10T10:10:00Z","generatorURL":"","fingerprint":"%s"}]}
                """.formatted(firing.fingerprint(), resolved.fingerprint()));
        assertEquals(expected, p);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            a=1 b=2 ; a=1 b=3   | a=1
            a=1 ; a=1           | a=1
            a=1 ; b=1           | ''
            a=1 b=2             | a=1 b=2
            """)
    void commonLabelsAreThoseEveryAlertHasWithTheSameValue(String maps, String common) {
        List<Map<String, String>> in =
                Arrays.stream(maps.split(";")).map(WebhookPayloadTest::map).toList();
        assertEquals(map(common), WebhookPayload.common(in));
    }

    @Test
    void maxAlertsKeepsTheFirstAndCountsTheRest() {
        var alerts = List.of(
                TestAlerts.firing("A", "i", "1"), TestAlerts.firing("A", "i", "2"), TestAlerts.firing("A", "i", "3"));
        JsonObject p = WebhookPayload.render(new Notification("n", "r", "g", AlertState.FIRING, alerts), 2, "");
        assertEquals(2, p.getJsonArray("alerts").size());
        assertEquals(1, p.getInteger("truncatedAlerts"));
    }

    private static Map<String, String> map(String pairs) {
        return Arrays.stream(pairs.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .map(s -> s.split("="))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
