package io.tocsin.notifier.channel;

import io.tocsin.core.wire.Alert;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule files say where their runbook is relative to where the rules are kept
 * ({@code rules-examples/web/README.md#webhigherrorrate}); a link in Slack, PagerDuty or a mail
 * must be absolute to be followed. This resolves a relative {@code runbook_url} annotation against
 * the configured base, and leaves an absolute one, and every other annotation, as written.
 */
public final class RunbookLinks {
    public static final String ANNOTATION = "runbook_url";

    private RunbookLinks() {}

    /** The runbook URL as people follow it: {@code link} resolved against {@code base} (empty: as written). */
    public static String absolute(String link, String base) {
        if (base.isEmpty() || link.isBlank() || isAbsolute(link)) {
            return link;
        }
        String root = base.endsWith("/") ? base : base + "/";
        String relative = link.strip();
        while (relative.startsWith("/") || relative.startsWith("./")) {
            relative = relative.substring(relative.startsWith("/") ? 1 : 2);
        }
        try {
            return URI.create(root)
                    .resolve(new URI(null, null, path(relative), fragment(relative)))
                    .toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return root + relative; // not a URI we can take apart: the plain join still helps a reader
        }
    }

    public static Notification absolute(Notification n, String base) {
        if (base.isEmpty()) {
            return n;
        }
        List<Alert> alerts = new ArrayList<>(n.alerts().size());
        boolean changed = false;
        for (Alert a : n.alerts()) {
            String link = a.annotations().get(ANNOTATION);
            String resolved = link == null ? null : absolute(link, base);
            if (resolved == null || resolved.equals(link)) {
                alerts.add(a);
                continue;
            }
            Map<String, String> annotations = new LinkedHashMap<>(a.annotations());
            annotations.put(ANNOTATION, resolved);
            alerts.add(new Alert(
                    a.labels(),
                    annotations,
                    a.state(),
                    a.value(),
                    a.startsAt(),
                    a.endsAt(),
                    a.source(),
                    a.ruleVersion(),
                    a.generatorURL()));
            changed = true;
        }
        return changed
                ? new Notification(n.id(), n.receiver(), n.groupKey(), n.groupLabels(), n.status(), alerts, n.ack())
                : n;
    }

    private static boolean isAbsolute(String link) {
        return link.matches("(?i)^[a-z][a-z0-9+.-]*:.*");
    }

    private static String path(String relative) {
        int hash = relative.indexOf('#');
        return hash < 0 ? relative : relative.substring(0, hash);
    }

    private static String fragment(String relative) {
        int hash = relative.indexOf('#');
        return hash < 0 ? null : relative.substring(hash + 1);
    }
}
