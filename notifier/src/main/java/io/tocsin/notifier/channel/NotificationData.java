package io.tocsin.notifier.channel;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.template.AlertList;
import io.tocsin.notifier.template.KV;
import io.tocsin.notifier.template.TemplateAlert;
import io.tocsin.notifier.template.TemplateData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A notification as Alertmanager's templates see it (template.Data): common labels and
 * annotations are the pairs every alert shares, an alert with no end has Go's zero time.
 */
public final class NotificationData {
    private NotificationData() {}

    public static TemplateData of(Notification n, String externalUrl) {
        List<TemplateAlert> alerts = new ArrayList<>();
        for (Alert a : n.alerts()) {
            String status = a.state() == AlertState.RESOLVED ? "resolved" : "firing";
            Instant ends =
                    a.state() == AlertState.RESOLVED && a.endsAt() != null ? a.endsAt() : TemplateAlert.ZERO_TIME;
            alerts.add(new TemplateAlert(
                    status,
                    new KV(a.labels().map()),
                    new KV(a.annotations()),
                    a.startsAt() == null ? TemplateAlert.ZERO_TIME : a.startsAt(),
                    ends,
                    a.generatorURL(),
                    a.fingerprint()));
        }
        return new TemplateData(
                n.receiver(),
                n.firing() ? "firing" : "resolved",
                new AlertList(alerts),
                new KV(n.groupLabels().map()),
                common(n.alerts().stream()
                        .<Map<String, String>>map(a -> a.labels().map())
                        .toList()),
                common(n.alerts().stream().map(Alert::annotations).toList()),
                externalUrl == null ? "" : externalUrl);
    }

    private static KV common(List<Map<String, String>> sets) {
        if (sets.isEmpty()) {
            return new KV(Map.of());
        }
        Map<String, String> shared = new HashMap<>(sets.get(0));
        for (Map<String, String> s : sets.subList(1, sets.size())) {
            shared.entrySet().removeIf(e -> !Objects.equals(s.get(e.getKey()), e.getValue()));
        }
        return new KV(shared);
    }
}
