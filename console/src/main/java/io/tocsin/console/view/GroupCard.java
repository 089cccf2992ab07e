package io.tocsin.console.view;

import java.util.List;
import java.util.Map;

/** One aggregation group of the notifier (receiver and group labels) with its alerts. */
public record GroupCard(String receiver, Map<String, String> groupLabels, List<AlertRow> alerts) {
    public GroupCard {
        groupLabels = Map.copyOf(groupLabels);
        alerts = List.copyOf(alerts);
    }

    public String title() {
        return groupLabels.isEmpty() ? "(all)" : LabelText.selector(groupLabels);
    }
}
