package io.tocsin.notifier.template;

import java.util.AbstractList;
import java.util.List;

/** Alertmanager's {@code template.Alerts}: a list with {@code .Firing} and {@code .Resolved}. */
public final class AlertList extends AbstractList<TemplateAlert> implements GoObject {
    private final List<TemplateAlert> alerts;

    public AlertList(List<TemplateAlert> alerts) {
        this.alerts = List.copyOf(alerts);
    }

    @Override
    public TemplateAlert get(int i) {
        return alerts.get(i);
    }

    @Override
    public int size() {
        return alerts.size();
    }

    public AlertList withStatus(String status) {
        return new AlertList(
                alerts.stream().filter(a -> a.status().equals(status)).toList());
    }

    @Override
    public Object field(String name, List<Object> args) {
        return switch (name) {
            case "Firing" -> withStatus("firing");
            case "Resolved" -> withStatus("resolved");
            default -> NO_SUCH_FIELD;
        };
    }

    @Override
    public String typeName() {
        return "template.Alerts";
    }
}
