package io.tocsin.console.view;

import java.util.List;

/**
 * The Alerts page: the notifier's groups of firing alerts, then the alerts still pending in the
 * rules service, and what could not be read.
 */
public record Board(List<GroupCard> groups, List<AlertRow> pending, String filter, List<String> problems, String at) {
    public Board {
        groups = List.copyOf(groups);
        pending = List.copyOf(pending);
        problems = List.copyOf(problems);
    }

    public int firingCount() {
        return (int) groups.stream()
                .flatMap(g -> g.alerts().stream())
                .map(AlertRow::fingerprint)
                .distinct()
                .count();
    }

    public String fragmentLink() {
        return "/fragments/alerts" + (filter.isEmpty() ? "" : "?filter=" + AlertRow.enc(filter));
    }
}
