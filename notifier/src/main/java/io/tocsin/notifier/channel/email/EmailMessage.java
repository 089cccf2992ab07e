package io.tocsin.notifier.channel.email;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.channel.AlertText;
import io.tocsin.notifier.channel.Notification;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The subject, plain-text and HTML parts of a notification e-mail. Everything from alerts is
 * escaped in the HTML part (labels and annotations are user data and may contain markup), and
 * the subject cannot carry a line break (header injection). Pure; table-tested.
 */
public final class EmailMessage {
    /** Alerts written out in full; a group of thousands would make an unreadable, unsendable mail. */
    public static final int MAX_ALERTS = 50;
    /** Longest annotation value shown. */
    public static final int MAX_VALUE = 2000;

    public static final int MAX_SUBJECT = 200;

    public record Parts(String subject, String text, String html) {}

    private EmailMessage() {}

    public static Parts render(Notification n) {
        return render(n, null);
    }

    /** @param ackUrl a link that acknowledges the group, or null for none */
    public static Parts render(Notification n, String ackUrl) {
        return new Parts(subject(n), text(n, ackUrl), html(n, ackUrl));
    }

    /** {@code [FIRING:2] HighCpu (db-1 page)}: Alertmanager's default subject shape. */
    static String subject(Notification n) {
        String count = n.alerts().size() > 1 ? ":" + n.alerts().size() : "";
        String acked = n.firing() && n.acknowledged() ? ", ACKNOWLEDGED" : "";
        String name =
                n.alerts().isEmpty() ? "" : " " + AlertText.name(n.alerts().get(0));
        String others = n.groupLabels().map().entrySet().stream()
                .filter(e -> !e.getKey().equals("alertname"))
                .map(e -> e.getValue())
                .reduce((a, b) -> a + " " + b)
                .map(s -> " (" + s + ")")
                .orElse("");
        String s = "[" + (n.firing() ? "FIRING" : "RESOLVED") + count + acked + "]" + name + others;
        return cut(s.replaceAll("[\\r\\n\\t]+", " "), MAX_SUBJECT);
    }

    static String text(Notification n) {
        return text(n, null);
    }

    static String text(Notification n, String ackUrl) {
        StringBuilder sb = new StringBuilder(subject(n)).append("\n\n");
        if (ackUrl != null) {
            sb.append("Acknowledge: ").append(ackUrl).append("\n\n");
        }
        if (n.firing() && n.acknowledged()) {
            sb.append("Acknowledged by ")
                    .append(n.ack().by())
                    .append(" at ")
                    .append(time(n))
                    .append(
                            n.ack().comment().isBlank()
                                    ? ""
                                    : ": " + n.ack().comment().strip())
                    .append("\n\n");
        }
        List<Alert> shown =
                n.alerts().subList(0, Math.min(MAX_ALERTS, n.alerts().size()));
        for (Alert a : shown) {
            sb.append("- ").append(AlertText.name(a));
            if (!AlertText.otherLabels(a).isEmpty()) {
                sb.append(' ').append(AlertText.otherLabels(a));
            }
            String value = AlertText.value(a);
            if (value != null) {
                sb.append(" value=").append(value);
            }
            sb.append('\n');
            for (String name : new String[] {"summary", "description"}) {
                String v = AlertText.annotation(a, name);
                if (v != null) {
                    sb.append("  ")
                            .append(name)
                            .append(": ")
                            .append(cut(v, MAX_VALUE))
                            .append('\n');
                }
            }
            if (AlertText.runbook(a) != null) {
                sb.append("  runbook: ").append(AlertText.runbook(a)).append('\n');
            }
            if (!a.generatorURL().isEmpty()) {
                sb.append("  source: ").append(a.generatorURL()).append('\n');
            }
        }
        if (n.alerts().size() > shown.size()) {
            sb.append("…and ").append(n.alerts().size() - shown.size()).append(" more alerts\n");
        }
        return sb.toString();
    }

    static String html(Notification n) {
        return html(n, null);
    }

    static String html(Notification n, String ackUrl) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><body>\n<h2 style=\"color:")
                .append(n.firing() ? "#b00020" : "#1b5e20")
                .append("\">")
                .append(escape(subject(n)))
                .append("</h2>\n");
        if (ackUrl != null && isWebUrl(ackUrl)) {
            sb.append("<p><a href=\"").append(escape(ackUrl)).append("\">Acknowledge</a></p>\n");
        }
        if (n.firing() && n.acknowledged()) {
            sb.append("<p><strong>Acknowledged</strong> by ")
                    .append(escape(n.ack().by()))
                    .append(" at ")
                    .append(escape(time(n)))
                    .append(
                            n.ack().comment().isBlank()
                                    ? ""
                                    : ": " + escape(n.ack().comment().strip()))
                    .append("</p>\n");
        }
        List<Alert> shown =
                n.alerts().subList(0, Math.min(MAX_ALERTS, n.alerts().size()));
        sb.append("<ul>\n");
        for (Alert a : shown) {
            sb.append("<li><strong>").append(escape(AlertText.name(a))).append("</strong>");
            if (!AlertText.otherLabels(a).isEmpty()) {
                sb.append(" <code>")
                        .append(escape(AlertText.otherLabels(a).toString()))
                        .append("</code>");
            }
            String value = AlertText.value(a);
            if (value != null) {
                sb.append(" value=").append(escape(value));
            }
            for (String name : new String[] {"summary", "description"}) {
                String v = AlertText.annotation(a, name);
                if (v != null) {
                    sb.append("<br>").append(name).append(": ").append(escape(cut(v, MAX_VALUE)));
                }
            }
            if (AlertText.runbook(a) != null) {
                sb.append("<br><a href=\"").append(escape(AlertText.runbook(a))).append("\">runbook</a>");
            }
            if (isWebUrl(a.generatorURL())) {
                sb.append("<br><a href=\"").append(escape(a.generatorURL())).append("\">source</a>");
            }
            sb.append("</li>\n");
        }
        sb.append("</ul>\n");
        if (n.alerts().size() > shown.size()) {
            sb.append("<p>…and ").append(n.alerts().size() - shown.size()).append(" more alerts</p>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    /** HTML text and attribute escaping: the five characters that can change markup. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Only http(s) links become anchors: a {@code javascript:} generator URL stays text. */
    static boolean isWebUrl(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static String time(Notification n) {
        return DateTimeFormatter.ISO_INSTANT.format(n.ack().at().truncatedTo(ChronoUnit.SECONDS));
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
