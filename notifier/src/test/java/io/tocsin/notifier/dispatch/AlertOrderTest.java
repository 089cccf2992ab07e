package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alerts inside a notification come in Alertmanager's order: job, instance, then the label set. */
class AlertOrderTest {
    private static List<String> sorted(Alert... alerts) {
        List<Alert> out = new ArrayList<>(List.of(alerts));
        out.sort(AlertOrder.ALERTMANAGER);
        return out.stream().map(a -> a.labels().toString()).toList();
    }

    @Test
    void jobComesFirstThenInstance() {
        assertEquals(
                List.of(
                        "{alertname=\"A\", instance=\"b\", job=\"api\"}",
                        "{alertname=\"A\", instance=\"a\", job=\"db\"}",
                        "{alertname=\"A\", instance=\"c\", job=\"db\"}"),
                sorted(
                        TestAlerts.firing("A", "job", "db", "instance", "c"),
                        TestAlerts.firing("A", "job", "api", "instance", "b"),
                        TestAlerts.firing("A", "job", "db", "instance", "a")));
    }

    @Test
    void anAlertWithoutTheLabelComesAfterThoseWithIt() {
        assertEquals(
                List.of("{alertname=\"A\", instance=\"z\"}", "{alertname=\"A\", zone=\"a\"}"),
                sorted(TestAlerts.firing("A", "zone", "a"), TestAlerts.firing("A", "instance", "z")));
    }

    @Test
    void otherwiseFewerLabelsFirstThenLabelByLabelInNameOrder() {
        assertEquals(
                List.of("{alertname=\"B\"}", "{alertname=\"A\", x=\"2\"}", "{alertname=\"B\", x=\"1\"}"),
                sorted(TestAlerts.firing("B", "x", "1"), TestAlerts.firing("A", "x", "2"), TestAlerts.firing("B")));
    }
}
